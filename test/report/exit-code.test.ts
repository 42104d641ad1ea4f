import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/compare/verdict.js';
import { exitCodeFor, verdictsAtLeast } from '../../src/report/exit-code.js';

const counts = (partial: Partial<Record<Verdict, number>>): { exchanges: Record<Verdict, number> } => ({
  exchanges: { ok: 0, warn: 0, error: 0, incomplete: 0, ...partial },
});

test('without --fail-on the exit code is 0 whatever happened', () => {
  assert.equal(exitCodeFor(counts({ error: 5, incomplete: 2 }), null), 0);
});

test('--fail-on error fails on errors only', () => {
  assert.equal(exitCodeFor(counts({ error: 1 }), 'error'), 1);
  assert.equal(exitCodeFor(counts({ ok: 9, warn: 3, incomplete: 4 }), 'error'), 0);
});

test('--fail-on incomplete fails on incomplete or error, not on warn', () => {
  assert.equal(exitCodeFor(counts({ incomplete: 1 }), 'incomplete'), 1);
  assert.equal(exitCodeFor(counts({ error: 1 }), 'incomplete'), 1);
  assert.equal(exitCodeFor(counts({ ok: 3, warn: 2 }), 'incomplete'), 0);
});

test('--fail-on warn fails on anything but ok', () => {
  assert.equal(exitCodeFor(counts({ warn: 1 }), 'warn'), 1);
  assert.equal(exitCodeFor(counts({ ok: 100 }), 'warn'), 0);
});

test('the ladder runs ok < warn < incomplete < error', () => {
  assert.deepEqual(verdictsAtLeast('error'), ['error']);
  assert.deepEqual(verdictsAtLeast('incomplete').sort(), ['error', 'incomplete']);
  assert.deepEqual(verdictsAtLeast('warn').sort(), ['error', 'incomplete', 'warn']);
});
