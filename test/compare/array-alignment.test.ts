import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileIgnorePaths, formatPath } from '../../src/compare/ignore-paths.js';
import { diffJson } from '../../src/compare/json-diff.js';
import { ExactNumber } from '../../src/compare/exact-number.js';
import { parseJsonBody } from '../../src/compare/json-body.js';

function lines(origin: unknown, replay: unknown, ignore: string[] = []): string[] {
  return diffJson(origin, replay, { maxDiffs: 100, ignore: compileIgnorePaths(ignore) }).diffs.map((d) => `${d.kind} ${formatPath(d.path)}`);
}

test('one element inserted in the middle of an array is one added difference at its replay index', () => {
  assert.deepEqual(lines({ l: [1, 2, 3, 4, 5] }, { l: [1, 2, 9, 3, 4, 5] }), ['added l[2]']);
  assert.deepEqual(lines([{ id: 1 }, { id: 2 }, { id: 3 }], [{ id: 0 }, { id: 1 }, { id: 2 }, { id: 3 }]), ['added [0]']);
});

test('one element removed from the middle of an array is one removed difference at its origin index', () => {
  assert.deepEqual(lines({ l: [{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }] }, { l: [{ a: 1 }, { a: 3 }, { a: 4 }] }), ['removed l[1]']);
  assert.deepEqual(lines(['a', 'b', 'c'], ['a', 'b']), ['removed [2]']);
});

test('a changed element at an aligned position is walked into, also next to an insertion', () => {
  assert.deepEqual(lines([{ a: 1 }, { a: 2, b: 1 }, { a: 3 }], [{ a: 1 }, { a: 2, b: 2 }, { a: 3 }]), ['changed [1].b']);
  assert.deepEqual(lines([1, { x: 1 }, 3, 4], [1, { x: 2 }, 3, 7, 4]), ['changed [1].x', 'added [3]']);
  // A run where two were removed and one added: the first pair is walked into, the other is removed.
  assert.deepEqual(lines([0, { x: 1 }, { y: 1 }, 9], [0, { x: 2 }, 9]), ['changed [1].x', 'removed [2]']);
});

test('repeated elements align to one difference per extra copy', () => {
  assert.deepEqual(lines([1, 1, 1, 2], [1, 1, 2]), ['removed [2]']);
  assert.deepEqual(lines(['x', 'y', 'x'], ['x', 'y', 'x', 'y', 'x']), ['added [3]', 'added [4]']);
});

test('nested arrays align at every level', () => {
  assert.deepEqual(
    lines(
      {
        m: [
          [1, 2, 3],
          [4, 5],
        ],
      },
      {
        m: [
          [0, 1, 2, 3],
          [4, 5],
        ],
      },
    ),
    ['added m[0][0]'],
  );
  assert.deepEqual(lines({ m: [[1], [2], [3]] }, { m: [[1], [3]] }), ['removed m[1]']);
  assert.deepEqual(
    lines(
      {
        m: [
          [1, 2],
          [3, 4],
        ],
      },
      {
        m: [
          [1, 2],
          [3, 9, 4],
        ],
      },
    ),
    ['added m[1][1]'],
  );
});

test('elements equal by exact decimal value align as equal', () => {
  const origin = parseJsonBody(Buffer.from('[1.0, 12345678901234567890, 3]'));
  const replay = parseJsonBody(Buffer.from('[1, 12345678901234567890.0, 7, 3]'));
  assert.deepEqual(lines(origin, replay), ['added [2]']);
  assert.deepEqual(lines([new ExactNumber('5'), 1], [2, 5, 1]), ['added [0]']);
});

test('ignore patterns apply to aligned, added and removed elements', () => {
  assert.deepEqual(
    lines(
      {
        l: [
          { t: 1, v: 1 },
          { t: 1, v: 2 },
        ],
      },
      {
        l: [
          { t: 2, v: 1 },
          { t: 2, v: 2 },
        ],
      },
      ['l[*].t'],
    ),
    [],
  );
  assert.deepEqual(lines({ l: [1, 2, 3] }, { l: [1, 9, 2, 3] }, ['l[1]']), []);
});

