import { writeSync } from 'node:fs';

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
/** How long to sleep (ms) before retrying a write to a full non-blocking descriptor. */
const RETRY_MS = 1;

/** Result of writeAllSync: everything written, the rest refused for now (full), or the output gone. */
export type WriteOutcome = { readonly written: number; readonly state: 'done' | 'full' | 'closed' };

/**
 * Writes `chunk` to `fd` with writeSync, looping over partial writes. A full non-blocking
 * descriptor (EAGAIN) is first retried at once up to `retries` times in a row (a reader
 * that is draining the pipe frees room within microseconds, and waiting for it through the
 * event loop costs far more); then it either returns `full` with what was written
 * (`waitWhenFull` false, for a caller that can wait asynchronously) or sleeps a moment
 * and retries (true, for a thread that may block). Any other error (EPIPE: the reader
 * left) returns `closed`. Never throws.
 */
export function writeAllSync(fd: number, chunk: Uint8Array, waitWhenFull: boolean, retries = 0): WriteOutcome {
  let offset = 0;
  let refused = 0;
  while (offset < chunk.length) {
    try {
      offset += writeSync(fd, chunk, offset, chunk.length - offset);
      refused = 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return { written: offset, state: 'closed' };
      if (refused++ < retries) continue;
      if (!waitWhenFull) return { written: offset, state: 'full' };
      Atomics.wait(PAUSE, 0, 0, RETRY_MS);
    }
  }
  return { written: offset, state: 'done' };
}
