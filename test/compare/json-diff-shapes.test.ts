import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffJson } from '../../src/compare/json-diff.js';
import { formatPath } from '../../src/compare/ignore-paths.js';
import type { Shape } from '../../src/compare/value-shapes.js';

function lines(origin: unknown, replay: unknown, ignoreShapes: Shape[]): string[] {
  return diffJson(origin, replay, { maxDiffs: 100, ignoreShapes }).diffs.map((d) => `${d.kind} ${formatPath(d.path)}`);
}

const A = '123e4567-e89b-12d3-a456-426614174000';
const B = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

test('ignoreShapes skips leaves whose two values share a listed shape, at any depth and in arrays', () => {
  const origin = { id: A, nested: { ids: [A, A], ip: '10.0.0.1' }, name: 'x' };
  const replay = { id: B, nested: { ids: [B, A], ip: '10.0.0.2' }, name: 'y' };
  assert.deepEqual(lines(origin, replay, ['uuid']), ['changed nested.ip', 'changed name']);
  assert.deepEqual(lines(origin, replay, ['uuid', 'ip']), ['changed name']);
  assert.deepEqual(lines(origin, replay, []), ['changed id', 'changed nested.ids[0]', 'changed nested.ip', 'changed name']);
});

test('ignoreShapes never hides a value replaced by null, another shape, a container, or a key added or removed', () => {
  assert.deepEqual(lines({ id: A }, { id: null }, ['uuid']), ['type_changed id']);
  assert.deepEqual(lines({ id: A }, { id: '10.0.0.1' }, ['uuid', 'ip']), ['changed id']);
  assert.deepEqual(lines({ id: A }, { id: [B] }, ['uuid']), ['type_changed id']);
  assert.deepEqual(lines({ id: A }, { other: B }, ['uuid']), ['removed id', 'added other']);
});

test('ignoreShapes compares timestamps across their forms: epoch seconds replacing an ISO string is noise', () => {
  assert.deepEqual(lines({ at: '2024-05-01T12:34:56Z' }, { at: 1714566999 }, ['timestamp']), []);
  assert.deepEqual(lines({ at: 42 }, { at: 43 }, ['timestamp']), ['changed at']);
});
