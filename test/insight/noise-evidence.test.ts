import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { SKETCH_SIZE, sketchAdd, sketchCount, sketchFromText, sketchText, sketchUnion, valueHash } from '../../src/insight/distinct-sketch.js';
import { NoiseCollector } from '../../src/insight/noise-collector.js';
import { mergeNoiseEvidence, suggestFromEvidence } from '../../src/insight/noise-evidence.js';
import type { NoiseEvidenceJson } from '../../src/insight/noise-evidence.js';
import { MAX_NOISE_PATHS, MAX_NOISE_ROUTES } from '../../src/insight/noise-state.js';
import { MAX_ORIGINALS_BYTES, MAX_REQUEST_KEYS, MAX_SEEN_KEYS } from '../../src/insight/production-originals.js';
import { noiseExchange, uuidOf } from '../helpers/noise-exchanges.js';

const HOUR = 3_600_000;
const ROUTES = [
  { name: 'api', path: '/api/**', comparator: 'json' as const, ignore: [] },
  { name: 'catalog', method: 'GET', path: '/catalog', comparator: 'json' as const, ignore: ['meta'] },
];

/**
 * A stream with every kind of evidence and a real regression. Even exchanges go to `api`, each to
 * its own target (an id, an instant, a score, a price changed in 30%); odd ones to `catalog`,
 * whose identical requests (their target named by `repeat`) get originals that differ in `served_by`.
 */
function mixedStream(count: number, repeat: (i: number) => string): ExchangeResult[] {
  return Array.from({ length: count }, (_, i) => {
    const at = 1_700_000_000_000 + i * 1000;
    if (i % 2 === 1) {
      return noiseExchange({ route: 'catalog', path: repeat(i), origin: { items: [1, 2], served_by: `node-${i}` }, replay: { items: [1, 2], served_by: `staging-${i}` } });
    }
    const price = 10 + i * 0.37;
    return noiseExchange({
      route: 'api',
      path: `/api/item/${i}`,
      requestAtMs: at,
      replayAtMs: at + HOUR,
      origin: { id: uuidOf(i), at: new Date(at + 1).toISOString(), score: (i * 7919) % 1009, price },
      replay: { id: uuidOf(10_000 + i), at: new Date(at + HOUR + 2).toISOString(), score: (i * 7717) % 1013, price: i % 20 < 6 ? price + 1 : price },
    });
  });
}

function collect(exchanges: readonly ExchangeResult[]): NoiseCollector {
  const collector = new NoiseCollector(ROUTES);
  for (const exchange of exchanges) collector.observe(exchange);
  return collector;
}

test('evidence merged from a stream split in two gives the suggestions of the whole stream seen at once', () => {
  // Identical requests recur within each half: the first 40 exchanges share one target, the last 40 another.
  const stream = mixedStream(80, (i) => (i < 40 ? '/catalog?page=1' : '/catalog?page=2'));
  const whole = collect(stream).suggestions();
  const merged = suggestFromEvidence(mergeNoiseEvidence(collect(stream.slice(0, 40)).evidence(), collect(stream.slice(40)).evidence()));
  assert.deepEqual(merged, whole);
  assert.deepEqual(
    whole.items.map((s) => `${s.route} ${s.path} ${s.evidence}`),
    ['api at clock', 'api id shape', 'api score cardinality', 'catalog served_by production_noise'],
  );
  assert.deepEqual(whole.config, {
    routes: [
      { name: 'api', path: '/api/**', comparator: 'json', ignore: ['at', 'id', 'score'] },
      { name: 'catalog', method: 'GET', path: '/catalog', comparator: 'json', ignore: ['meta', 'served_by'] },
    ],
  });
});

