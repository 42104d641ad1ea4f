import type { EngineSink } from './engine.js';
import { decodeHeader } from '../protocol/decode-line.js';
import type { LineAnalyser } from './session.js';

/**
 * The analyser when no route is watched: each line's header is decoded (from its hex, no
 * payload touched) and the message counted by type, or counted malformed. Nothing is ever
 * pending or judged. Counts agree with the Engine's for the same lines.
 */
export class MessageCounter implements LineAnalyser {
  readonly #sink: EngineSink;
  readonly pending = 0;

  constructor(sink: EngineSink) {
    this.#sink = sink;
  }

  line(line: Buffer): void {
    const decoded = decodeHeader(line);
    if (decoded.ok) this.#sink.message(decoded.kind);
    else this.#sink.malformed(decoded.reason);
  }

  oversized(): void {
    this.#sink.malformed('oversized');
  }

  sweep(): void {}

  finish(): void {}
}
