import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import stringify from 'fast-json-stable-stringify';
import { compileIgnorePaths, formatPath, type PathSegment } from '../../src/compare/ignore-paths.js';
import { ExactNumber } from '../../src/compare/exact-number.js';
import { parseJsonBody } from '../../src/compare/json-body.js';
import { diffJson, jsonEquals, type JsonDifference } from '../../src/compare/json-diff.js';

const MAX = 50;

function diff(origin: string, replay: string, ignore: string[] = []): { diffs: JsonDifference[]; total: number } {
  return diffJson(JSON.parse(origin), JSON.parse(replay), { maxDiffs: MAX, ignore: compileIgnorePaths(ignore) });
}

/** Diffs as `kind path` lines, for compact assertions. */
function lines(origin: string, replay: string, ignore: string[] = []): string[] {
  return diff(origin, replay, ignore).diffs.map((d) => `${d.kind} ${formatPath(d.path)}`);
}

function nested(depth: number, leaf: string): string {
  return '{"a":['.repeat(depth) + leaf + ']}'.repeat(depth);
}

function lookup(value: unknown, path: readonly PathSegment[]): { found: boolean; value?: unknown } {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment];
    } else {
      // The walks here name no keyed array, so a segment is a key or an index.
      if (typeof segment !== 'string' || typeof current !== 'object' || current === null || Array.isArray(current)) return { found: false };
      if (!Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}

test('objects with the same members in a different key order are equal', () => {
  assert.deepEqual(diff('{"a":1,"b":{"c":[1,2],"d":null}}', '{"b":{"d":null,"c":[1,2]},"a":1.0}'), { diffs: [], total: 0 });
});

test('a changed leaf is reported with its path and both values', () => {
  assert.deepEqual(diff('{"results":{"hint_list":[{"score":1}]}}', '{"results":{"hint_list":[{"score":2}]}}').diffs, [
    { path: ['results', 'hint_list', 0, 'score'], kind: 'changed', origin: 1, replay: 2 },
  ]);
});

test("keys only on origin are removed and keys only on replay are added, in each side's key order", () => {
  assert.deepEqual(diff('{"z":1,"a":2,"m":3}', '{"m":3,"q":4,"b":5}').diffs, [
    { path: ['z'], kind: 'removed', origin: 1 },
    { path: ['a'], kind: 'removed', origin: 2 },
    { path: ['q'], kind: 'added', replay: 4 },
    { path: ['b'], kind: 'added', replay: 5 },
  ]);
});

test('differences in a nested container come before later siblings', () => {
  assert.deepEqual(lines('{"a":{"x":1,"y":2},"b":1}', '{"a":{"x":0,"y":3},"b":2}'), ['changed a.x', 'changed a.y', 'changed b']);
});

test('a change of JSON type is type_changed, a change within a type is changed', () => {
  assert.deepEqual(lines('{"a":1,"b":{},"c":null,"d":[],"e":"x","f":true,"g":{}}', '{"a":"1","b":[],"c":{},"d":null,"e":"y","f":false,"g":null}'), [
    'type_changed a',
    'type_changed b',
    'type_changed c',
    'type_changed d',
    'changed e',
    'changed f',
    'type_changed g',
  ]);
  assert.deepEqual(diff('{"c":null}', '{"c":{"k":1}}').diffs, [{ path: ['c'], kind: 'type_changed', origin: null, replay: { k: 1 } }]);
});

test('extra array items are removed or added one index at a time', () => {
  assert.deepEqual(diff('[1,2,3,4]', '[1,2]').diffs, [
    { path: [2], kind: 'removed', origin: 3 },
    { path: [3], kind: 'removed', origin: 4 },
  ]);
  assert.deepEqual(lines('{"l":[{"a":1}]}', '{"l":[{"a":2},{"b":1}]}'), ['changed l[0].a', 'added l[1]']);
});

test('primitive roots are compared at the root path', () => {
  assert.deepEqual(diff('"a"', '"b"').diffs, [{ path: [], kind: 'changed', origin: 'a', replay: 'b' }]);
  assert.deepEqual(diff('1', '"1"').diffs, [{ path: [], kind: 'type_changed', origin: 1, replay: '1' }]);
  assert.deepEqual(diff('[1]', '{"0":1}').diffs, [{ path: [], kind: 'type_changed', origin: [1], replay: { 0: 1 } }]);
  assert.deepEqual(diff('null', 'null'), { diffs: [], total: 0 });
  assert.deepEqual(diff('true', 'true'), { diffs: [], total: 0 });
});

test('zero and negative zero are equal, and so are 1 and 1.0', () => {
  assert.equal(diffJson({ a: -0 }, { a: 0 }, { maxDiffs: MAX }).total, 0);
  assert.equal(diffJson(-0, 0, { maxDiffs: MAX }).total, 0);
  assert.equal(diff('[1, 2.50]', '[1.0, 2.5]').total, 0);
});

test('prototype-named keys present on one side only are reported like any other key', () => {
  for (const key of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
    assert.deepEqual(diff(`{"${key}":1}`, '{}').diffs, [{ path: [key], kind: 'removed', origin: 1 }], key);
    assert.deepEqual(diff('{}', `{"${key}":{"x":1}}`).diffs, [{ path: [key], kind: 'added', replay: { x: 1 } }], key);
    assert.deepEqual(lines(`{"${key}":{"x":1}}`, `{"${key}":{"x":2}}`), [`changed ${key}.x`], key);
    assert.equal(diff(`{"${key}":[1]}`, `{"${key}":[1]}`).total, 0, key);
  }
});

test('10 000 levels of nesting compare without overflowing the stack', () => {
  const depth = 10_000;
  assert.equal(diff(nested(depth, '1'), nested(depth, '1')).total, 0);
  const result = diff(nested(depth, '1'), nested(depth, '2'));
  assert.equal(result.total, 1);
  const [only] = result.diffs;
  assert.equal(only?.path.length, 2 * depth);
  assert.deepEqual(only?.path.slice(0, 4), ['a', 0, 'a', 0]);
  assert.equal(only?.kind, 'changed');
  assert.ok(formatPath(only.path).startsWith('a[0].a[0]'));
});

test('100 000-item arrays compare, equal or with scattered changes (speed is measured by the benchmark)', () => {
  const items = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `n${i}`, tags: [i % 7] }));
  const origin = JSON.parse(JSON.stringify(items)) as unknown;
  const replay = JSON.parse(JSON.stringify(items)) as { id: number }[];
  assert.equal(diffJson(origin, replay, { maxDiffs: MAX }).total, 0);
  for (let i = 0; i < replay.length; i += 1000) replay[i]!.id = -1;
  const result = diffJson(origin, replay, { maxDiffs: MAX, ignore: compileIgnorePaths(['**.timestamp']) });
  assert.equal(result.total, 100);
  assert.equal(result.diffs.length, MAX);
  assert.deepEqual(result.diffs[1]?.path, [1000, 'id']);
});

