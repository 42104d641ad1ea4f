import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HISTOGRAM_MAX_MS, LatencyHistogram } from '../../src/report/latency-histogram.js';

/** The exact nearest-rank quantile of `samples`. */
function exactQuantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

/** A deterministic pseudo-random generator (mulberry32), so the test never flakes. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertClose(actual: number | null, expected: number, relative: number): void {
  assert.ok(actual !== null, 'expected a value');
  const error = Math.abs(actual - expected) / expected;
  assert.ok(error <= relative, `${actual} is ${(error * 100).toFixed(2)} % away from ${expected}`);
}

test('an empty histogram has no percentiles', () => {
  const histogram = new LatencyHistogram();
  assert.deepEqual(histogram.percentiles(), { count: 0, p50: null, p95: null, p99: null });
});

test('percentiles of 1..1000 ms are within 1 % of the exact nearest-rank values', () => {
  const histogram = new LatencyHistogram();
  for (let ms = 1; ms <= 1000; ms += 1) histogram.record(ms);
  const { count, p50, p95, p99 } = histogram.percentiles();
  assert.equal(count, 1000);
  assertClose(p50, 500, 0.01);
  assertClose(p95, 950, 0.01);
  assertClose(p99, 990, 0.01);
});

test('percentiles of a skewed sample spanning microseconds to seconds stay within 1 %', () => {
  const next = random(42);
  const samples: number[] = [];
  const histogram = new LatencyHistogram();
  for (let i = 0; i < 20000; i += 1) {
    // Log-uniform between 0.01 ms and 5 s.
    const ms = 0.01 * Math.exp(next() * Math.log(500000));
    samples.push(ms);
    histogram.record(ms);
  }
  for (const q of [0.5, 0.95, 0.99]) assertClose(histogram.quantile(q), exactQuantile(samples, q), 0.01);
});

test('a single sample is reported exactly, because estimates are clamped to the extremes', () => {
  const histogram = new LatencyHistogram();
  histogram.record(12.345);
  assert.deepEqual(histogram.percentiles(), { count: 1, p50: 12.345, p95: 12.345, p99: 12.345 });
});

test('zero and negative samples share the lowest bucket and over-an-hour ones report the exact maximum', () => {
  const histogram = new LatencyHistogram();
  histogram.record(0);
  histogram.record(-3);
  histogram.record(HISTOGRAM_MAX_MS * 2);
  assert.equal(histogram.count, 3);
  assert.equal(histogram.quantile(0.5), 0.001);
  assert.equal(histogram.quantile(1), HISTOGRAM_MAX_MS * 2);
});

test('non-finite samples are ignored', () => {
  const histogram = new LatencyHistogram();
  histogram.record(Number.NaN);
  histogram.record(Number.POSITIVE_INFINITY);
  assert.equal(histogram.count, 0);
  assert.equal(histogram.quantile(0.5), null);
});
