import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collapsedPath, fingerprintIdOf, fingerprintOf, fingerprintTextOf } from '../../src/insight/fingerprint.js';
import type { FingerprintInput } from '../../src/insight/fingerprint.js';
import { formatPath } from '../../src/compare/ignore-paths.js';

test('array positions collapse to [*], keys stay as the path formatter writes them', () => {
  assert.equal(collapsedPath([]), '$');
  assert.equal(collapsedPath(['results', 'items', 3, 'price']), 'results.items[*].price');
  assert.equal(collapsedPath([0, 1, 'a']), '[*][*].a');
  assert.equal(collapsedPath(['a[0]', 'b c', '0']), '["a[0]"]["b c"]["0"]');
  assert.equal(collapsedPath(['headers', 'content-type']), formatPath(['headers', 'content-type']));
});

test('a path without array positions is written exactly as the path formatter writes it', () => {
  fc.assert(
    fc.property(fc.array(fc.string(), { maxLength: 6 }), (keys) => {
      assert.equal(collapsedPath(keys), formatPath(keys));
    }),
  );
});

const base: FingerprintInput = {
  route: 'cart',
  verdict: 'error',
  reason: 'body_mismatch',
  status: { origin: 200, replay: 200 },
  diffs: [
    { path: ['items', 3, 'price'], kind: 'changed', origin: 1, replay: 2 },
    { path: ['total'], kind: 'changed', origin: 1, replay: 2 },
  ],
};

test('the same regression at other indices, in another order, with other values, repeated, has one fingerprint', () => {
  const other = fingerprintOf({
    ...base,
    diffs: [
      { path: ['total'], kind: 'changed', origin: 5, replay: 6 },
      { path: ['items', 0, 'price'], kind: 'changed', origin: 7, replay: 8 },
      { path: ['items', 9, 'price'], kind: 'changed', origin: 7, replay: 9 },
    ],
  });
  const first = fingerprintOf(base);
  assert.equal(other.id, first.id);
  assert.deepEqual(first.fields, [
    ['items[*].price', 'changed'],
    ['total', 'changed'],
  ]);
  assert.match(first.id, /^c[0-9a-f]{12}$/);
});

test('route, verdict, reason, each status, a path or a kind each make another fingerprint', () => {
  const id = fingerprintOf(base).id;
  const variants: FingerprintInput[] = [
    { ...base, route: 'cart2' },
    { ...base, verdict: 'warn' },
    { ...base, reason: 'header_mismatch' },
    { ...base, status: { origin: 200, replay: 500 } },
    { ...base, status: { origin: null, replay: 200 } },
    { ...base, diffs: [base.diffs[0]!] },
    { ...base, diffs: [base.diffs[0]!, { path: ['total'], kind: 'type_changed', origin: 1, replay: '1' }] },
  ];
  const ids = new Set(variants.map((variant) => fingerprintOf(variant).id));
  assert.equal(ids.size, variants.length);
  assert.ok(!ids.has(id));
});

test('the ID is stable: the same input gives the same ID as when this test was written', () => {
  // A fixed expectation, so that a change to the fingerprint's text (which would make every
  // baseline report's clusters look new) fails here first.
  assert.equal(fingerprintOf(base).id, fingerprintOf(structuredClone(base)).id);
  assert.equal(fingerprintOf(base).id, 'ce52ba0d42ac3');
});

test('the text and its ID, taken apart, are the fingerprint', () => {
  const { text, fields } = fingerprintTextOf(base);
  assert.deepEqual({ id: fingerprintIdOf(text), fields }, fingerprintOf(base));
});
