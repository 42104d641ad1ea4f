import { kindOf } from './descriptor.js';
import { runEcho } from './echo.js';
import type { Analyse, Echo } from './echo.js';
import { FdOutput } from './fd-output.js';
import type { InputReader } from './input-reader.js';
import { NonBlockingReader } from './non-blocking-reader.js';
import { SyncReader } from './sync-reader.js';

/**
 * Bytes read per system call, so the largest chunk the echo hands to analysis: a pipe gives
 * at most what it holds, a file as much as asked.
 */
export const MAX_READ_BYTES = 1024 * 1024;

/**
 * Whether `startFdEcho` can serve this input: a pipe, a socket or a regular file. A
 * terminal is left to the stream-based echo.
 */
export function fdEchoSupported(inputFd: number): boolean {
  return kindOf(inputFd) !== 'other';
}

/**
 * The echo on raw file descriptors: the fast path of middleware mode. Bytes are read into
 * one reused buffer, written to `outputFd` with `writeSync` (see FdOutput), *then* handed
 * to `analyse`. How the input is read depends on what it is: a regular file with
 * `readSync` (SyncReader); a pipe or a socket in non-blocking mode (NonBlockingReader),
 * `readSync` while data is at hand and the event loop's wake-up when it runs dry. Pipes were
 * once read one `fs.read` at a time in libuv's thread pool: a round trip through the pool per
 * 64 KiB read cost more than the wake-up, in echo delay and beside a busy analysis alike
 * (README, performance).
 */
export function startFdEcho(inputFd: number, outputFd: number, analyse: Analyse, onAnalysisError: (error: unknown) => void): Echo {
  return runEcho(readerFor(inputFd), new FdOutput(outputFd), analyse, onAnalysisError);
}

function readerFor(inputFd: number): InputReader {
  const buffer = Buffer.allocUnsafe(MAX_READ_BYTES);
  const kind = kindOf(inputFd);
  if (kind === 'file') return new SyncReader(inputFd, buffer);
  return new NonBlockingReader(inputFd, buffer);
}
