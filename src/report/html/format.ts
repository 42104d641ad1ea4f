import type { HistogramData } from '../../insight/report-format.js';
import { HISTOGRAM_MAX_MS, HISTOGRAM_MIN_MS } from '../latency-histogram.js';

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count for people: `10,000`. */
export function count(value: number): string {
  return INTEGER.format(value);
}

/** A rate 0..1 as a percentage: `12.5%`, `<0.1%` for a tiny non-zero one, `–` when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const rate = part / whole;
  if (rate > 0 && rate < 0.001) return '<0.1%';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A share 0..1 already computed: `90.0%`. */
export function share(rate: number): string {
  return percent(rate, 1);
}

/** Milliseconds for people: `0.42 ms`, `12.3 ms`, `1,234 ms`; `–` for none. */
export function millis(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${count(value)} ms`;
}

/**
 * Diffy's colour bands of a failure rate: below 0.1 % `perfect`, below 5 % `almost`, below
 * 50 % `neutral`, else `poor`; `none` when nothing was judged.
 */
export type Band = 'perfect' | 'almost' | 'neutral' | 'poor' | 'none';

export function bandOf(part: number, whole: number): Band {
  if (whole <= 0) return 'none';
  const rate = part / whole;
  if (rate < 0.001) return 'perfect';
  if (rate < 0.05) return 'almost';
  if (rate < 0.5) return 'neutral';
  return 'poor';
}

/** Each histogram bucket's upper bound is this factor above its lower bound, as in LatencyHistogram. */
const GROWTH = 1.01;
/** Buckets 1..SPAN cover the histogram's range; the one after holds every value above it. */
const SPAN = Math.ceil(Math.log(HISTOGRAM_MAX_MS / HISTOGRAM_MIN_MS) / Math.log(GROWTH));

/**
 * The nearest-rank quantile `q` of histogram data, as LatencyHistogram.quantile computes it:
 * the geometric middle of the bucket holding the ⌈q·n⌉-th sample, clamped to the exact
 * minimum and maximum. Bucket 0 holds values up to the histogram's minimum, buckets past the
 * span values above its maximum. Null when empty or malformed.
 */
export function quantileOf(data: HistogramData | undefined, q: number): number | null {
  if (data === undefined || data === null || !(data.count > 0) || !Array.isArray(data.buckets)) return null;
  const min = data.min ?? 0;
  const max = data.max ?? Number.POSITIVE_INFINITY;
  const rank = Math.max(1, Math.ceil(q * data.count));
  let seen = 0;
  for (const [index, bucketCount] of data.buckets) {
    seen += bucketCount;
    if (seen < rank) continue;
    // Above the range nothing is known but the exact maximum.
    if (index > SPAN) return max;
    const estimate = index <= 0 ? HISTOGRAM_MIN_MS : HISTOGRAM_MIN_MS * GROWTH ** (index - 1) * Math.sqrt(GROWTH);
    return Math.min(max, Math.max(min, estimate));
  }
  return data.max;
}
