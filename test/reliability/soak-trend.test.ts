import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLine, judgeTrend, parseSoakArgs } from '../../bench/soak.js';

const MB = 1024 * 1024;
const LIMITS = { maxGrowthMb: 20, maxGrowthPct: 10 };

/** One sample a second for `seconds`, RSS given in MB by `mb(t)`. */
function series(seconds: number, mb: (t: number) => number): Array<{ t: number; rss: number }> {
  return Array.from({ length: seconds }, (_, t) => ({ t, rss: mb(t) * MB }));
}

test('fitLine recovers the slope and intercept of an exact line', () => {
  const fit = fitLine([0, 1, 2, 3], [5, 7, 9, 11]);
  assert.deepEqual(fit, { slope: 2, intercept: 5 });
  assert.deepEqual(fitLine([3, 3], [1, 9]), { slope: 0, intercept: 5 });
});

test('the soak accepts RSS that only saw-tooths around a level and rejects RSS that keeps growing', () => {
  const flat = judgeTrend(
    series(600, (t) => 120 + ((t * 7) % 23) - 11),
    LIMITS,
  );
  assert.equal(flat.ok, true, JSON.stringify(flat));
  const leaking = judgeTrend(
    series(600, (t) => 120 + t * 0.05),
    LIMITS,
  );
  assert.equal(leaking.ok, false, JSON.stringify(leaking));
  assert.ok(Math.abs(leaking.slopeMbPerMin - 3) < 0.01, JSON.stringify(leaking));
});

test('growth during the warm-up (the first 20% of samples) does not count', () => {
  const verdict = judgeTrend(
    series(600, (t) => (t < 120 ? 60 + t : 180)),
    LIMITS,
  );
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
  assert.equal(verdict.growthMb, 0);
});

test('the warm-up lasts at least minWarmUpSeconds, however long the run', () => {
  // Memory grows until the first unanswered exchanges expire (the TTL), then levels off.
  const rising = (t: number): number => (t < 60 ? 40 + 2 * t : 160);
  assert.equal(judgeTrend(series(180, rising), LIMITS).ok, false, 'a 20% warm-up (36 s) sees the rise');
  const verdict = judgeTrend(series(180, rising), LIMITS, 75);
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
  assert.equal(verdict.samples, 105);
  const tooShort = judgeTrend(series(60, rising), LIMITS, 75);
  assert.equal(tooShort.samples, 0);
  assert.equal(tooShort.ok, false, 'no window left: not judged flat');
});

test('soak options default to 10 minutes at 3000 messages/s and reject unknown flags', () => {
  assert.deepEqual(parseSoakArgs([]), { minutes: 10, rate: 3000, maxGrowthMb: 20, maxGrowthPct: 10, log: true });
  assert.deepEqual(parseSoakArgs(['--minutes', '1', '--rate', '500', '--no-log']), { minutes: 1, rate: 500, maxGrowthMb: 20, maxGrowthPct: 10, log: false });
  assert.throws(() => parseSoakArgs(['--minutes', '0']), /positive number/);
  assert.throws(() => parseSoakArgs(['--speed', '3']), /unknown option/);
});