test('merging adds every counter: three parts merged in any grouping equal the whole evidence', () => {
  const stream = mixedStream(90, (i) => `/catalog?page=${Math.floor(i / 30)}`);
  const [a, b, c] = [0, 30, 60].map((start) => collect(stream.slice(start, start + 30)).evidence());
  const whole = collect(stream).evidence();
  assert.deepEqual(mergeNoiseEvidence(mergeNoiseEvidence(a, b), c), whole);
  assert.deepEqual(mergeNoiseEvidence(a, mergeNoiseEvidence(b, c)), whole);
});

test('identical requests split across parts pair up within each part only: fewer pairs, the same suggestion', () => {
  const stream = mixedStream(40, () => '/catalog?page=1');
  const whole = collect(stream).evidence() as NoiseEvidenceJson;
  const merged = mergeNoiseEvidence(collect(stream.slice(0, 20)).evidence(), collect(stream.slice(20)).evidence());
  // 20 identical requests: the second original is kept, the 18 after it are compared with it; 8 in each half of 10.
  assert.equal(whole.routes['catalog']!.productionPairs, 18);
  assert.equal(merged.routes['catalog']!.productionPairs, 16);
  assert.deepEqual(
    suggestFromEvidence(merged).items.map((s) => `${s.path} ${s.evidence}`),
    suggestFromEvidence(whole).items.map((s) => `${s.path} ${s.evidence}`),
  );
});

test('absent evidence merges as none, the JSON round trip keeps the suggestions, and evidence of another shape is refused in one line', () => {
  const evidence = collect(mixedStream(30, (i) => `/p/${i % 3}`)).evidence();
  assert.deepEqual(mergeNoiseEvidence(evidence, null), evidence);
  assert.deepEqual(mergeNoiseEvidence(undefined, evidence), evidence);
  const copy: unknown = JSON.parse(JSON.stringify(evidence));
  assert.deepEqual(suggestFromEvidence(copy), collect(mixedStream(30, (i) => `/p/${i % 3}`)).suggestions());
  assert.deepEqual(suggestFromEvidence(null).items, []);
  assert.throws(() => mergeNoiseEvidence({ version: 2, routes: {} }, null), /^Error: noise evidence: not version 1 evidence/);
  const broken = JSON.parse(JSON.stringify(evidence)) as { routes: { api: { judged: unknown } } };
  broken.routes.api.judged = -1;
  assert.throws(() => suggestFromEvidence(broken), /noise evidence: api.judged must be a count/);
});

test('a route or path named __proto__ is an ordinary key of the evidence', () => {
  const collector = new NoiseCollector();
  for (let i = 0; i < 10; i += 1)
    collector.observe(noiseExchange({ route: '__proto__', origin: JSON.parse(`{"__proto__":"${uuidOf(i)}"}`), replay: JSON.parse(`{"__proto__":"${uuidOf(i + 99)}"}`) }));
  const evidence = JSON.parse(JSON.stringify(collector.evidence())) as unknown;
  assert.deepEqual(
    suggestFromEvidence(evidence).items.map((s) => `${s.route} ${s.path}`),
    ['__proto__ __proto__'],
  );
});

