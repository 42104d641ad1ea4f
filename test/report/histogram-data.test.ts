import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LatencyHistogram } from '../../src/report/latency-histogram.js';

const histogramOf = (samples: readonly number[]): LatencyHistogram => {
  const histogram = new LatencyHistogram();
  for (const sample of samples) histogram.record(sample);
  return histogram;
};

test('toData holds sparse ascending buckets and the exact extremes; fromData gives back the same histogram', () => {
  const data = histogramOf([3, 3, 12.5, 900]).toData();
  assert.equal(data.count, 4);
  assert.deepEqual([data.min, data.max], [3, 900]);
  assert.equal(data.buckets.length, 3);
  assert.ok(data.buckets.every(([index, count], i) => count > 0 && (i === 0 || index > data.buckets[i - 1]![0])));
  assert.deepEqual(LatencyHistogram.fromData(data).toData(), data);
  assert.deepEqual(new LatencyHistogram().toData(), { count: 0, min: null, max: null, buckets: [] });
  assert.deepEqual(LatencyHistogram.fromData(new LatencyHistogram().toData()).percentiles(), { count: 0, p50: null, p95: null, p99: null });
});

test('two halves added bucket by bucket have the percentiles of the whole', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.nat(), (samples, cut) => {
      const at = cut % (samples.length + 1);
      const [a, b] = [histogramOf(samples.slice(0, at)).toData(), histogramOf(samples.slice(at)).toData()];
      const buckets = new Map<number, number>();
      for (const [index, count] of [...a.buckets, ...b.buckets]) buckets.set(index, (buckets.get(index) ?? 0) + count);
      const extremes = [a, b].filter((d) => d.count > 0);
      const merged = LatencyHistogram.fromData({
        count: a.count + b.count,
        min: Math.min(...extremes.map((d) => d.min!)),
        max: Math.max(...extremes.map((d) => d.max!)),
        buckets: [...buckets].sort((x, y) => x[0] - y[0]),
      });
      assert.deepEqual(merged.percentiles(), histogramOf(samples).percentiles());
      assert.deepEqual(merged.toData(), histogramOf(samples).toData());
    }),
  );
});

test('fromData ignores buckets out of range and counts that are not positive', () => {
  const histogram = LatencyHistogram.fromData({
    count: 9,
    min: 1,
    max: 1,
    buckets: [
      [-1, 3],
      [1e9, 3],
      [1.5, 2],
      [10, 0],
      [700, 1],
    ],
  });
  assert.equal(histogram.count, 1);
});
