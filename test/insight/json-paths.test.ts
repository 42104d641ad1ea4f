import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapsedPath } from '../../src/insight/fingerprint.js';
import { collapsedPathsOf, MAX_WALKED_NODES } from '../../src/insight/json-paths.js';

test('the paths of a body are written as the differences collapse theirs, each once', () => {
  const body = JSON.parse('[{"a":{"b.c":[1,{"d":2}]},"__proto__":null,"x y":1}, {"a":{"b.c":[]}}]') as unknown;
  const expected = [[0], [0, 'a'], [0, 'a', 'b.c'], [0, 'a', 'b.c', 0], [0, 'a', 'b.c', 1, 'd'], [0, '__proto__'], [0, 'x y']].map((path) => collapsedPath(path));
  assert.deepEqual(collapsedPathsOf(body).sort(), [...new Set(expected)].sort());
  assert.deepEqual(collapsedPathsOf(7), []);
});

test('a body is walked only up to the node limit', () => {
  const wide = Object.fromEntries(Array.from({ length: MAX_WALKED_NODES * 2 }, (_, i) => [`k${i}`, i]));
  assert.equal(collapsedPathsOf(wide).length, MAX_WALKED_NODES - 1);
});