test('bounded memory: routes, paths per route, requests and bytes of first originals all stop at their caps', () => {
  const collector = new NoiseCollector();
  for (let r = 0; r < MAX_NOISE_ROUTES + 50; r += 1) collector.observe(noiseExchange({ route: `r${r}`, origin: { a: 1 }, replay: { a: 2 } }));
  const wide: Record<string, number> = {};
  const changed: Record<string, number> = {};
  for (let p = 0; p < MAX_NOISE_PATHS * 3; p += 1) {
    wide[`k${p}`] = p;
    changed[`k${p}`] = p + 1;
  }
  for (let i = 0; i < 40; i += 1) collector.observe(noiseExchange({ route: 'r0', maxDiffs: 1000, origin: { ...wide, v: i }, replay: { ...changed, v: i + 0.5 } }));
  // Each request twice: its second original is kept.
  for (let i = 0; i < MAX_REQUEST_KEYS * 2; i += 1) {
    for (const _ of [1, 2]) collector.observe(noiseExchange({ route: 'r1', path: `/k/${i}`, origin: { i }, replay: { i } }));
  }
  const big = 'x'.repeat(60 * 1024);
  for (let i = 0; i < (MAX_ORIGINALS_BYTES / (60 * 1024)) * 2; i += 1) {
    for (const _ of [1, 2]) collector.observe(noiseExchange({ route: 'r1', path: `/big/${i}`, origin: { big, i }, replay: { big, i } }));
  }
  for (let i = 0; i < MAX_SEEN_KEYS + 10; i += 1) collector.observe(noiseExchange({ route: 'r1', path: `/once/${i}`, origin: 1, replay: 1 }));
  const evidence = collector.evidence();
  assert.equal(Object.keys(evidence.routes).length, MAX_NOISE_ROUTES);
  assert.equal(evidence.overflow, 50);
  const r0 = evidence.routes['r0']!;
  assert.equal(Object.keys(r0.paths).length, MAX_NOISE_PATHS);
  assert.ok(r0.overflow > 0);
  for (const path of Object.values(r0.paths)) assert.ok(path.distinct.length <= SKETCH_SIZE * 8);
  assert.ok(collector.originalsHeld.keys <= MAX_REQUEST_KEYS);
  assert.ok(collector.originalsHeld.bytes <= MAX_ORIGINALS_BYTES);
  assert.ok(collector.originalsHeld.keys > 0);
  assert.equal(collector.originalsHeld.seen, MAX_SEEN_KEYS);
  // Merged evidence keeps the caps: routes and paths of the second part beyond them are counted as overflow.
  const other = new NoiseCollector();
  for (let r = 0; r < MAX_NOISE_ROUTES - 1; r += 1) other.observe(noiseExchange({ route: `q${r}`, origin: { a: 1 }, replay: { a: 2 } }));
  other.observe(noiseExchange({ route: 'r0', origin: { fresh: 1 }, replay: { fresh: 2 } }));
  const merged = mergeNoiseEvidence(evidence, other.evidence());
  assert.equal(Object.keys(merged.routes).length, MAX_NOISE_ROUTES);
  assert.equal(merged.overflow, 50 + MAX_NOISE_ROUTES - 1);
  assert.equal(merged.routes['r0']!.paths['fresh'], undefined);
  assert.equal(merged.routes['r0']!.overflow, r0.overflow + 1);
});

test('the distinct-value sketch is exact below its size, close beyond, and the union of two sketches is the sketch of both streams', () => {
  const of = (from: number, to: number): number[] => {
    const sketch: number[] = [];
    for (let i = from; i < to; i += 1) sketchAdd(sketch, valueHash(`v${i}`)!);
    return sketch;
  };
  assert.equal(sketchCount(of(0, 50)), 50);
  assert.equal(sketchCount(sketchUnion(of(0, 30), of(20, 50))), 50);
  const estimate = sketchCount(of(0, 20_000));
  assert.ok(estimate > 14_000 && estimate < 26_000, String(estimate));
  assert.deepEqual(sketchUnion(of(0, 9000), of(6000, 20_000)), of(0, 20_000));
  assert.deepEqual(sketchFromText(sketchText(of(0, 100))), of(0, 100));
  assert.notEqual(valueHash(1), valueHash('1'));
  assert.equal(valueHash({}), null);
  assert.throws(() => sketchFromText('xyz'), /8 hex digits/);
});

test('value hashes are FNV-1a of a type tag and the value as text, so sketches saved by any build merge with this one', () => {
  const fnv = (text: string): number => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    return hash >>> 0;
  };
  assert.equal(valueHash('a'), fnv('sa'));
  assert.equal(valueHash(null), fnv('z'));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean()), (value) => {
      const tag = typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : 'b';
      assert.equal(valueHash(value), fnv(`${tag}${value}`));
    }),
  );
});
