import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonDifference } from '../../src/compare/json-difference.js';
import { FIELD_EXAMPLES, FieldStatistics } from '../../src/insight/field-stats.js';
import type { FieldInput } from '../../src/insight/field-stats.js';

const judged = (id: string, diffs: JsonDifference[], over: Partial<FieldInput> = {}): FieldInput => ({
  id,
  route: 'cart',
  verdict: diffs.length === 0 ? 'ok' : 'error',
  diffs,
  ...over,
});
const changed = (...path: Array<string | number>): JsonDifference => ({ path, kind: 'changed', origin: 1, replay: 2 });

test('per route and collapsed path: judged exchanges, how many had the path differ, kinds once per exchange, first examples', () => {
  const fields = new FieldStatistics(500);
  fields.add(judged('a', [changed('items', 0, 'price'), changed('items', 1, 'price'), { path: ['items', 2, 'price'], kind: 'removed', origin: 3 }]));
  fields.add(judged('b', [changed('items', 4, 'price')]));
  fields.add(judged('c', []));
  fields.add(judged('d', [changed('total')], { verdict: 'incomplete' }));
  fields.add(judged('e', [{ path: ['note'], kind: 'added', replay: 'x' }], { route: 'search', verdict: 'warn' }));
  assert.deepEqual(fields.snapshot(), {
    cart: { judged: 3, paths: { 'items[*].price': { count: 2, kinds: { changed: 2, removed: 1 }, examples: ['a', 'b'] } }, overflow: 0 },
    search: { judged: 1, paths: { note: { count: 1, kinds: { added: 1 }, examples: ['e'] } }, overflow: 0 },
  });
});

test('examples stop at the first five exchanges; counts go on', () => {
  const fields = new FieldStatistics(500);
  for (let i = 0; i < 12; i += 1) fields.add(judged(`x${i}`, [changed('price')]));
  const stat = fields.snapshot()['cart']?.paths['price'];
  assert.equal(stat?.count, 12);
  assert.deepEqual(stat?.examples, ['x0', 'x1', 'x2', 'x3', 'x4'].slice(0, FIELD_EXAMPLES));
});

test('a full route counts further paths as overflow, per exchange and path, and keeps counting the paths it holds', () => {
  const fields = new FieldStatistics(2);
  fields.add(judged('a', [changed('one'), changed('two'), changed('three')]));
  fields.add(judged('b', [changed('one'), changed('four')]));
  const cart = fields.snapshot()['cart']!;
  assert.deepEqual(Object.keys(cart.paths), ['one', 'two']);
  assert.equal(cart.paths['one']?.count, 2);
  assert.equal(cart.overflow, 2);
});

test('100 000 distinct paths stay within the cap on every route', () => {
  const fields = new FieldStatistics(500);
  for (let i = 0; i < 100_000; i += 1) fields.add(judged(`id${i}`, [changed(`field${i}`)], { route: `r${i % 3}` }));
  assert.equal(fields.pathCount, 3 * 500);
  const snapshot = fields.snapshot();
  for (const route of Object.values(snapshot)) {
    assert.equal(Object.keys(route.paths).length, 500);
    assert.equal(route.overflow + 500, route.judged);
  }
});

test('routes and paths named like Object.prototype members are kept as data', () => {
  const fields = new FieldStatistics(10);
  fields.add(judged('a', [changed('__proto__'), changed('constructor')], { route: '__proto__' }));
  const snapshot = fields.snapshot();
  assert.deepEqual(Object.keys(snapshot), ['__proto__']);
  const route = Object.getOwnPropertyDescriptor(snapshot, '__proto__')?.value as { paths: object };
  assert.deepEqual(Object.keys(route.paths), ['__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(snapshot), Object.prototype);
});