test('the listed differences stop at maxDiffs while total counts them all', () => {
  const origin = Array.from({ length: 1000 }, (_, i) => i);
  const replay = origin.map((n) => -n - 1);
  const result = diffJson(origin, replay, { maxDiffs: 50 });
  assert.equal(result.diffs.length, 50);
  assert.equal(result.total, 1000);
  assert.deepEqual(result.diffs[49], { path: [49], kind: 'changed', origin: 49, replay: -50 });
  assert.deepEqual(diffJson(origin, replay, { maxDiffs: 0 }), { diffs: [], total: 1000, notes: ['$: compared by index (too large to align)'] });
  assert.deepEqual(diffJson([1, 2], [], { maxDiffs: -3 }), { diffs: [], total: 2 });
});

test('ignored paths are neither listed nor counted', () => {
  const origin = '{"results":{"trace_id":"t1","hint_list":[{"score":1,"id":1},{"score":2,"id":2}]},"timestamp":1,"items":{"x":{"id":1,"v":1}},"deep":{"a":{"timestamp":5}}}';
  const replay = '{"results":{"trace_id":"t2","hint_list":[{"score":9,"id":1},{"score":8,"id":3}]},"timestamp":2,"items":{"x":{"id":2,"v":2}},"deep":{"a":{"timestamp":6}}}';
  assert.equal(diff(origin, replay).total, 8);
  assert.deepEqual(lines(origin, replay, ['results.trace_id', 'results.hint_list[*].score', '**.timestamp', 'items.*.id']), [
    'changed results.hint_list[1].id',
    'changed items.x.v',
  ]);
  assert.deepEqual(lines(origin, replay, ['results.**', 'items', 'deep.a.timestamp']), ['changed timestamp']);
});