test('an array too large to align is compared by index and named in the notes', () => {
  const origin = { items: Array.from({ length: 3000 }, (_, i) => i) };
  const replay = { items: Array.from({ length: 3000 }, (_, i) => -i - 1) };
  const result = diffJson(origin, replay, { maxDiffs: 2 });
  assert.equal(result.total, 3000);
  assert.deepEqual(
    result.diffs.map((d) => `${d.kind} ${formatPath(d.path)}`),
    ['changed items[0]', 'changed items[1]'],
  );
  assert.deepEqual(result.notes, ['items: compared by index (too large to align)']);
});

test('a few changes in a large array still align', () => {
  const origin = Array.from({ length: 20_000 }, (_, i) => ({ id: i }));
  const replay = origin.slice();
  replay.splice(10_000, 1);
  replay.splice(15_000, 0, { id: -1 });
  const result = diffJson(origin, replay, { maxDiffs: 10 });
  assert.deepEqual(
    result.diffs.map((d) => `${d.kind} ${formatPath(d.path)}`),
    ['removed [10000]', 'added [15000]'],
  );
  assert.equal(result.notes, undefined);
});

test('equal arrays give no differences and no notes', () => {
  const items = Array.from({ length: 5000 }, (_, i) => ({ id: i, tags: [i % 3] }));
  assert.deepEqual(diffJson(items, JSON.parse(JSON.stringify(items)), { maxDiffs: 10 }), { diffs: [], total: 0 });
});

function unorderedLines(origin: unknown, replay: unknown, unordered: string[], ignore: string[] = []): string[] {
  const options = { maxDiffs: 100, ignore: compileIgnorePaths(ignore), unordered: compileIgnorePaths(unordered) };
  return diffJson(origin, replay, options).diffs.map((d) => `${d.kind} ${formatPath(d.path)} ${JSON.stringify(d.kind === 'added' ? d.replay : d.origin)}`);
}

test('an unordered array reports only elements added or removed, never a shift', () => {
  assert.deepEqual(unorderedLines({ tags: ['a', 'b', 'c'] }, { tags: ['c', 'a', 'b'] }, ['tags']), []);
  assert.deepEqual(unorderedLines({ tags: ['a', 'b', 'c'] }, { tags: ['c', 'd', 'a'] }, ['tags']), ['removed tags[1] "b"', 'added tags[1] "d"']);
  assert.deepEqual(unorderedLines({ l: [{ x: 1, y: [2] }, 3] }, { l: [3, { y: [2.0], x: 1 }] }, ['l']), []);
});

test('an unordered array counts repeats: one difference per extra or missing copy', () => {
  assert.deepEqual(unorderedLines({ l: [1, 1, 1, 2] }, { l: [2, 1] }, ['l']), ['removed l[1] 1', 'removed l[2] 1']);
  assert.deepEqual(unorderedLines({ l: ['x'] }, { l: ['x', 'x', 'x'] }, ['l']), ['added l[1] "x"', 'added l[2] "x"']);
});

test('unordered applies to the matched array itself, not to arrays nested in its elements', () => {
  assert.deepEqual(unorderedLines({ l: [[1, 2]] }, { l: [[2, 1]] }, ['l']), ['removed l[0] [1,2]', 'added l[0] [2,1]']);
  assert.deepEqual(unorderedLines({ l: [{ t: [1, 2] }] }, { l: [{ t: [2, 1] }] }, ['l[*].t']), []);
  assert.deepEqual(lines({ l: [1, 2] }, { l: [2, 1] }), ['removed l[0]', 'added l[1]']);
});

test('elements nested deeper than the recursive equality goes still align as equal', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 300; i += 1) deep = [deep, { k: i }];
  const copy = JSON.parse(JSON.stringify(deep)) as unknown;
  assert.deepEqual(lines([deep, 'x'], ['new', copy, 'x']), ['added [0]']);
});
