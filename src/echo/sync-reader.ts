import { readSync } from 'node:fs';
import { DescriptorReader, EAGAIN_RETRIES } from './descriptor.js';

/** Bytes echoed before yielding to the event loop (signals, timers, analysis messages). */
const SLICE_BYTES = 8 * 1024 * 1024;

/** Whether `Error.stackTraceLimit` may be set: `--frozen-intrinsics` makes it read-only, and setting it then throws. */
const STACK_LIMIT_WRITABLE = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')?.writable === true;
/**
 * A read at least this long means the writer is streaming (the pipe was full or nearly):
 * the pipe it just emptied will very likely refill within microseconds.
 */
const STREAMING_READ_BYTES = 32 * 1024;
/** What a read returns when the descriptor has nothing for now (EAGAIN). */
const EMPTY = -1;

/**
 * Reads with `readSync` into one reused buffer while data is at hand, yielding to the event
 * loop every slice. As is, the reader of a regular file, which never makes a read wait;
 * the non-blocking reader builds on it. `stopped` is also set at the end of input.
 */
export class SyncReader extends DescriptorReader {
  /**
   * Set while a wait the sink returned is pending; only its end clears it. Any other
   * wake-up (data, end of input, a yield) is ignored meanwhile, since reading on would
   * write ahead of the bytes still queued for the output.
   */
  protected waiting = false;
  /** `resume`, bound once, for setImmediate and event listeners. */
  protected readonly resumeLater = (): void => this.resume();
  private readonly carryOn = (): void => {
    this.waiting = false;
    this.resume();
  };

  stop(): void {
    this.stopped = true;
  }

  protected startReading(): void {
    setImmediate(this.resumeLater);
  }

  /** Reads on, unless waiting or stopped. */
  protected resume(): void {
    if (this.waiting || this.stopped) return;
    this.pump();
  }

  /**
   * Reads and hands on while data is at hand; returns when the descriptor is empty or
   * reading must wait. After a long read (the writer is streaming) an empty descriptor is
   * retried a few times at once; after a short one (a trickle) the subclass's wake-up waits.
   */
  protected pump(): void {
    let sliced = 0;
    let streaming = false;
    while (!this.stopped && !this.waiting) {
      let length = this.readOnce();
      for (let retry = 0; length === EMPTY && streaming && retry < EAGAIN_RETRIES; retry++) length = this.readOnce();
      // Empty (only a non-blocking descriptor is): the subclass wakes us when data comes
      // (polling would burn a core).
      if (length === EMPTY) return;
      if (length === 0) {
        this.endOfInput();
        return;
      }
      streaming = length >= STREAMING_READ_BYTES;
      if (!this.deliver(this.buffer.subarray(0, length))) return;
      sliced += length;
      if (sliced >= SLICE_BYTES) {
        // Let timers, signals and the analysis thread's messages in.
        setImmediate(this.resumeLater);
        return;
      }
    }
  }

  /** Tells the sink, once, that the input ended. */
  protected endOfInput(): void {
    this.stopped = true;
    this.sink.end();
  }

  /** Hands `chunk` to the sink; false when reading must wait for it. */
  protected deliver(chunk: Buffer): boolean {
    const wait = this.sink.chunk(chunk);
    if (wait === undefined) return true;
    this.waiting = true;
    void wait.then(this.carryOn, this.carryOn);
    return false;
  }

  /** One read: its length, EMPTY when there is nothing for now, 0 at end of input (or a read error). */
  private readOnce(): number {
    // An empty non-blocking descriptor throws EAGAIN, up to EAGAIN_RETRIES times in a row while
    // streaming; the error's stack is never read, and capturing it was about half of each
    // throw's cost. Not where the limit cannot be set (--frozen-intrinsics).
    const stackTraceLimit = Error.stackTraceLimit;
    if (STACK_LIMIT_WRITABLE) Error.stackTraceLimit = 0;
    try {
      return readSync(this.fd, this.buffer, 0, this.buffer.length, null);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EAGAIN' ? EMPTY : 0;
    } finally {
      if (STACK_LIMIT_WRITABLE) Error.stackTraceLimit = stackTraceLimit;
    }
  }
}
