import { fstatSync, readSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Echo, EchoEnd } from './echo.js';
import { writeAllSync } from './write-all.js';

/** Bytes read per system call: a pipe gives at most its capacity (64 KiB), a file all of it. */
const READ_BUFFER_BYTES = 1024 * 1024;
/** Bytes echoed before yielding to the event loop (signals, timers, analysis messages). */
const SLICE_BYTES = 8 * 1024 * 1024;
/**
 * A read at least this long means the writer is streaming (the pipe was full or nearly):
 * the pipe it just emptied will very likely refill within microseconds.
 */
const STREAMING_READ_BYTES = 32 * 1024;
/**
 * Immediate retries of a read or write refused with EAGAIN while streaming, before waiting
 * through the event loop. Measured on the 105 MB bench stream (cat | X | cat, 2 cores):
 * an EAGAIN clears after one or two retries almost every time, and retrying instead of
 * going back to the event loop took the bare echo from 0.27-0.35 s to 0.26-0.31 s. Bounded,
 * so an idle writer or a stalled reader costs at most this many failed system calls
 * (tens of microseconds) before the wait becomes a real one.
 */
const EAGAIN_RETRIES = 64;

/**
 * Whether `startFdEcho` can serve this input: a pipe, a socket or a regular file. A
 * terminal is left to the stream-based echo.
 */
function isStream(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

export function fdEchoSupported(inputFd: number): boolean {
  try {
    const stat = fstatSync(inputFd);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false;
  }
}

/**
 * The one writer of the protocol channel, on raw file descriptors: the fast path of
 * middleware mode. Bytes are read with `readSync` into one reused buffer for as long as
 * input is available, written to `outputFd` with `writeSync`, *then* handed to `analyse`,
 * which must copy what it keeps: the chunk is only valid during the call. When the output
 * pipe is full, the rest of the chunk waits on a socket and reading pauses until it is
 * written, so a slow reader holds the reading back and nothing piles up in memory.
 * When a pipe runs dry, the event loop waits for more through a socket on the same
 * descriptor, so signals and timers are served while idle. Reading in bursts into one
 * reused buffer, instead of a stream with a fresh buffer per chunk, cut peak RSS on the
 * 105 MB bench stream from 93 to 72 MB (echo only); wall time was unchanged, since an
 * empty pipe still sends the data through the socket.
 *
 * `analyse` may return a promise when it is too far behind: reading then waits for it.
 * EPIPE (or any write error) means the reader left: `done` resolves `output_closed`.
 */
export function startFdEcho(
  inputFd: number,
  outputFd: number,
  analyse: (chunk: Buffer) => Promise<void> | undefined,
  onAnalysisError: (error: unknown) => void,
): Echo {
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const isFile = fstatSync(inputFd).isFile();
  let finished = false;
  let waiting = false;
  let ended = false;
  let settle: (end: EchoEnd) => void = () => {};
  const done = new Promise<EchoEnd>((resolve) => {
    settle = resolve;
  });
  // For pipes and sockets only: it puts the descriptor in non-blocking mode and tells us when data comes.
  const socket = isFile ? null : new Socket({ fd: inputFd, readable: true, writable: false });
  // Likewise for the output, so that a reader who stops reading never blocks the thread
  // (signals must still be served): a full pipe is waited on through this socket.
  const output = isStream(outputFd) ? new Socket({ fd: outputFd, readable: false, writable: true }) : null;
  output?.on('error', () => finish('output_closed'));

  const finish = (end: EchoEnd): void => {
    if (finished) return;
    finished = true;
    socket?.removeAllListeners('readable');
    socket?.destroy();
    // Anything still queued for a reader who stopped reading is abandoned: we are stopping.
    output?.destroy();
    settle(end);
  };

  /**
   * Echoes one chunk, then analyses it; false when the output is gone. When the output is
   * full, the rest is queued on the output socket and the returned promise waits for it.
   */
  const pass = (chunk: Buffer): Promise<void> | undefined | false => {
    const outcome = writeAllSync(outputFd, chunk, output === null, EAGAIN_RETRIES);
    if (outcome.state === 'closed') {
      finish('output_closed');
      return false;
    }
    let flushed: Promise<void> | undefined;
    if (outcome.state === 'full' && output !== null) {
      const rest = Buffer.from(chunk.subarray(outcome.written));
      flushed = new Promise<void>((resolve) => output.write(rest, () => resolve()));
    }
    let backlog: Promise<void> | undefined;
    try {
      backlog = analyse(chunk);
    } catch (error) {
      onAnalysisError(error);
    }
    if (flushed === undefined) return backlog;
    return backlog === undefined ? flushed : Promise.all([flushed, backlog]).then(() => undefined);
  };

  /** Waits for a lagging analysis, then carries on reading. */
  const wait = (backlog: Promise<void>): void => {
    waiting = true;
    void backlog.then(resume, resume);
  };

  /** One read; -1 when the pipe is empty (EAGAIN), 0 at end of input (or a read error). */
  const readOnce = (): number => {
    try {
      return readSync(inputFd, buffer, 0, buffer.length, null);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EAGAIN' ? -1 : 0;
    }
  };

  /**
   * Reads and echoes while data is at hand; returns when the pipe is empty or reading must
   * wait. After a long read (the writer is streaming) an empty pipe is retried a few times
   * at once; after a short one (a trickle) the event loop waits for the socket.
   */
  const pump = (): void => {
    let sliced = 0;
    let streaming = false;
    while (!finished && !waiting) {
      let length = readOnce();
      for (let retry = 0; length < 0 && streaming && retry < EAGAIN_RETRIES; retry++) length = readOnce();
      // The pipe is empty: the socket wakes us when data comes (polling would burn a core).
      if (length < 0) return;
      if (length === 0) {
        finish('input_ended');
        return;
      }
      streaming = length >= STREAMING_READ_BYTES;
      const backlog = pass(buffer.subarray(0, length));
      if (backlog === false) return;
      if (backlog !== undefined) {
        wait(backlog);
        return;
      }
      sliced += length;
      if (sliced >= SLICE_BYTES) {
        // Let timers, signals and the analysis thread's messages in; resume drains the socket first.
        setImmediate(resume);
        return;
      }
    }
  };

  /** Drains what the socket already read (it is older than anything readSync would get), then pumps. */
  const drainSocket = (): void => {
    if (socket === null) return;
    let chunk: Buffer | null;
    while (!finished && !waiting && (chunk = socket.read() as Buffer | null) !== null) {
      const backlog = pass(chunk);
      if (backlog === false) return;
      if (backlog !== undefined) wait(backlog);
    }
  };

  const resume = (): void => {
    waiting = false;
    if (finished) return;
    drainSocket();
    if (waiting || finished) return;
    if (ended) finish('input_ended');
    else pump();
  };

  if (socket !== null) {
    // While analysis is catching up, new data waits in the pipe (and the socket's small buffer).
    socket.on('readable', () => {
      if (!waiting) resume();
    });
    socket.once('end', () => {
      ended = true;
      if (!waiting) resume();
    });
    socket.once('error', () => {
      ended = true;
      if (!waiting) resume();
    });
  }
  setImmediate(resume);
  return { done, stop: () => finish('stopped') };
}

