/**
 * A single-producer, single-consumer byte ring in shared memory: how the echo thread hands
 * every echoed chunk to the analysis thread without allocating anything or posting a
 * message per chunk. Each side has its own class; both wrap the same `Ring`, which is
 * structured-cloned to the analysis thread (shared memory is shared, not copied).
 *
 * Positions are running byte counts in wrapping 32-bit integers: the backlog is their
 * difference, which is exact while it stays below 2 GiB (it is bounded by the capacity).
 */

/** The shared memory of a ring. */
export interface Ring {
  /** [written, read, waiting]: see the slot constants. */
  readonly control: Int32Array;
  readonly data: Uint8Array;
}

/** Bytes written so far (wrapping); only the writer changes it. */
const WRITTEN = 0;
/** Bytes read and released so far (wrapping); only the reader changes it. */
const READ = 1;
/** 1 while the writer waits for the backlog to halve; whoever resets it to 0 settles the wait. */
const WAITING = 2;

/** A ring of `capacity` bytes, a power of two. */
export function createRing(capacity: number): Ring {
  if (!Number.isInteger(Math.log2(capacity))) throw new RangeError(`ring capacity must be a power of two, not ${capacity}`);
  return {
    control: new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)),
    data: new Uint8Array(new SharedArrayBuffer(capacity)),
  };
}

function backlogOf(control: Int32Array): number {
  return (Atomics.load(control, WRITTEN) - Atomics.load(control, READ)) | 0;
}

/** The producing side: copies chunks in, and tells whether the consumer is too far behind. */
export class RingWriter {
  readonly #control: Int32Array;
  readonly #data: Uint8Array;
  readonly #mask: number;
  /** Backlog (bytes) beyond which the writer should pause. */
  readonly #limit: number;

  constructor(ring: Ring, limit: number) {
    this.#control = ring.control;
    this.#data = ring.data;
    this.#mask = ring.data.length - 1;
    this.#limit = limit;
  }

  /** Bytes written and not yet released by the reader. */
  get backlog(): number {
    return backlogOf(this.#control);
  }

  /** True while the backlog is beyond the limit. */
  get saturated(): boolean {
    return this.backlog > this.#limit;
  }

  /** Copies `chunk` in and wakes the reader; false (nothing written) when it does not fit. */
  write(chunk: Uint8Array): boolean {
    const length = chunk.length;
    if (length === 0) return true;
    if (length > this.#data.length - this.backlog) return false;
    const written = Atomics.load(this.#control, WRITTEN);
    const at = written & this.#mask;
    const first = Math.min(length, this.#data.length - at);
    this.#data.set(first === length ? chunk : chunk.subarray(0, first), at);
    if (first < length) this.#data.set(chunk.subarray(first), 0);
    Atomics.store(this.#control, WRITTEN, (written + length) | 0);
    Atomics.notify(this.#control, WRITTEN);
    return true;
  }

  /**
   * Asks the reader to signal when the backlog has halved. Returns false if it already has
   * (the request is withdrawn); true if the reader will signal (`RingReader.release`).
   */
  requestDrainSignal(): boolean {
    Atomics.store(this.#control, WAITING, 1);
    if (this.backlog <= this.#limit / 2 && Atomics.compareExchange(this.#control, WAITING, 1, 0) === 1) return false;
    return true;
  }
}

/** The consuming side: views of what has been written, released once analysed. */
export class RingReader {
  readonly #control: Int32Array;
  readonly #buffer: Buffer;
  readonly #mask: number;
  readonly #limit: number;
  #stopped = false;

  /** `limit` must be the writer's. */
  constructor(ring: Ring, limit: number) {
    this.#control = ring.control;
    this.#buffer = Buffer.from(ring.data.buffer, ring.data.byteOffset, ring.data.length);
    this.#mask = ring.data.length - 1;
    this.#limit = limit;
  }

  /** Bytes written and not yet released: how far the analysis is behind the echo. */
  get backlog(): number {
    return backlogOf(this.#control);
  }

  /**
   * The next unread bytes, at most `max`, as a view into the ring (contiguous, so a
   * wrapped backlog comes in two calls); null when there are none. The view stays valid
   * until it is released.
   */
  next(max: number): Buffer | null {
    const read = Atomics.load(this.#control, READ);
    const available = (Atomics.load(this.#control, WRITTEN) - read) | 0;
    if (available === 0) return null;
    const at = read & this.#mask;
    const length = Math.min(available, max, this.#buffer.length - at);
    return this.#buffer.subarray(at, at + length);
  }

  /**
   * Gives `bytes` back to the writer. True when the writer was waiting for the backlog to
   * halve and now should be signalled (the caller does so; it is told once per request).
   */
  release(bytes: number): boolean {
    Atomics.add(this.#control, READ, bytes);
    return backlogOf(this.#control) <= this.#limit / 2 && Atomics.compareExchange(this.#control, WAITING, 1, 0) === 1;
  }

  /** Stops waiting: a pending `readable()` resolves, and so does every later one. */
  stop(): void {
    this.#stopped = true;
    Atomics.notify(this.#control, WRITTEN);
  }

  /**
   * Resolves when there is something to read (at once if there already is), or once
   * `stop()` was called. Waits without blocking the thread's event loop.
   */
  async readable(): Promise<void> {
    while (!this.#stopped) {
      const written = Atomics.load(this.#control, WRITTEN);
      if (written !== Atomics.load(this.#control, READ)) return;
      const wait = Atomics.waitAsync(this.#control, WRITTEN, written);
      if (wait.async) await wait.value;
    }
  }
}
