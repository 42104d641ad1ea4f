import type { ExchangeResult } from '../compare/exchange-result.js';
import type { LineFailure } from '../protocol/decode-line.js';
import type { GorMessage, PayloadKind } from '../protocol/gor-message.js';
import type { SkipKind } from '../report/stats.js';

/** Where an analyser reports what it saw; the pipeline fans these out to stats and outputs. */
export interface AnalysisSink {
  message(kind: PayloadKind): void;
  malformed(reason: LineFailure | 'oversized'): void;
  skipped(kind: SkipKind): void;
  result(result: ExchangeResult): void;
}

/**
 * What the pipeline feeds: the judging `Engine`, or a `MessageCounter` with `--echo-only`
 * (which spares loading the judging code at all). Pure: `now` is passed in ms.
 */
export interface Analyser {
  /** One middleware hex line, without its LF; a view that is valid only during the call. */
  line(line: Buffer, now: number): void;
  /** One message decoded from a capture file; its payload may be a view, copied if kept. */
  message(message: GorMessage, now: number): void;
  /** A request whose replay could not be obtained, with its recorded origin if any. */
  replayFailed(request: GorMessage, origin: GorMessage | null, detail: string, now: number): void;
  /** A request the middleware did not hand over (overload): counted shed; its responses, if any come, are skipped. */
  shed(id: string, now: number): void;
  /** Expires what has waited too long. */
  sweep(now: number): void;
  /** End of input: whatever is pending is reported. */
  finish(): void;
  /** Exchanges waiting for a message. */
  readonly pending: number;
  /** Bytes those exchanges hold, as `--max-pending-size` counts them. */
  readonly pendingBytes: number;
}
