import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { NoiseCollector } from '../../src/insight/noise-collector.js';
import type { Suggestion } from '../../src/insight/report-format.js';
import { noiseExchange, uuidOf } from '../helpers/noise-exchanges.js';
import type { NoiseExchange } from '../helpers/noise-exchanges.js';

const HOUR = 3_600_000;

function suggest(exchanges: readonly ExchangeResult[]): Suggestion[] {
  const collector = new NoiseCollector();
  for (const exchange of exchanges) collector.observe(exchange);
  return [...collector.suggestions().items];
}

const times = (n: number, make: (i: number) => NoiseExchange): ExchangeResult[] => Array.from({ length: n }, (_, i) => noiseExchange(make(i)));
const pathsOf = (items: readonly Suggestion[]): string[] => items.map((s) => `${s.path} ${s.evidence}`);

test('shape: a uuid that differs in every exchange is suggested; one that differs in a third of them, or becomes something else, is not', () => {
  // 15 exchanges: below the 20 observations cardinality needs, so shape alone decides.
  const items = suggest(
    times(15, (i) => ({
      origin: { request_id: uuidOf(i), rare_id: uuidOf(100 + i), gone: uuidOf(200 + i), n: 1 },
      replay: { request_id: uuidOf(1000 + i), rare_id: i % 3 === 0 ? uuidOf(1100 + i) : uuidOf(100 + i), gone: 'n/a', n: 1 },
    })),
  );
  assert.deepEqual(pathsOf(items), ['request_id shape']);
  assert.equal(items[0]!.rate, 1);
  assert.equal(items[0]!.confidence, 0.75, '15 consistent changes: 15 / (15 + 5)');
  assert.match(items[0]!.detail, /uuid on both sides in 15 of 15 changes; differs in 100% of 15 judged exchanges/);
});

test('shape: hex digests, ULIDs and JWTs are volatile shapes; an IP address is not', () => {
  const jwt = (n: number): string => `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(`{"n":${n}}`).toString('base64url')}.sig${n}`;
  const ulid = (n: number): string => `01ARZ3NDEKTSV4RRFFQ69G${n.toString().padStart(4, '0')}`;
  const items = suggest(
    times(10, (i) => ({
      origin: { etag: 'a'.repeat(32 - String(i).length) + i, token: jwt(i), ulid: ulid(i), ip: `10.0.0.${i}` },
      replay: { etag: 'b'.repeat(32 - String(i).length) + i, token: jwt(i + 50), ulid: ulid(i + 50), ip: `10.0.1.${i}` },
    })),
  );
  assert.deepEqual(pathsOf(items), ['etag shape', 'token shape', 'ulid shape']);
});

test('clock: an instant that moves by the time between the original request and the replay is suggested; one that moves by more is not', () => {
  const items = suggest(
    times(10, (i) => {
      const at = 1_700_000_000_000 + i * 60_000;
      return {
        requestAtMs: at,
        replayAtMs: at + HOUR,
        origin: { generated_at: new Date(at + 2).toISOString(), seconds: Math.floor((at + 2) / 1000), expires_at: new Date(at + HOUR).toISOString() },
        replay: { generated_at: new Date(at + HOUR + 4).toISOString(), seconds: Math.floor((at + HOUR + 3) / 1000), expires_at: new Date(at + 3 * HOUR).toISOString() },
      };
    }),
  );
  assert.deepEqual(pathsOf(items), ['generated_at clock', 'seconds clock']);
  assert.match(items[0]!.detail, /followed the time from the original request to the replay in 10 of 10 changes/);
});

test('clock: a timestamp that changed without the replay being later is no noise, and neither shape nor clock suggests it', () => {
  const items = suggest(
    times(10, (i) => ({ origin: { at: new Date(1_700_000_000_000 + i).toISOString() }, replay: { at: new Date(1_700_000_000_000 + i + HOUR).toISOString() } })),
  );
  assert.deepEqual(items, []);
});

test('production noise: a field production itself answers differently to identical requests is suggested', () => {
  const items = suggest(times(20, (i) => ({ path: '/catalog?page=1', origin: { items: [1, 2], served_by: `node-${i}` }, replay: { items: [1, 2], served_by: `staging-${i}` } })));
  assert.deepEqual(pathsOf(items), ['served_by production_noise']);
  assert.match(items[0]!.detail, /different original responses here in 18 of 18 production pairs \(100%\), the replay in 18 \(100%\); the replay differs in 100% of 20/);
});

