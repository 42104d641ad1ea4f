import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../../src/compare/ignore-paths.js';
import type { PathSegment } from '../../src/compare/ignore-paths.js';
import type { JsonDifference, JsonDifferenceKind } from '../../src/compare/json-difference.js';
import { hasShape } from '../../src/compare/value-shapes.js';
import { FieldStatistics } from '../../src/insight/field-stats.js';
import { collapsedPath, collapsedPaths, fingerprintTextOf } from '../../src/insight/fingerprint.js';
import { NoiseCollector } from '../../src/insight/noise-collector.js';
import { exchangeResult } from '../helpers/exchange-result.js';
import { noiseExchange, uuidOf } from '../helpers/noise-exchanges.js';

// The collapsed paths are taken once per exchange and handed to the field statistics, the
// fingerprint and the noise evidence; each must count exactly as when it takes them itself,
// and as the definitions below (the straightforward way of writing each) say.

const KINDS: readonly JsonDifferenceKind[] = ['changed', 'added', 'removed', 'type_changed'];
const KEYS = ['a', 'items', 'price', 'a.b', '0', '', '__proto__', 'x-y', 'héllo', '*', '$', '"q"', 'headers'];

/** A deterministic list of difference lists: repeated paths, repeated (path, kind) pairs, headers, indexes and keyed elements. */
function diffLists(count: number): JsonDifference[][] {
  let state = 7;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const segment = (): PathSegment => {
    const pick = next(6);
    if (pick === 0) return next(4);
    if (pick === 1) return { key: 'id', value: next(3) } as unknown as PathSegment;
    return KEYS[next(KEYS.length)]!;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next(6) }, () => {
      const path = Array.from({ length: next(4) }, segment);
      const kind = KINDS[next(KINDS.length)]!;
      return { path, kind, origin: next(3), replay: next(3) } as JsonDifference;
    }),
  );
}

function definedCollapsedPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '$';
  return path
    .map((segment, i) => {
      if (typeof segment !== 'string') return '[*]';
      const written = formatPath([segment]);
      return i === 0 || written.startsWith('[') ? written : `.${written}`;
    })
    .join('');
}

test('collapsedPath writes keys as formatPath does and every array position as [*]', () => {
  for (const diffs of diffLists(400)) for (const diff of diffs) assert.equal(collapsedPath(diff.path), definedCollapsedPath(diff.path), JSON.stringify(diff.path));
  assert.deepEqual(collapsedPaths([]), []);
});

