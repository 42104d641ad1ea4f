import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginExchange, PluginHelpers } from '../../src/compare/plugin-api.js';
import { defineComparator } from '../../src/compare/plugin-api.js';
import { MAX_OWN_REASONS, readPluginExport, runPlugin } from '../../src/compare/plugin-comparator.js';
import type { PluginComparator, PluginLimits } from '../../src/compare/plugin-comparator.js';
import { REASONS } from '../../src/compare/verdict.js';
import { ExactNumber } from '../../src/compare/exact-number.js';

// The checks of comparator modules' exports and of what a comparator returns: each way a
// comparator can fail is comparator_error for its exchange, with a detail saying which.

const EXCHANGE = {} as PluginExchange;
const HELPERS = {} as PluginHelpers;
const LIMITS: PluginLimits = { timeoutMs: 100, now: () => 0, maxDiffs: 3 };

function comparator(name: string, value: unknown): PluginComparator {
  const read = readPluginExport(name, value);
  assert.ok(read !== null && typeof read !== 'string', String(read));
  return read;
}

function run(compare: (...args: unknown[]) => unknown, limits = LIMITS, reasons?: string[]) {
  return runPlugin(comparator('rules', reasons === undefined ? compare : { reasons, compare }), EXCHANGE, HELPERS, limits);
}

function assertFails(judgement: ReturnType<typeof run>, detail: RegExp): void {
  assert.deepEqual({ verdict: judgement.verdict, reason: judgement.reason, diffs: judgement.diffs }, { verdict: 'error', reason: 'comparator_error', diffs: [] });
  assert.match(judgement.detail ?? '', detail);
  assert.ok(!(judgement.detail ?? '').includes('\n'), 'one line');
}

test('an export is a comparator when it is a function or { compare }; other exports are not comparators', () => {
  assert.equal(readPluginExport('LIMIT', 3), null);
  assert.equal(readPluginExport('config', { max: 1 }), null);
  assert.equal(readPluginExport('nothing', null), null);
  const plain = comparator('cartRules', () => ({ verdict: 'ok', reason: 'comparator_ok' }));
  assert.deepEqual([plain.name, [...plain.reasons]], ['cartRules', []]);
  const defined = comparator('cart_v2', defineComparator({ reasons: ['rounded'], compare: () => ({ verdict: 'ok', reason: 'comparator_ok' }) }));
  assert.deepEqual([defined.name, [...defined.reasons]], ['cart_v2', ['rounded']]);
});

test('a definition is called as a method of its object', () => {
  const definition = {
    verdict: 'warn',
    compare(this: { verdict: string }) {
      return { verdict: this.verdict, reason: 'body_mismatch' };
    },
  };
  assert.equal(runPlugin(comparator('rules', definition), EXCHANGE, HELPERS, LIMITS).verdict, 'warn');
});

test('an export that cannot be used is refused, saying why', () => {
  const compare = () => ({});
  for (const [name, value, why] of [
    ['json', compare, /built-in comparator/],
    ['text', { compare }, /built-in comparator/],
    ['$rules', compare, /cannot name/],
    ['rules', { compare, reasons: 'rounded' }, /list of strings/],
    ['rules', { compare, reasons: ['Rounded'] }, /must be \[a-z\]/],
    ['rules', { compare, reasons: ['a'.repeat(41)] }, /at most 40/],
    ['rules', { compare, reasons: [7] }, /must be \[a-z\]/],
    ['rules', { compare, reasons: ['body_mismatch'] }, /built-in one/],
    ['rules', { compare, reasons: Array.from({ length: MAX_OWN_REASONS + 1 }, (_, i) => `r${i}`) }, /more than 16/],
  ] as const) {
    const read = readPluginExport(name, value);
    assert.equal(typeof read, 'string', `${name} ${JSON.stringify(value)}`);
    assert.match(read as string, why);
  }
});

