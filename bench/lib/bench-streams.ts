import { DEFAULT_STREAM_OPTIONS } from '../generate-stream.js';
import type { StreamOptions } from '../generate-stream.js';
import { cachedStream } from './stream-cache.js';
import type { CachedStream } from './stream-cache.js';

/** The two streams every figure is taken on. */
export type StreamName = 'mixed' | 'small';

/** A generated stream with the name its figures are printed under. */
export interface BenchStream extends CachedStream {
  readonly name: StreamName;
  readonly options: StreamOptions;
}

/**
 * Robot traffic as it mostly is: many small exchanges whose replays answer alike (same
 * status and body; the replay's headers are Go's, sorted, with a later Date). 40 000
 * exchanges, request bodies of 0.4-0.6 KB, the smallest responses the generator makes;
 * 120 000 messages. Here the analysis costs per message, not per byte.
 */
export const SMALL_STREAM_OPTIONS: StreamOptions = Object.freeze({
  ...DEFAULT_STREAM_OPTIONS,
  seed: 2,
  sizeBytes: Infinity,
  maxExchanges: 40_000,
  mix: Object.freeze({ identical: 1, reordered: 0, changed: 0, gzip: 0, chunked: 0, missing: 0 }),
  sizes: Object.freeze({ request: [400, 600], response: [60, 200] } as const),
});

/** Both streams, generated or reused: `mixed` from `mixed` (the default stream with the command line's generator flags), then `small`. */
export function benchStreams(mixed: StreamOptions): BenchStream[] {
  return [
    { name: 'mixed', options: mixed, ...cachedStream(mixed) },
    { name: 'small', options: SMALL_STREAM_OPTIONS, ...cachedStream(SMALL_STREAM_OPTIONS) },
  ];
}