test('ignore patterns also hide added and removed keys and array items', () => {
  assert.deepEqual(lines('{"a":1,"l":[1,2,3]}', '{"b":1,"l":[1]}', ['a', 'b', 'l[2]']), ['removed l[1]']);
});

test('an ignored subtree is pruned without being read', () => {
  const trap = {};
  Object.defineProperty(trap, 'x', { enumerable: true, get: () => assert.fail('ignored subtree was read') });
  const origin = { keep: 1, skip: { inner: trap } };
  const replay = { keep: 2, skip: { inner: { x: 1 } } };
  const result = diffJson(origin, replay, { maxDiffs: MAX, ignore: compileIgnorePaths(['skip.inner']) });
  assert.deepEqual(result, { diffs: [{ path: ['keep'], kind: 'changed', origin: 1, replay: 2 }], total: 1 });
});

test('a pattern matching the root ignores everything', () => {
  assert.deepEqual(diff('{"a":1}', '[2]', ['**']), { diffs: [], total: 0 });
});

const smallJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(0, -0, 1, 'x', '', null, true, false),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'toString'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/**
 * Every listed difference's values are where its paths say: origin's at `path`, replay's at
 * `replayPath`, which is given exactly when it is another path (an element shifted by the
 * alignment on the way), else at `path` too.
 */
function checkPathsExist(a: unknown, b: unknown, diffs: readonly JsonDifference[]): void {
  for (const d of diffs) {
    if (d.kind !== 'added') {
      const at = lookup(a, d.path);
      assert.ok(at.found && at.value === d.origin, `${d.kind} ${formatPath(d.path)}: origin's value not there`);
    }
    if (d.replayPath !== undefined) assert.notEqual(formatPath(d.replayPath), formatPath(d.path), 'a replay path only where it differs');
    if (d.kind !== 'removed') {
      const at = lookup(b, d.replayPath ?? d.path);
      assert.ok(at.found && at.value === d.replay, `${d.kind} ${formatPath(d.replayPath ?? d.path)}: replay's value not there`);
    } else {
      assert.equal(d.replayPath, undefined, 'a removed value has no place in the replay');
    }
    // An added or removed array element is named by its own side's index, which the other side may also have after alignment.
    const byKey = typeof d.path.at(-1) === 'string';
    if (d.kind === 'added' && byKey) assert.ok(!lookup(a, d.path).found);
    if (d.kind === 'removed' && byKey) assert.ok(!lookup(b, d.path).found);
  }
}

test('a value never differs from itself or from its JSON round trip', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (a) => {
      assert.equal(diffJson(a, a, { maxDiffs: MAX }).total, 0);
      assert.equal(diffJson(a, JSON.parse(JSON.stringify(a)), { maxDiffs: MAX }).total, 0);
    }),
    { numRuns: 200 },
  );
});

test("an element added inside a paired, shifted element is named under origin's index, with the replay's path beside it", () => {
  // origin [false, []] against replay [true, false, [""]]: false aligns with false, [] pairs with [""].
  const result = diffJson([false, []], [true, false, ['']], { maxDiffs: MAX });
  checkPathsExist([false, []], [true, false, ['']], result.diffs);
  assert.deepEqual(
    result.diffs.map((d) => [formatPath(d.path), d.kind, d.replayPath === undefined ? null : formatPath(d.replayPath)]),
    [
      ['[0]', 'added', null],
      ['[1][0]', 'added', '[2][0]'],
    ],
  );
});