test('a valid result becomes the judgement: built-in reasons as they are, declared ones under the comparator name', () => {
  assert.deepEqual(
    run(() => ({ verdict: 'ok', reason: 'comparator_ok' })),
    { verdict: 'ok', reason: 'comparator_ok', diffs: [], totalDiffs: 0 },
  );
  const own = run(() => ({ verdict: 'warn', reason: 'rounded', detail: 'a cent off' }), LIMITS, ['rounded']);
  assert.deepEqual(own, { verdict: 'warn', reason: 'rules:rounded', diffs: [], totalDiffs: 0, detail: 'a cent off' });
  // Every built-in reason of a complete exchange may be given, comparator_error included (a default judgement passed on).
  for (const reason of REASONS.filter((r) => !['missing_replay', 'missing_origin', 'replay_failed'].includes(r))) {
    assert.equal(run(() => ({ verdict: 'error', reason })).reason, reason);
  }
});

test('diffs are read from paths as lists or texts, capped at --max-diffs, and all counted', () => {
  const diffs = [
    { path: ['items', 2, 'price'], kind: 'changed', origin: 1, replay: 2 },
    { path: 'items[3].name', kind: 'removed', origin: 'a' },
    { path: '', kind: 'type_changed', origin: { a: [1, null, true] }, replay: new ExactNumber('12345678901234567890') },
    { path: 'x', kind: 'added', replay: 'b' },
  ];
  const judgement = run(() => ({ verdict: 'error', reason: 'body_mismatch', diffs }));
  assert.equal(judgement.totalDiffs, 4);
  assert.deepEqual(
    judgement.diffs.map((diff) => [diff.path, diff.kind]),
    [
      [['items', 2, 'price'], 'changed'],
      [['items', 3, 'name'], 'removed'],
      [[], 'type_changed'],
    ],
  );
  assert.equal(run(() => ({ verdict: 'error', reason: 'body_mismatch', diffs: diffs.slice(0, 1), totalDiffs: 40 })).totalDiffs, 40);
});

test('a keyed element in a path list (as the diff helper gives it with --array-key) is read as one; a malformed one is refused', () => {
  const judgement = run(() => ({
    verdict: 'error',
    reason: 'body_mismatch',
    diffs: [{ path: ['items', { field: 'id', value: 7 }, 'price'], kind: 'changed', origin: 1, replay: 2 }],
  }));
  assert.deepEqual(judgement.diffs[0]?.path, ['items', { field: 'id', value: 7 }, 'price']);
  for (const segment of [{ field: 'id' }, { field: 7, value: 7 }, { field: 'id', value: null }, { field: 'id', value: Number.NaN }]) {
    assertFails(
      run(() => ({ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: ['items', segment], kind: 'added', replay: 1 }] })),
      /diffs\[0\]\.path/,
    );
  }
});

test('a replay path beside a path (as the diff helper gives it for a shifted element) is read in either form; a malformed one is refused', () => {
  const judgement = run(() => ({
    verdict: 'error',
    reason: 'body_mismatch',
    diffs: [
      { path: ['items', 1, 'price'], kind: 'changed', origin: 7, replay: 8, replayPath: ['items', 2, 'price'] },
      { path: 'items[1].name', kind: 'changed', origin: 'a', replay: 'b', replayPath: 'items[2].name' },
      { path: 'total', kind: 'changed', origin: 1, replay: 2 },
    ],
  }));
  assert.deepEqual(
    judgement.diffs.map((diff) => diff.replayPath),
    [['items', 2, 'price'], ['items', 2, 'name'], undefined],
  );
  // Dropped where it says nothing: the same path, or a removed value (which the replay does not hold).
  const idle = run(() => ({
    verdict: 'error',
    reason: 'body_mismatch',
    diffs: [
      { path: 'items[4].qty', kind: 'changed', origin: 1, replay: 2, replayPath: ['items', 4, 'qty'] },
      { path: 'items[5]', kind: 'removed', origin: 1, replayPath: 'items[6]' },
    ],
  }));
  assert.deepEqual(
    idle.diffs.map((diff) => diff.replayPath),
    [undefined, undefined],
  );
  for (const replayPath of [7, ['items', -1], [{ field: 'id' }]]) {
    assertFails(
      run(() => ({ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 'a', kind: 'changed', origin: 1, replay: 2, replayPath }] })),
      /diffs\[0\]\.replayPath/,
    );
  }
});

