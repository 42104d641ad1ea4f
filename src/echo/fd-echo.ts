import { fstatSync, read, readSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Echo, EchoEnd } from './stream-echo.js';
import { canWakePendingRead, wakePendingRead } from './pipe-wake.js';
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

/** What a descriptor is, as far as the echo cares; `other` for a terminal or an error. */
type FdKind = 'file' | 'fifo' | 'socket' | 'other';

function kindOf(fd: number): FdKind {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return 'file';
    if (stat.isFIFO()) return 'fifo';
    return stat.isSocket() ? 'socket' : 'other';
  } catch {
    return 'other';
  }
}

/**
 * Whether `startFdEcho` can serve this input: a pipe, a socket or a regular file. A
 * terminal is left to the stream-based echo.
 */
export function fdEchoSupported(inputFd: number): boolean {
  return kindOf(inputFd) !== 'other';
}

/**
 * The one writer of the protocol channel, on raw file descriptors: the fast path of
 * middleware mode. Bytes are read into one reused buffer, written to `outputFd` with
 * `writeSync`, *then* handed to `analyse`, which must copy what it keeps: the chunk is
 * only valid during the call. When the output pipe is full, the rest of the chunk waits
 * on a socket and reading pauses until it is written, so a slow reader holds the reading
 * back and nothing piles up in memory.
 *
 * How the input is read depends on what it is:
 * - A regular file: `readSync`, yielding to the event loop every 8 MB.
 * - A pipe in blocking mode (what gor and shells give us), on Linux: each read is an
 *   asynchronous `fs.read`, which waits for data in libuv's thread pool, so the event
 *   loop stays free for signals and timers while the input is idle, and nothing is
 *   allocated per read. Against the non-blocking mode below at 5000 messages/s, the echo
 *   delay p99 was 2.1-5.2 ms against 4.2-10.7 ms in an echo-only prototype, and 3.7-8.6 ms
 *   against 6.8-10.9 ms in the CLI comparing; throughput was the same or better. A read
 *   still waiting when the echo stops would keep the process from exiting (Node joins the
 *   thread pool at exit), so stopping writes one byte (LF) into the pipe through
 *   /proc/self/fd to end it; it is never echoed. What
 *   that read returns instead (input that came at the moment of the stop) is dropped, as
 *   anything gor sends a middleware that is stopping is; if the read had already
 *   returned, the LF stays in the pipe for whoever reads it next. Where this cannot be
 *   done (no /proc), the non-blocking mode is used instead.
 * - Anything else (a socket, or a pipe in non-blocking mode, found out by a read failing
 *   with EAGAIN): `readSync` while data is at hand, retried a few times after a long
 *   read, and a socket on the same descriptor to wait through the event loop when it runs
 *   dry. A pipe turns non-blocking when `process.stdin` is created, which importing
 *   `node:process` as an ES module does (chalk does): the main thread of middleware mode
 *   avoids it, but the no-route mode, whose summary is printed from the main thread, does not.
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
  const inputKind = kindOf(inputFd);
  let finished = false;
  let waiting = false;
  let ended = false;
  let settle: (end: EchoEnd) => void = () => {};
  const done = new Promise<EchoEnd>((resolve) => {
    settle = resolve;
  });
  /** Only in non-blocking mode: it tells us when data comes (and reads what it can itself). */
  let socket: Socket | null = null;
  // For the output, so that a reader who stops reading never blocks the thread (signals
  // must still be served): a full pipe is waited on through this socket.
  const outputKind = kindOf(outputFd);
  const output = outputKind === 'fifo' || outputKind === 'socket' ? new Socket({ fd: outputFd, readable: false, writable: true }) : null;
  output?.on('error', () => finish('output_closed'));

  let readPending = false;
  const finish = (end: EchoEnd): void => {
    if (finished) return;
    finished = true;
    if (readPending) wakePendingRead(inputFd);
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

  /** Blocking mode: one read at a time, waited for in the thread pool. */
  const readAsync = (): void => {
    // A wait that ends after a stop (a destroyed output still calls back) must not read on.
    if (finished) return;
    readPending = true;
    read(inputFd, buffer, 0, buffer.length, null, (error, length) => {
      readPending = false;
      if (finished) return;
      if (error !== null) {
        if (error.code === 'EAGAIN') {
          startNonBlocking();
          return;
        }
        length = 0;
      }
      if (length === 0) {
        finish('input_ended');
        return;
      }
      const backlog = pass(buffer.subarray(0, length));
      if (backlog === false) return;
      if (backlog === undefined) readAsync();
      else void backlog.then(readAsync, readAsync);
    });
  };

  /**
   * Waits for a lagging analysis (or a full output), then carries on reading. Only this
   * clears `waiting`: any other wake-up (data, end of input, a yield) is ignored meanwhile,
   * since reading on would write ahead of the bytes still queued for the output.
   */
  const wait = (backlog: Promise<void>): void => {
    waiting = true;
    const carryOn = (): void => {
      waiting = false;
      resume();
    };
    void backlog.then(carryOn, carryOn);
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
   * File and non-blocking modes: reads and echoes while data is at hand; returns when the
   * pipe is empty or reading must wait. After a long read (the writer is streaming) an
   * empty pipe is retried a few times at once; after a short one (a trickle) the event
   * loop waits for the socket.
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

  /** Drains what the socket already read (it is older than anything readSync would get). */
  const drainSocket = (): void => {
    if (socket === null) return;
    let chunk: Buffer | null;
    while (!finished && !waiting && (chunk = socket.read() as Buffer | null) !== null) {
      const backlog = pass(chunk);
      if (backlog === false) return;
      if (backlog !== undefined) wait(backlog);
    }
  };

  /** File and non-blocking modes: reads on, unless waiting or finished. */
  const resume = (): void => {
    if (waiting || finished) return;
    drainSocket();
    if (waiting || finished) return;
    if (ended) finish('input_ended');
    else pump();
  };

  /** Switches to non-blocking mode: the socket makes the descriptor non-blocking and wakes us. */
  const startNonBlocking = (): void => {
    const input = new Socket({ fd: inputFd, readable: true, writable: false });
    socket = input;
    // While analysis is catching up, new data waits in the pipe (and the socket's small buffer).
    input.on('readable', resume);
    input.once('end', () => {
      ended = true;
      resume();
    });
    input.once('error', () => {
      ended = true;
      resume();
    });
    setImmediate(resume);
  };

  if (inputKind === 'file') setImmediate(resume);
  else if (inputKind === 'fifo' && canWakePendingRead(inputFd)) readAsync();
  else startNonBlocking();
  return { done, stop: () => finish('stopped'), readLeftPending: () => readPending };
}
