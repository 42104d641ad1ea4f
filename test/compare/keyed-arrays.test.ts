import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileIgnorePaths, formatPath } from '../../src/compare/ignore-paths.js';
import { diffJson, MAX_NOTES } from '../../src/compare/json-diff.js';
import type { JsonDiffOptions, JsonDiffResult } from '../../src/compare/json-diff.js';
import { parseJsonBody } from '../../src/compare/json-body.js';
import { compileArrayKeys, parseArrayKey } from '../../src/compare/keyed-arrays.js';
import { compileTolerances } from '../../src/compare/value-rules.js';
import { createRedactor, REDACTED } from '../../src/report/redact.js';

/** The walk of two JSON texts with `keys` (`PATH=FIELD` specs) as --array-key gives them. */
function keyed(keys: string[], origin: string, replay: string, options: Partial<JsonDiffOptions> = {}): JsonDiffResult {
  const rules = keys.map((spec) => {
    const rule = parseArrayKey(spec);
    assert.ok(!('error' in rule), spec);
    return rule;
  });
  return diffJson(parseJsonBody(Buffer.from(origin)), parseJsonBody(Buffer.from(replay)), { maxDiffs: 100, arrayKeys: compileArrayKeys(rules)!, ...options });
}

function lines(result: JsonDiffResult): string[] {
  return result.diffs.map((d) => `${d.kind} ${formatPath(d.path)}`);
}

test('elements are matched by their key wherever they sit and named by it', () => {
  const result = keyed(
    ['results.items=id'],
    '{"results":{"items":[{"id":1,"price":5},{"id":7,"price":3},{"id":8}]}}',
    '{"results":{"items":[{"id":7,"price":4},{"id":9},{"id":1,"price":5}]}}',
  );
  assert.deepEqual(lines(result), ['changed results.items[id=7].price', 'removed results.items[id=8]', 'added results.items[id=9]']);
  assert.deepEqual(result.diffs[0]?.path, ['results', 'items', { field: 'id', value: 7 }, 'price']);
  assert.deepEqual(result.diffs[1]?.origin, { id: 8 });
  assert.deepEqual(result.diffs[2]?.replay, { id: 9 });
  assert.equal(result.notes, undefined, 'unique keys on both sides need no note');
});

test('a reordered keyed array is equal, where alignment by position would list differences', () => {
  const origin = '{"items":[{"id":"a","n":1},{"id":"b","n":2},{"id":"c","n":3}]}';
  const replay = '{"items":[{"id":"c","n":3},{"id":"a","n":1},{"id":"b","n":2}]}';
  assert.equal(keyed(['items=id'], origin, replay).total, 0);
  assert.ok(keyed(['other=id'], origin, replay).total > 0, 'a path naming another array leaves this one aligned');
});

test('a key repeated on one side pairs its elements in order, reports the extra one and says so in a note', () => {
  const result = keyed(['items=id'], '{"items":[{"id":1,"v":1},{"id":1,"v":2},{"id":2}]}', '{"items":[{"id":2},{"id":1,"v":1}]}');
  assert.deepEqual(lines(result), ['removed items[id=1]']);
  assert.deepEqual(result.diffs[0]?.origin, { id: 1, v: 2 });
  assert.deepEqual(result.notes, ['items[id=1] is not unique (2 in origin, 1 in replay): its elements are paired in order']);
  const both = keyed(['items=id'], '{"items":[{"id":1},{"id":1,"x":1},{"id":2},{"id":2},{"id":3}]}', '{"items":[{"id":1},{"id":1,"x":2},{"id":2},{"id":2},{"id":3}]}');
  assert.deepEqual(lines(both), ['changed items[id=1].x']);
  assert.deepEqual(both.notes, ['items[id=1] is not unique (2 in origin, 2 in replay) (and 1 more repeated keys): its elements are paired in order']);
  const thrice = keyed(['items=id'], '{"items":[{"id":"a"},{"id":"a","n":2},{"id":"a","n":3}]}', '{"items":[{"id":"a","n":1}]}');
  assert.deepEqual(lines(thrice), ['added items[id=a].n', 'removed items[id=a]', 'removed items[id=a]']);
  assert.deepEqual(thrice.notes, ['items[id=a] is not unique (3 in origin, 1 in replay): its elements are paired in order']);
});

