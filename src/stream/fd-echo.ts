import { fstatSync, readSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Echo, EchoEnd } from './echo.js';

/** Bytes read per system call: a pipe gives at most its capacity (64 KiB), a file all of it. */
const READ_BUFFER_BYTES = 1024 * 1024;
/** How long (ms) after the last data an empty pipe is polled rather than waited on. */
const SPIN_MS = 2;
/** Bytes echoed from a regular file before yielding to the event loop (signals, timers). */
const FILE_SLICE_BYTES = 8 * 1024 * 1024;

/**
 * Whether `startFdEcho` can serve this input: a pipe, a socket or a regular file. A
 * terminal is left to the stream-based echo.
 */
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
 * input is available, written to `outputFd` with `writeSync` (so a slow reader of our
 * output holds the reading back, and nothing piles up in memory), *then* handed to
 * `analyse`, which must copy what it keeps: the chunk is only valid during the call.
 * When a pipe runs dry, the event loop waits for more through a socket on the same
 * descriptor, so signals and timers are served while idle. This avoids a stream and a
 * fresh buffer per chunk, which halves the cost of echoing (measured in `npm run bench`).
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
  let lastData = 0;
  const pumpIfIdle = (): void => {
    if (!waiting) pump();
  };
  let settle: (end: EchoEnd) => void = () => {};
  const done = new Promise<EchoEnd>((resolve) => {
    settle = resolve;
  });
  // For pipes and sockets only: it puts the descriptor in non-blocking mode and tells us when data comes.
  const socket = isFile ? null : new Socket({ fd: inputFd, readable: true, writable: false });

  const finish = (end: EchoEnd): void => {
    if (finished) return;
    finished = true;
    socket?.removeAllListeners('readable');
    socket?.destroy();
    settle(end);
  };

  /** Echoes one chunk, then analyses it; false when the output is gone. */
  const pass = (chunk: Buffer): Promise<void> | undefined | false => {
    if (!writeAll(outputFd, chunk)) {
      finish('output_closed');
      return false;
    }
    try {
      return analyse(chunk);
    } catch (error) {
      onAnalysisError(error);
      return undefined;
    }
  };

  /** Waits for a lagging analysis, then carries on reading. */
  const wait = (backlog: Promise<void>): void => {
    waiting = true;
    void backlog.then(resume, resume);
  };

  /** Reads and echoes while data is at hand; returns when the pipe is empty or reading must wait. */
  const pump = (): void => {
    let sliced = 0;
    while (!finished && !waiting) {
      let length: number;
      try {
        length = readSync(inputFd, buffer, 0, buffer.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          // In a burst the writer is usually only a moment behind: look again on the next turn
          // of the event loop for a while before leaving it to the socket to wake us.
          if (performance.now() - lastData < SPIN_MS) setImmediate(pumpIfIdle);
          return;
        }
        length = 0;
      }
      if (length === 0) {
        finish('input_ended');
        return;
      }
      lastData = performance.now();
      const backlog = pass(buffer.subarray(0, length));
      if (backlog === false) return;
      if (backlog !== undefined) {
        wait(backlog);
        return;
      }
      sliced += length;
      if (isFile && sliced >= FILE_SLICE_BYTES) {
        setImmediate(pump);
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

/** Writes all of `chunk`; false when the output is closed (EPIPE) or fails. */
function writeAll(fd: number, chunk: Buffer): boolean {
  let offset = 0;
  while (offset < chunk.length) {
    try {
      offset += writeSync(fd, chunk, offset, chunk.length - offset);
    } catch (error) {
      // A non-blocking output that is full: wait a moment rather than drop or buffer bytes.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') Atomics.wait(PAUSE, 0, 0, 1);
      else return false;
    }
  }
  return true;
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