test('a changed value in an element moved by an insertion carries the path where the replay holds it', () => {
  const origin = {
    items: [
      { id: 1, price: 5 },
      { id: 2, price: 7 },
    ],
    total: 12,
  };
  const replay = {
    items: [
      { id: 0, price: 1 },
      { id: 1, price: 5 },
      { id: 2, price: 8 },
    ],
    total: 14,
  };
  const result = diffJson(origin, replay, { maxDiffs: MAX });
  checkPathsExist(origin, replay, result.diffs);
  assert.deepEqual(
    result.diffs.map((d) => [formatPath(d.path), d.kind, d.replayPath === undefined ? null : formatPath(d.replayPath)]),
    [
      ['items[0]', 'added', null],
      ['items[1].price', 'changed', 'items[2].price'],
      ['total', 'changed', null],
    ],
  );
});

test('two values have no differences exactly when their stable serialisations are equal', () => {
  fc.assert(
    fc.property(fc.oneof(fc.tuple(smallJson, smallJson), fc.tuple(fc.jsonValue(), fc.jsonValue())), ([a, b]) => {
      const result = diffJson(a, b, { maxDiffs: 1_000_000 });
      assert.equal(result.total === 0, stringify(a) === stringify(b));
      assert.equal(jsonEquals(a, b), stringify(a) === stringify(b));
      assert.equal(result.diffs.length, result.total);
      checkPathsExist(a, b, result.diffs);
    }),
    { numRuns: 200 },
  );
});

test('ignoring the formatted path of a reported difference removes exactly that difference', () => {
  fc.assert(
    fc.property(smallJson, smallJson, (a, b) => {
      const all = diffJson(a, b, { maxDiffs: 1_000_000 });
      fc.pre(all.total > 0 && all.diffs[0]!.path.length > 0);
      const first = all.diffs[0]!;
      const rest = diffJson(a, b, { maxDiffs: 1_000_000, ignore: compileIgnorePaths([formatPath(first.path)]) });
      assert.equal(rest.total, all.total - 1);
      assert.deepEqual(rest.diffs, all.diffs.slice(1));
    }),
    { numRuns: 200 },
  );
});

/** Diffs of two bodies as parseJsonBody parses them, with exact numbers shown by their literal. */
function exactDiff(origin: string, replay: string, ignore: string[] = []): Array<[string, string, unknown, unknown]> {
  const result = diffJson(parseJsonBody(Buffer.from(origin)), parseJsonBody(Buffer.from(replay)), { maxDiffs: MAX, ignore: compileIgnorePaths(ignore) });
  const show = (value: unknown): unknown => (value instanceof ExactNumber ? `exact ${value.literal}` : value);
  return result.diffs.map((d) => [d.kind, formatPath(d.path), show(d.origin), show(d.replay)]);
}

test('numbers compare by exact decimal value: integers beyond 2^53 and long decimals differ in their last digit', () => {
  assert.deepEqual(exactDiff('{"id":12345678901234567890}', '{"id":12345678901234567891}'), [['changed', 'id', 'exact 12345678901234567890', 'exact 12345678901234567891']]);
  assert.deepEqual(exactDiff('[9007199254740993]', '[9007199254740992]'), [['changed', '[0]', 'exact 9007199254740993', 9007199254740992]]);
  assert.deepEqual(exactDiff('{"p":0.1}', '{"p":0.10000000000000001}'), [['changed', 'p', 0.1, 'exact 0.10000000000000001']]);
  assert.deepEqual(exactDiff('{"x":1e400}', '{"x":2e400}'), [['changed', 'x', 'exact 1e400', 'exact 2e400']]);
  assert.deepEqual(exactDiff('{"x":0}', '{"x":1e-400}'), [['changed', 'x', 0, 'exact 1e-400']]);
  assert.deepEqual(exactDiff('{"id":12345678901234567890}', '{"id":"12345678901234567890"}'), [['type_changed', 'id', 'exact 12345678901234567890', '12345678901234567890']]);
  assert.deepEqual(exactDiff('{"id":12345678901234567890}', '{"id":[1]}'), [['type_changed', 'id', 'exact 12345678901234567890', [1]]]);
  assert.deepEqual(exactDiff('{"id":{}}', '{"id":12345678901234567890}'), [['type_changed', 'id', {}, 'exact 12345678901234567890']]);
});