test('production noise: a change beyond production rate is a real difference, and it vetoes the other evidence', () => {
  const exchanges = (path: (i: number) => string): ExchangeResult[] =>
    times(20, (i) => ({
      path: path(i),
      // Production changes the price once in 18 pairs; the replay in 12 of 20 exchanges. The digest is stable in production.
      origin: { price: i === 7 ? 11 : 10, digest: 'c'.repeat(64), served_by: `node-${i}` },
      replay: { price: i % 5 < 3 ? 12 : i === 7 ? 11 : 10, digest: i.toString(16).padStart(64, 'd'), served_by: `staging-${i}` },
    }));
  assert.deepEqual(pathsOf(suggest(exchanges(() => '/catalog?page=2'))), ['served_by production_noise']);
  // The same answers to requests that never repeat: no production pair, so shape and cardinality decide.
  assert.deepEqual(pathsOf(suggest(exchanges((i) => `/catalog?page=${i}`))), ['digest shape', 'served_by cardinality']);
});

test('production noise: only idempotent requests with the same target and body pair up', () => {
  // 15 exchanges: below the 20 observations cardinality needs.
  const post = suggest(times(15, (i) => ({ method: 'POST', path: '/search', requestBody: '{"q":1}', origin: { served_by: `n${i}` }, replay: { served_by: `s${i}` } })));
  assert.deepEqual(post, []);
  const bodies = suggest(times(15, (i) => ({ method: 'PUT', path: '/x', requestBody: `{"q":${i}}`, origin: { served_by: `n${i}` }, replay: { served_by: `s${i}` } })));
  assert.deepEqual(bodies, []);
  const same = suggest(times(15, (i) => ({ method: 'PUT', path: '/x', requestBody: '{"q":1}', origin: { served_by: `n${i}` }, replay: { served_by: `s${i}` } })));
  assert.deepEqual(pathsOf(same), ['served_by production_noise']);
});

test('cardinality: 20 observations, mostly distinct, differing in at least 90% of exchanges; near misses are not suggested', () => {
  const random = (i: number, salt: number): number => ((i * 7919 + salt * 104729) % 100_003) / 1000;
  assert.deepEqual(pathsOf(suggest(times(20, (i) => ({ origin: { score: random(i, 1) }, replay: { score: random(i, 2) } })))), ['score cardinality']);
  assert.deepEqual(suggest(times(19, (i) => ({ origin: { score: random(i, 1) }, replay: { score: random(i, 2) } }))), [], 'too few observations');
  assert.deepEqual(suggest(times(30, (i) => ({ origin: { score: i % 3 }, replay: { score: (i % 3) + 1 } }))), [], 'few distinct values');
  assert.deepEqual(suggest(times(40, (i) => ({ origin: { score: random(i, 1) }, replay: { score: i % 10 < 2 ? random(i, 1) : random(i, 2) } }))), [], 'differs in 80%');
});

test('a real regression on a high-cardinality field (a price changed in 30% of exchanges) is not suggested', () => {
  const items = suggest(
    times(100, (i) => {
      const price = 10 + i * 0.37;
      return { origin: { price, name: `p${i}` }, replay: { price: i % 10 < 3 ? price * 1.1 : price, name: `p${i}` } };
    }),
  );
  assert.deepEqual(items, []);
});

test('a path where a field was ever added, removed or changed type is never suggested, whatever the evidence', () => {
  const items = suggest([
    ...times(30, (i) => ({ origin: { id: uuidOf(i), tag: uuidOf(i), kind: uuidOf(i) }, replay: { id: uuidOf(500 + i), tag: uuidOf(600 + i), kind: uuidOf(700 + i) } })),
    noiseExchange({ origin: { id: uuidOf(1), tag: uuidOf(2), kind: uuidOf(3) }, replay: { tag: uuidOf(4), kind: null } }),
    ...times(30, (i) => ({ origin: { a: 1 }, replay: { a: 1, extra: uuidOf(i) } })),
  ]);
  assert.deepEqual(pathsOf(items), ['tag shape']);
});

