import type { GorMessage, PayloadKind } from '../protocol/gor-message.js';
import { decodeHeader } from '../protocol/decode-line.js';
import type { Analyser, AnalysisSink } from './analyser.js';

/**
 * The analyser of `--echo-only`: each line's header is decoded (from its hex, no payload
 * touched) and the message counted by type, or counted malformed. Nothing is ever pending
 * or judged, so every request is counted as unwatched.
 */
export class MessageCounter implements Analyser {
  readonly #sink: AnalysisSink;
  readonly pending = 0;
  readonly pendingBytes = 0;

  constructor(sink: AnalysisSink) {
    this.#sink = sink;
  }

  line(line: Buffer): void {
    const decoded = decodeHeader(line);
    if (decoded.ok) this.#count(decoded.kind);
    else this.#sink.malformed(decoded.reason);
  }

  message(message: GorMessage): void {
    if (message.payload.length === 0) this.#sink.malformed('no_payload');
    else this.#count(message.header.kind);
  }

  replayFailed(request: GorMessage, origin: GorMessage | null): void {
    this.message(request);
    if (origin !== null) this.message(origin);
  }

  shed(): void {
    this.#sink.skipped('shed');
  }

  sweep(): void {}

  #count(kind: PayloadKind): void {
    this.#sink.message(kind);
    if (kind === 'request') this.#sink.skipped('unwatched');
  }

  finish(): void {}
}