test('equal values written differently are equal, exact or not', () => {
  for (const [origin, replay] of [
    ['[1, 1, 1, 1, -0, 0]', '[1.0, 1e0, 10e-1, 0.1e1, 0, 0e5]'],
    ['{"id":12345678901234567890,"n":12345678901234567890}', '{"n":1.234567890123456789e19,"id":12345678901234567890.000}'],
    ['[1e400, 0.10000000000000001]', '[10e399, 1.0000000000000001e-1]'],
    ['[100000000000000000000]', '[1e20]'],
  ]) {
    assert.deepEqual(exactDiff(origin!, replay!), [], `${origin} vs ${replay}`);
    assert.equal(jsonEquals(parseJsonBody(Buffer.from(origin!)), parseJsonBody(Buffer.from(replay!))), true, `${origin} vs ${replay}`);
  }
});

test('key-order-insensitive equality does not call bodies equal when a number differs beyond double precision', () => {
  const origin = parseJsonBody(Buffer.from('{"a":{"id":12345678901234567890,"b":[1,2]},"z":1}'));
  const replay = parseJsonBody(Buffer.from('{"z":1,"a":{"b":[1,2],"id":12345678901234567891}}'));
  assert.equal(jsonEquals(origin, replay), false);
  assert.equal(jsonEquals(origin, parseJsonBody(Buffer.from('{"z":1.0,"a":{"b":[1,2],"id":12345678901234567890}}'))), true);
});

test('ignore paths skip exact numbers like any other value', () => {
  const origin = '{"trace":12345678901234567890,"list":[{"id":12345678901234567890,"v":1}]}';
  const replay = '{"trace":12345678901234567891,"list":[{"id":12345678901234567899,"v":1}]}';
  assert.deepEqual(exactDiff(origin, replay, ['trace']), [['changed', 'list[0].id', 'exact 12345678901234567890', 'exact 12345678901234567899']]);
  assert.deepEqual(exactDiff(origin, replay, ['trace', 'list[*].id']), []);
  assert.deepEqual(exactDiff(origin, replay, ['**.id', '**.trace']), []);
});

test('a body that differs only in one number beyond double precision has exactly that difference, wherever it is', () => {
  fc.assert(
    // Strings without JSON punctuation, so that the leaves found in the text are values, never the inside of a string.
    fc.property(fc.jsonValue({ stringUnit: fc.constantFrom('a', 'b', '1', ' ', 'é') }), fc.nat(), (value, pick) => {
      // Put a big integer at one leaf position of the value, then change its last digit.
      const text = JSON.stringify(value);
      const positions = [...text.matchAll(/(?<=[:,[])(?:null|true|false|-?\d[\d.eE+-]*)(?=[,}\]])/g)].map((m) => m.index);
      fc.pre(positions.length > 0);
      const at = positions[pick % positions.length]!;
      const length = /^(?:null|true|false|-?\d[\d.eE+-]*)/.exec(text.slice(at))![0].length;
      const withNumber = (n: string): string => text.slice(0, at) + n + text.slice(at + length);
      const origin = parseJsonBody(Buffer.from(withNumber('12345678901234567890')));
      const replay = parseJsonBody(Buffer.from(withNumber('12345678901234567891')));
      const result = diffJson(origin, replay, { maxDiffs: MAX });
      assert.equal(result.total, 1);
      assert.equal((result.diffs[0]!.origin as ExactNumber).literal, '12345678901234567890');
      assert.equal(jsonEquals(origin, parseJsonBody(Buffer.from(withNumber('1.2345678901234567890e19')))), true);
    }),
    { numRuns: 200 },
  );
});