test('a malformed result is comparator_error naming what is wrong', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /expected an object.*got undefined/],
    [null, /got null/],
    [['ok'], /got a list/],
    ['ok', /got string/],
    [{ verdict: 'incomplete', reason: 'comparator_ok' }, /verdict must be ok, warn or error, not "incomplete"/],
    [{ verdict: 'fine', reason: 'comparator_ok' }, /verdict must be/],
    [{ verdict: 'ok' }, /reason undefined is neither/],
    [{ verdict: 'ok', reason: 'looks_fine' }, /reason "looks_fine" is neither a built-in reason nor one the comparator declares/],
    [{ verdict: 'error', reason: 'missing_replay' }, /reason "missing_replay"/],
    [{ verdict: 'ok', reason: 'comparator_ok', diff: [] }, /unknown key "diff"/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: 'a' }, /diffs must be a list/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [7] }, /diffs\[0\] must be an object/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 7, kind: 'added' }] }, /diffs\[0\]\.path/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: ['a', -1], kind: 'added' }] }, /diffs\[0\]\.path/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 'a', kind: 'moved' }] }, /diffs\[0\]\.kind must be/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 'a', kind: 'added', replay: cyclic }] }, /diffs\[0\]\.replay must be a JSON value/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 'a', kind: 'added', replay: () => 1 }] }, /must be a JSON value/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 'a', kind: 'changed', origin: Number.NaN }] }, /origin must be a JSON value/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 'a', kind: 'changed', origin: new Date(0) }] }, /origin must be a JSON value/],
    [{ verdict: 'error', reason: 'body_mismatch', diffs: [{ path: 'a', kind: 'added' }], totalDiffs: 0 }, /totalDiffs must be an integer no smaller/],
    [{ verdict: 'ok', reason: 'comparator_ok', detail: 7 }, /detail must be a string/],
  ];
  for (const [result, detail] of cases)
    assertFails(
      run(() => result),
      new RegExp(`^comparator rules returned a malformed result: .*${detail.source}`),
    );
});

test('a result whose fields throw when read is comparator_error too', () => {
  const result = {
    get verdict(): string {
      throw new Error('no verdict today');
    },
  };
  assertFails(
    run(() => result),
    /^comparator rules returned a result that could not be read: Error: no verdict today$/,
  );
});

test('a comparator that throws gives comparator_error with what it threw, whatever it is', () => {
  assertFails(
    run(() => {
      throw new TypeError('cannot read properties of undefined');
    }),
    /^comparator rules threw TypeError: cannot read properties of undefined$/,
  );
  assertFails(
    run(() => {
      throw 'a string';
    }),
    /^comparator rules threw a string$/,
  );
  const long = run(() => {
    throw new Error(`line one\nline two ${'x'.repeat(2000)}`);
  });
  assert.ok((long.detail ?? '').length <= 500 && (long.detail ?? '').endsWith('…'), 'a long message is shortened');
});

test('a Promise is refused (comparators are synchronous), and its rejection is never left unhandled', async () => {
  let unhandled = 0;
  const onUnhandled = (): void => {
    unhandled++;
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    assertFails(
      run(() => Promise.reject(new Error('later'))),
      /returned a Promise; comparators are synchronous/,
    );
    assertFails(
      run(async () => ({ verdict: 'ok', reason: 'comparator_ok' })),
      /returned a Promise/,
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(unhandled, 0);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('a comparator that takes longer than the timeout, by the injected clock, is comparator_error; up to it is fine', () => {
  let now = 1000;
  const limits: PluginLimits = { timeoutMs: 100, now: () => now, maxDiffs: 3 };
  const slow = (ms: number) => () => {
    now += ms;
    return { verdict: 'ok', reason: 'comparator_ok' };
  };
  assert.equal(run(slow(100), limits).verdict, 'ok');
  assertFails(run(slow(101), limits), /^comparator rules took 101 ms, longer than --comparator-timeout \(100 ms\)$/);
  // Measured after the call: a slow comparator that also throws is reported for its throw.
  assertFails(
    run(() => {
      now += 500;
      throw new Error('slow and broken');
    }, limits),
    /threw Error: slow and broken/,
  );
});