test('elements without the key (no such field, not objects, a key that is no string or number) are aligned by position and named in a note, never dropped', () => {
  const result = keyed(['items=id'], '{"items":[{"id":1},{"name":"x"},5,null,{"id":true},[1]]}', '{"items":[{"id":1},{"name":"y"},5,{"id":true},[1]]}');
  assert.deepEqual(lines(result), ['changed items[1].name', 'removed items[3]']);
  assert.deepEqual(result.notes, ['items: elements without a key "id" (a string or number), 5 in origin and 4 in replay: aligned by position']);
  const unkeyedOnOneSide = keyed(['items=id'], '{"items":[{"id":1}]}', '{"items":[{"id":1},"stray"]}');
  assert.deepEqual(lines(unkeyedOnOneSide), ['added items[1]']);
  assert.equal(unkeyedOnOneSide.notes?.length, 1);
});

test('an element without the key that the replay holds at another index carries the path where the replay has it; keyed elements need none', () => {
  const result = keyed(['items=id'], '{"items":[{"id":1,"v":1},"x",{"v":5}]}', '{"items":["y",{"id":1,"v":2},"x",{"v":6}]}');
  assert.deepEqual(
    result.diffs.map((d) => [d.kind, formatPath(d.path), d.replayPath === undefined ? null : formatPath(d.replayPath)]),
    [
      ['changed', 'items[id=1].v', null],
      ['added', 'items[0]', null],
      ['changed', 'items[2].v', 'items[3].v'],
    ],
  );
});

test('string and number keys are kept apart; numbers are one key by decimal value, exact numbers included', () => {
  assert.deepEqual(lines(keyed(['items=id'], '{"items":[{"id":7}]}', '{"items":[{"id":"7"}]}')), ['removed items[id=7]', 'added items[id="7"]']);
  assert.equal(keyed(['items=id'], '{"items":[{"id":7,"a":1},{"id":8}]}', '{"items":[{"id":8},{"id":7.0,"a":1}]}').total, 0);
  const big = keyed(
    ['items=id'],
    '{"items":[{"id":18446744073709551615,"n":1},{"id":18446744073709551614}]}',
    '{"items":[{"id":18446744073709551614},{"id":18446744073709551615,"n":2}]}',
  );
  assert.deepEqual(lines(big), ['changed items[id=18446744073709551615].n']);
});

test('keyed arrays nest, and an array key names any array its path matches', () => {
  const result = keyed(
    ['orders=ref', 'orders[*].lines=sku'],
    '{"orders":[{"ref":"A","lines":[{"sku":"x","qty":1},{"sku":"y","qty":2}]},{"ref":"B","lines":[]}]}',
    '{"orders":[{"ref":"B","lines":[]},{"ref":"A","lines":[{"sku":"y","qty":3},{"sku":"x","qty":1}]}]}',
  );
  assert.deepEqual(lines(result), ['changed orders[ref=A].lines[sku=y].qty']);
  assert.deepEqual(lines(keyed(['**.tags=k'], '{"a":{"tags":[{"k":1},{"k":2}]}}', '{"a":{"tags":[{"k":2},{"k":3}]}}')), ['removed a.tags[k=1]', 'added a.tags[k=3]']);
});

test('the first rule naming an array applies, and an array key goes before --unordered', () => {
  const origin = '{"items":[{"id":1,"sku":"a"},{"id":2,"sku":"b"}]}';
  const replay = '{"items":[{"id":2,"sku":"a"},{"id":1,"sku":"b"}]}';
  assert.deepEqual(lines(keyed(['items=sku', 'items=id'], origin, replay)), ['changed items[sku=a].id', 'changed items[sku=b].id']);
  assert.deepEqual(lines(keyed(['items=id'], origin, replay, { unordered: compileIgnorePaths(['items']) })), ['changed items[id=1].sku', 'changed items[id=2].sku']);
});