test('array positions collapse into one path, and the config fragment holds the route with its own ignores and the suggested paths', () => {
  const collector = new NoiseCollector([{ name: 'api', method: 'GET', path: '/item/*', comparator: 'json', ignore: ['meta.took'] }]);
  for (const exchange of times(10, (i) => ({
    origin: { items: [{ id: uuidOf(i) }, { id: uuidOf(i + 50) }] },
    replay: { items: [{ id: uuidOf(i + 100) }, { id: uuidOf(i + 150) }] },
  }))) {
    collector.observe(exchange);
  }
  const { items, config } = collector.suggestions();
  assert.deepEqual(pathsOf(items), ['items[*].id shape']);
  assert.deepEqual(config, { routes: [{ name: 'api', method: 'GET', path: '/item/*', comparator: 'json', ignore: ['meta.took', 'items[*].id'] }] });
  const plugin = { name: 'api', path: '/item/*', comparator: 'json' as const, ignore: [], plugin: { name: 'cart', key: '--route[0]', at: 'cart' } };
  const byPlugin = new NoiseCollector([plugin]);
  for (const exchange of times(10, (i) => ({ origin: { id: uuidOf(i) }, replay: { id: uuidOf(i + 100) } }))) byPlugin.observe(exchange);
  assert.deepEqual(byPlugin.suggestions().config, { routes: [{ name: 'api', path: '/item/*', comparator: 'cart', ignore: ['id'] }] }, 'a plugin route by its name');
  const unnamed = new NoiseCollector();
  for (const exchange of times(10, (i) => ({ origin: { id: uuidOf(i) }, replay: { id: uuidOf(i + 100) } }))) unnamed.observe(exchange);
  assert.deepEqual(unnamed.suggestions().config, { routes: [{ name: 'api', ignore: ['id'] }] }, 'a route without a definition is only named');
});

test('production noise: identical originals count as pairs without a difference, so a rarely volatile field is a real difference', () => {
  // served_by differs in one production pair of 18 (the rest answer the same bytes); the replay differs in every exchange.
  const items = suggest(times(20, (i) => ({ path: '/same', origin: { served_by: i === 9 ? 'node-b' : 'node-a', n: 1 }, replay: { served_by: `s-${i}`, n: 1 } })));
  assert.deepEqual(items, []);
});

test('an exchange the collector cannot read is left out, and the run goes on', () => {
  const collector = new NoiseCollector();
  const broken = { ...noiseExchange({ origin: { a: 1 }, replay: { a: 2 } }), diffs: null } as unknown as ExchangeResult;
  assert.doesNotThrow(() => collector.observe(broken));
  collector.observe(noiseExchange({ origin: { a: 1 }, replay: { a: 2 } }));
  assert.equal(collector.evidence().routes['api']!.paths['a']!.count, 1);
});

test('production pairs of one endpoint say nothing of the fields of another endpoint on the same route', () => {
  const items = suggest(
    times(30, (i) =>
      i % 3 === 0
        ? { path: '/health', origin: { status: 'up' }, replay: { status: 'up' } }
        : { path: `/api/items/${i}`, origin: { request_id: uuidOf(i), n: i }, replay: { request_id: uuidOf(1000 + i), n: i } },
    ),
  );
  assert.deepEqual(pathsOf(items), ['request_id shape']);
});

test('production noise compares production and replay on the same pairs, so a rare endpoint of a busy route is not diluted', () => {
  // `/a` is a quarter of the route: production differs in half of its pairs, the replay in all of them.
  const items = suggest(
    times(40, (i) =>
      i % 4 === 0 ? { path: '/a', origin: { served_by: i % 8 === 0 ? 'x' : 'y' }, replay: { served_by: `s${i}` } } : { path: `/b/${i}`, origin: { n: i }, replay: { n: i } },
    ),
  );
  assert.deepEqual(items, []);
});

test('the request of an exchange is read only for idempotent methods: a POST is never paired, so its body is never decoded for the evidence', () => {
  const collector = new NoiseCollector();
  const reads = (method: string): number => {
    const exchange = noiseExchange({ method, origin: { id: 1 }, replay: { id: 2 } });
    const request = exchange.request;
    let count = 0;
    Object.defineProperty(exchange, 'request', {
      get() {
        count += 1;
        return request;
      },
    });
    collector.observe(exchange);
    return count;
  };
  assert.equal(reads('POST'), 0);
  assert.equal(reads('PATCH'), 0);
  assert.equal(reads('GET'), 1, 'a GET is remembered by its request');
});
