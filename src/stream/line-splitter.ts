/** Receives each complete line (without its LF) or notice of a line too long to keep. */
export interface LineSink {
  line(line: Buffer): void;
  /** A line longer than `maxLineBytes`: its bytes were not kept; `length` excludes the LF. */
  oversized(length: number): void;
}

/**
 * Splits a byte stream on LF without ever converting it to text. A line that lies inside
 * one chunk is handed out as a zero-copy view of that chunk, so sinks that keep a line
 * must copy it. Lines longer than `maxLineBytes` are not buffered: only their length is
 * reported (the caller echoes bytes separately, so nothing is lost).
 */
export class LineSplitter {
  readonly #sink: LineSink;
  readonly #maxLineBytes: number;
  #parts: Buffer[] = [];
  #partialLength = 0;
  #overflowing = false;

  constructor(sink: LineSink, maxLineBytes: number) {
    this.#sink = sink;
    this.#maxLineBytes = maxLineBytes;
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
   * Ends the stream. Returns the length of a final line that had no LF (0 if none); such
   * a line is not handed to the sink as a line, since a sender cut off mid-message.
   */
  end(): number {
    const length = this.#partialLength;
    this.#reset();
    return length;
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
    this.#parts.push(chunk.subarray(start, end));
    const line = Buffer.concat(this.#parts, total);
    this.#reset();
    this.#sink.line(line);
  }

  #keep(rest: Buffer): void {
    this.#partialLength += rest.length;
    if (this.#overflowing) return;
    if (this.#partialLength > this.#maxLineBytes) {
      this.#overflowing = true;
      this.#parts = [];
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
