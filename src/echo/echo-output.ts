import type { EchoEnd } from './echo.js';

/** Where the echo writes: stdout, as a raw descriptor or as a stream. */
export interface EchoOutput {
  /**
   * Writes all of `chunk` (only valid during the call: what cannot be written at once is
   * copied). `undefined` when written; a promise when the rest is queued, which settles
   * once it is written (or has failed); `false` when the reader has left.
   */
  write(chunk: Buffer): Promise<void> | undefined | false;
  /** Calls `listener` when the reader leaves while a write is queued or in progress. */
  onGone(listener: () => void): void;
  /**
   * The echo is over for `end`: calls `closed` once the output is done with, saying how
   * the echo ended (`output_closed` when writing what was left failed).
   */
  close(end: EchoEnd, closed: (end: EchoEnd) => void): void;
}