test('the fingerprint text is the sorted set of (collapsed path, kind), with or without the paths handed in', () => {
  for (const diffs of diffLists(400)) {
    const unique = new Map<string, [string, JsonDifferenceKind]>();
    for (const diff of diffs) unique.set(`${diff.kind} ${definedCollapsedPath(diff.path)}`, [definedCollapsedPath(diff.path), diff.kind]);
    const fields = [...unique.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const input = { route: 'r', verdict: 'error' as const, reason: 'body_mismatch' as const, status: { origin: 200, replay: 200 }, diffs };
    const expected = JSON.stringify(['r', 'error', 'body_mismatch', 200, 200, fields]);
    assert.equal(fingerprintTextOf(input).text, expected);
    assert.equal(fingerprintTextOf({ ...input, paths: collapsedPaths(diffs) }).text, expected);
    assert.deepEqual(fingerprintTextOf(input).fields, fields);
  }
});

test('field statistics count an exchange once per path and once per kind of that path, with or without the paths handed in', () => {
  const given = new FieldStatistics(500);
  const computed = new FieldStatistics(500);
  diffLists(400).forEach((diffs, i) => {
    const input = { id: `e${i}`, route: `r${i % 3}`, verdict: 'error' as const, diffs };
    given.add(input, collapsedPaths(diffs));
    computed.add(input);
  });
  assert.deepEqual(given.snapshot(), computed.snapshot());
  const one = new FieldStatistics(500);
  const changed = (path: PathSegment[], kind: JsonDifferenceKind = 'changed'): JsonDifference => ({ path, kind, origin: 1, replay: 2 }) as JsonDifference;
  one.add({ id: 'x', route: 'r', verdict: 'error', diffs: [changed(['a', 0]), changed(['a', 1]), changed(['a', 2], 'added'), changed(['b'], 'removed')] });
  assert.deepEqual(one.snapshot()['r']?.paths, {
    'a[*]': { count: 1, kinds: { changed: 1, added: 1 }, examples: ['x'] },
    b: { count: 1, kinds: { removed: 1 }, examples: ['x'] },
  });
});

test('a route at its path cap counts each new path of an exchange in overflow, once per path', () => {
  const fields = new FieldStatistics(1);
  const diff = (key: string, kind: JsonDifferenceKind): JsonDifference => ({ path: [key], kind, origin: 1, replay: 2 }) as JsonDifference;
  fields.add({ id: 'x', route: 'r', verdict: 'error', diffs: [diff('a', 'changed'), diff('b', 'changed'), diff('b', 'added'), diff('c', 'removed')] });
  assert.deepEqual(Object.keys(fields.snapshot()['r']?.paths ?? {}), ['a']);
  assert.equal(fields.snapshot()['r']?.overflow, 2);
});

test('the noise evidence is the same whether the collector takes the collapsed paths itself or is handed them', () => {
  const exchanges = Array.from({ length: 60 }, (_, i) =>
    noiseExchange({
      route: i % 2 === 0 ? 'api' : 'catalog',
      method: i % 3 === 0 ? 'POST' : 'GET',
      path: `/item/${i % 4}`,
      requestAtMs: 1_700_000_000_000 + i * 1000,
      replayAtMs: 1_700_000_000_000 + i * 1000 + 60_000,
      origin: { id: uuidOf(i), at: new Date(1_700_000_000_000 + i * 1000).toISOString(), items: [{ p: i }, { p: i + 1 }], served_by: `node-${i % 5}`, n: 1 },
      replay: {
        id: uuidOf(i + 1000),
        at: new Date(1_700_000_060_000 + i * 1000).toISOString(),
        items: [{ p: i + 1 }, { p: i }],
        served_by: 'staging',
        ...(i % 7 === 0 ? {} : { n: 2 }),
      },
    }),
  );
  // Header differences sit beside body ones and are never counted as fields of the evidence.
  const withHeaders = exchanges.map((result, i) =>
    i % 5 === 0 ? { ...result, diffs: [...result.diffs, { path: ['headers', 'x-trace'], kind: 'changed', origin: 'a', replay: 'b' } as JsonDifference] } : result,
  );
  const given = new NoiseCollector();
  const computed = new NoiseCollector();
  for (const result of withHeaders) {
    given.observe(result, collapsedPaths(result.diffs));
    computed.observe(result);
  }
  assert.deepEqual(given.evidence(), computed.evidence());
  assert.ok(Object.keys(computed.evidence().routes['api']?.paths ?? {}).length > 3, 'the stream has evidence to compare');
  assert.equal(computed.evidence().routes['api']?.paths['headers.x-trace'], undefined);
});

test('an exchange of a method that is not idempotent never has its original body read by the noise evidence', () => {
  let reads = 0;
  const result = exchangeResult({ method: 'POST', verdict: 'ok', reason: 'identical' });
  Object.defineProperty(result, 'originBody', {
    get: () => {
      reads += 1;
      return Buffer.from('{}');
    },
  });
  new NoiseCollector().observe(result);
  assert.equal(reads, 0);
});

/** The timestamp and JWT shapes as written before the cheaper first tests: every pattern tried. */
function definedShape(value: string, shape: 'timestamp' | 'jwt'): boolean {
  if (shape === 'jwt') {
    const parts = value.split('.');
    if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[0]!) || !/^[A-Za-z0-9_-]+$/.test(parts[1]!) || (parts[2] !== '' && !/^[A-Za-z0-9_-]+$/.test(parts[2]!))) return false;
    try {
      const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
      return typeof header === 'object' && header !== null && !Array.isArray(header) && 'alg' in header;
    } catch {
      return false;
    }
  }
  if (/^\d{9,13}$/.test(value)) return hasShape(Number(value), 'timestamp');
  return (
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/i.test(value) ||
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12]\d|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d GMT$/.test(value)
  );
}

test('the timestamp and JWT shapes say what every pattern tried in turn says', () => {
  const jwtHeader = Buffer.from('{"alg":"HS256"}').toString('base64url');
  const values = [
    '',
    '1700000000',
    '1700000000000',
    '123',
    '2024-01-31T10:00:00Z',
    '2024-01-31 10:00',
    '2024-13-01T10:00:00Z',
    't2024-01-31T10:00:00Z',
    'Sun, 06 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 GMT ',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    'sun, 06 Nov 1994 08:49:37 GMT',
    `${jwtHeader}.eyJzdWIiOiIxIn0.sig`,
    `${jwtHeader}.eyJzdWIiOiIxIn0.`,
    `${jwtHeader}.eyJzdWIiOiIxIn0`,
    `${jwtHeader}.eyJzdWIiOiIxIn0.sig.more`,
    `.${jwtHeader}.x`,
    'a.b.c',
    '...',
    'no dots at all',
  ];
  for (const value of values)
    for (const shape of ['timestamp', 'jwt'] as const) assert.equal(hasShape(value, shape), definedShape(value, shape), `${shape} ${JSON.stringify(value)}`);
});