test('ignore paths match inside keyed elements by [*], *, ** and [field=key], never by an index', () => {
  const origin = '{"items":[{"id":7,"price":1,"at":1,"q":1,"n":1},{"id":8,"q":1,"n":1}]}';
  const replay = '{"items":[{"id":8,"q":2,"n":2},{"id":7,"price":2,"at":2,"q":2,"n":2}]}';
  const ignore = compileIgnorePaths(['items[*].price', '**.at', 'items[id=7].q', 'items[0].n']);
  assert.deepEqual(lines(keyed(['items=id'], origin, replay, { ignore })), ['changed items[id=7].n', 'changed items[id=8].q', 'changed items[id=8].n']);
  assert.deepEqual(lines(keyed(['items=id'], origin, replay, { ignore: compileIgnorePaths(['items.*']) })), []);
  assert.deepEqual(lines(keyed(['items=id'], origin, '{"items":[{"id":7,"price":1,"at":1,"q":1,"n":1}]}', { ignore: compileIgnorePaths(['items[id=8]']) })), []);
});

test('tolerances and unordered paths apply inside keyed elements', () => {
  const values = { tolerances: compileTolerances([{ path: 'items[*].price', amount: '0.01', relative: false }])! };
  assert.equal(keyed(['items=id'], '{"items":[{"id":1,"price":1.00},{"id":2}]}', '{"items":[{"id":2},{"id":1,"price":1.005}]}', { values }).total, 0);
  const unordered = compileIgnorePaths(['items[*].tags']);
  assert.equal(keyed(['items=id'], '{"items":[{"id":1,"tags":["a","b"]}]}', '{"items":[{"id":1,"tags":["b","a"]}]}', { unordered }).total, 0);
});

test('--redact paths written with [*] redact the values of differences inside keyed elements', () => {
  const result = keyed(['items=id'], '{"items":[{"id":7,"token":"s1","card":{"pan":"1"}}]}', '{"items":[{"id":7,"token":"s2","card":{"pan":"2"}}]}');
  const redactor = createRedactor({ bodyPaths: ['items[*].token', '**.pan'] });
  assert.deepEqual(lines(result), ['changed items[id=7].token', 'changed items[id=7].card.pan']);
  for (const difference of result.diffs) assert.equal(redactor.redactValue(difference.origin, difference.path), REDACTED, formatPath(difference.path));
  const removed = keyed(['items=id'], '{"items":[{"id":7,"token":"s1"}]}', '{"items":[]}').diffs[0]!;
  assert.deepEqual(redactor.redactValue(removed.origin, removed.path), { id: 7, token: REDACTED });
});

test('notes are capped: past the cap, one more note counts the rest', () => {
  const arrays = Array.from({ length: MAX_NOTES + 5 }, (_, i) => `"a${i}":[{"id":1},{"id":1}]`).join(',');
  const result = keyed(['*=id'], `{${arrays}}`, `{${arrays.replaceAll('{"id":1},{"id":1}', '{"id":1}')}}`);
  assert.equal(result.total, MAX_NOTES + 5);
  assert.equal(result.notes?.length, MAX_NOTES + 1);
  assert.equal(result.notes?.at(-1), '(5 more notes)');
});

test('parseArrayKey splits at the last = and checks the path', () => {
  assert.deepEqual(parseArrayKey('results.items=id'), { path: 'results.items', field: 'id' });
  assert.deepEqual(parseArrayKey('orders[ref=A].lines=sku'), { path: 'orders[ref=A].lines', field: 'sku' });
  for (const spec of ['items', '=id', 'items=', 'a..b=id']) assert.ok('error' in parseArrayKey(spec), spec);
});

const uniqueItems = fc
  .uniqueArray(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 12 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids.map((id) => ({ id, v: typeof id === 'number' ? id * 2 : `${id}!`, tags: [id] }))),
      fc.array(fc.nat(), { minLength: ids.length, maxLength: ids.length }),
    ),
  );

test('keyed comparison of a shuffled array of objects with unique keys finds no differences', () => {
  fc.assert(
    fc.property(uniqueItems, ([items, order]) => {
      const shuffled = items
        .map((item, i) => ({ item, rank: order[i]! }))
        .sort((x, y) => x.rank - y.rank)
        .map(({ item }) => item);
      const result = diffJson({ list: items }, { list: shuffled }, { maxDiffs: 100, arrayKeys: compileArrayKeys([{ path: 'list', field: 'id' }])! });
      assert.deepEqual([result.total, result.notes], [0, undefined]);
    }),
    { numRuns: 200 },
  );
});
