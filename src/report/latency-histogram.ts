import type { HistogramData } from '../insight/report-format.js';

/** Smallest latency the histogram resolves, in ms; anything at or below it shares one bucket. */
export const HISTOGRAM_MIN_MS = 0.001;

/** Largest latency the histogram resolves, in ms (one hour); anything above shares one bucket. */
export const HISTOGRAM_MAX_MS = 3_600_000;

/** Each bucket's upper bound is this factor above its lower bound (1 % wide). */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
/** Bucket 0 holds values up to the minimum; the last one holds values above the maximum. */
const SPAN_BUCKETS = Math.ceil(Math.log(HISTOGRAM_MAX_MS / HISTOGRAM_MIN_MS) / LOG_GROWTH);
const BUCKET_COUNT = SPAN_BUCKETS + 2;
/** A bucket's estimate is its geometric middle, so the relative error is at most half a bucket. */
const MIDDLE = Math.sqrt(GROWTH);

/** p50, p95 and p99 of the recorded samples in ms, null when there are none. */
export interface LatencyPercentiles {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/**
 * Latency percentiles in bounded memory: a log-linear histogram whose buckets are 1 %
 * wide from {@link HISTOGRAM_MIN_MS} to {@link HISTOGRAM_MAX_MS}, so any quantile is
 * within about 0.5 % of the exact sample value, whatever the number of samples. The
 * smallest and largest samples are kept exactly and bound every estimate. Memory is one
 * fixed array of counts, allocated on the first sample. Negative samples (clock skew between capture
 * hosts) count in the lowest bucket; non-finite ones are ignored.
 */
export class LatencyHistogram {
  #counts: Float64Array | undefined;
  #count = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  /** How many samples were recorded. */
  get count(): number {
    return this.#count;
  }

  /** Adds one sample in ms. */
  record(valueMs: number): void {
    if (!Number.isFinite(valueMs)) return;
    this.#counts ??= new Float64Array(BUCKET_COUNT);
    this.#counts[bucketOf(valueMs)]! += 1;
    this.#count += 1;
    if (valueMs < this.#min) this.#min = valueMs;
    if (valueMs > this.#max) this.#max = valueMs;
  }

  /**
   * The nearest-rank quantile `q` (0 < q ≤ 1) in ms: the estimate for the bucket holding
   * the ⌈q·n⌉-th smallest sample, clamped to the exact minimum and maximum. Null when empty.
   */
  quantile(q: number): number | null {
    const counts = this.#counts;
    if (counts === undefined || this.#count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let i = 0; i < counts.length; i += 1) {
      seen += counts[i]!;
      if (seen >= rank) return Math.min(this.#max, Math.max(this.#min, estimateOf(i)));
    }
    return this.#max;
  }

  /** The samples as sparse buckets (ascending index, counts above 0) with the exact extremes: what reports carry, and merge by adding buckets. */
  toData(): HistogramData {
    const buckets: Array<readonly [number, number]> = [];
    const counts = this.#counts;
    if (counts !== undefined) for (let i = 0; i < counts.length; i += 1) if (counts[i]! > 0) buckets.push([i, counts[i]!]);
    return { count: this.#count, min: this.#count === 0 ? null : this.#min, max: this.#count === 0 ? null : this.#max, buckets };
  }

  /** A histogram holding exactly the samples of `data` (as {@link toData} wrote them); buckets out of range or not positive are ignored. */
  static fromData(data: HistogramData): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const [index, count] of data.buckets) {
      if (!Number.isInteger(index) || index < 0 || index >= BUCKET_COUNT || !(count > 0)) continue;
      histogram.#counts ??= new Float64Array(BUCKET_COUNT);
      histogram.#counts[index]! += count;
      histogram.#count += count;
    }
    if (histogram.#count > 0) {
      histogram.#min = data.min ?? estimateOf(0);
      histogram.#max = data.max ?? HISTOGRAM_MAX_MS;
    }
    return histogram;
  }

  /** p50, p95 and p99 rounded to the microsecond. */
  percentiles(): LatencyPercentiles {
    return {
      count: this.#count,
      p50: roundMicro(this.quantile(0.5)),
      p95: roundMicro(this.quantile(0.95)),
      p99: roundMicro(this.quantile(0.99)),
    };
  }
}

function bucketOf(valueMs: number): number {
  if (valueMs <= HISTOGRAM_MIN_MS) return 0;
  if (valueMs > HISTOGRAM_MAX_MS) return BUCKET_COUNT - 1;
  const index = 1 + Math.floor(Math.log(valueMs / HISTOGRAM_MIN_MS) / LOG_GROWTH);
  return Math.min(index, SPAN_BUCKETS);
}

function estimateOf(bucket: number): number {
  if (bucket === 0) return HISTOGRAM_MIN_MS;
  // Above the range nothing is known but the exact maximum, which the caller clamps to.
  if (bucket === BUCKET_COUNT - 1) return Number.POSITIVE_INFINITY;
  return HISTOGRAM_MIN_MS * GROWTH ** (bucket - 1) * MIDDLE;
}

function roundMicro(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 1000;
}
