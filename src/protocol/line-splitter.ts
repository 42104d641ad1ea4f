/** Receives each complete line (without its LF) or notice of a line too long to keep. */
export interface LineSink {
  line(line: Buffer): void;
  /** A line longer than `maxLineBytes`: its bytes were not kept; `length` excludes the LF. */
  oversized(length: number): void;
}

/** Options for {@link LineSplitter}. */
export interface LineSplitterOptions {
  /**
   * Assemble lines cut across chunks in one reused buffer instead of a fresh one per line.
   * Every line handed out is then valid only until the sink returns: for sinks that copy
   * what they keep. It saves two allocations per chunk, which the analysis thread pays for
   * on every chunk of a stream whose lines are longer than a read.
   */
  readonly reuseBuffer?: boolean;
}

/** A reused line buffer larger than this is let go after use (one huge line must not pin memory). */
const MAX_KEPT_SCRATCH_BYTES = 1024 * 1024;
/** The reused line buffer's first size. */
const MIN_SCRATCH_BYTES = 64 * 1024;

/**
 * Splits a byte stream on LF without ever converting it to text. A line that lies inside
 * one chunk is handed out as a zero-copy view of that chunk, so sinks that keep a line
 * must copy it. Lines longer than `maxLineBytes` are not buffered: only their length is
 * reported (the caller echoes bytes separately, so nothing is lost).
 */
export class LineSplitter {
  readonly #sink: LineSink;
  readonly #maxLineBytes: number;
  readonly #reuse: boolean;
  /** With `reuseBuffer`: the start of a line cut across chunks, in its first `#partialLength` bytes. */
  #scratch: Buffer | null = null;
  #parts: Buffer[] = [];
  #partialLength = 0;
  #overflowing = false;

  constructor(sink: LineSink, maxLineBytes: number, options: LineSplitterOptions = {}) {
    this.#sink = sink;
    this.#maxLineBytes = maxLineBytes;
    this.#reuse = options.reuseBuffer === true;
  }

  /** Feeds one chunk; calls the sink for every line it completes. */
  push(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(0x0a, start);
    while (newline !== -1) {
      this.#emit(chunk, start, newline);
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) this.#keep(chunk.subarray(start));
  }

  /**
   * Ends the stream. A final line without LF is the stream's last line: with `deliver`, it
   * is handed to the sink like any other (as a line, or as oversized past the limit). Without,
   * it is dropped: reading stopped early (a signal, a closed pipe), so the rest of that line
   * was never read and what was read is not a line. Returns its length either way (0 if none).
   */
  end(deliver: boolean): number {
    const length = this.#partialLength;
    if (length > 0 && deliver) this.#deliverPartial(length);
    this.#reset();
    if ((this.#scratch?.length ?? 0) > MAX_KEPT_SCRATCH_BYTES) this.#scratch = null;
    return length;
  }

  #deliverPartial(length: number): void {
    if (this.#overflowing) {
      this.#reset();
      this.#sink.oversized(length);
      return;
    }
    const line = this.#reuse ? (this.#scratch as Buffer).subarray(0, length) : Buffer.concat(this.#parts, length);
    this.#reset();
    this.#sink.line(line);
  }

  #emit(chunk: Buffer, start: number, end: number): void {
    if (this.#partialLength === 0) {
      if (end - start > this.#maxLineBytes) this.#sink.oversized(end - start);
      else this.#sink.line(chunk.subarray(start, end));
      return;
    }
    const total = this.#partialLength + (end - start);
    if (this.#overflowing || total > this.#maxLineBytes) {
      this.#reset();
      this.#sink.oversized(total);
      return;
    }
    if (this.#reuse) {
      const scratch = this.#room(total);
      chunk.copy(scratch, this.#partialLength, start, end);
      this.#reset();
      this.#sink.line(scratch.subarray(0, total));
      if (scratch.length > MAX_KEPT_SCRATCH_BYTES) this.#scratch = null;
      return;
    }
    this.#parts.push(chunk.subarray(start, end));
    const line = Buffer.concat(this.#parts, total);
    this.#reset();
    this.#sink.line(line);
  }

  /** The reused buffer, grown (keeping its first `#partialLength` bytes) to hold `bytes`. */
  #room(bytes: number): Buffer {
    const current = this.#scratch;
    if (current !== null && current.length >= bytes) return current;
    const grown = Buffer.allocUnsafeSlow(Math.max(bytes, MIN_SCRATCH_BYTES, 2 * (current?.length ?? 0)));
    current?.copy(grown, 0, 0, this.#partialLength);
    this.#scratch = grown;
    return grown;
  }

  #keep(rest: Buffer): void {
    const kept = this.#partialLength;
    this.#partialLength += rest.length;
    if (this.#overflowing) return;
    if (this.#partialLength > this.#maxLineBytes) {
      this.#overflowing = true;
      this.#parts = [];
      if ((this.#scratch?.length ?? 0) > MAX_KEPT_SCRATCH_BYTES) this.#scratch = null;
      return;
    }
    if (this.#reuse) {
      this.#partialLength = kept;
      rest.copy(this.#room(kept + rest.length), kept);
      this.#partialLength = kept + rest.length;
      return;
    }
    // Copy: the chunk belongs to the stream and views would pin every chunk of a long line.
    this.#parts.push(Buffer.from(rest));
  }

  #reset(): void {
    this.#parts = [];
    this.#partialLength = 0;
    this.#overflowing = false;
  }
}
