import type { GorMessage } from '../protocol/gor-message.js';
import type { Judgement } from './verdict.js';

/** A status or latency pair: the production (origin) side and the candidate (replay) side. */
export interface Pair<T> {
  readonly origin: T | null;
  readonly replay: T | null;
}

/**
 * One judged exchange, with what reporters need to describe it. Bodies are decoded
 * (de-chunked, decompressed) when that succeeded, raw otherwise, and null when absent.
 * Reporters redact and truncate; this record holds the values as captured.
 */
export interface ExchangeResult extends Judgement {
  readonly id: string;
  /** The route's name, as configured (or `METHOD path` when unnamed). */
  readonly route: string;
  readonly method: string;
  /** Request path with its query string, as sent. */
  readonly path: string;
  readonly status: Pair<number>;
  /** origin = type-2 timestamp − type-1 timestamp; replay = the type-3 duration field. */
  readonly latencyMs: Pair<number>;
  readonly request: { readonly headers: ReadonlyArray<readonly [string, string]>; readonly body: Buffer | null };
  readonly originBody: Buffer | null;
  readonly replayBody: Buffer | null;
  /**
   * A response's headers as captured (none when it is absent or unreadable), when the result
   * can give them from what judging already parsed; else a reader parses the message itself.
   */
  responseHeaders?(side: 'origin' | 'replay'): ReadonlyArray<readonly [string, string]>;
  /** 0 for the first replayed response of this ID, 1 and up for extra ones (several --output-http). */
  readonly replayIndex: number;
  /** The three messages as they arrived, for writing mismatches back to a .gor file. */
  readonly messages: {
    readonly request: GorMessage | null;
    readonly origin: GorMessage | null;
    readonly replay: GorMessage | null;
  };
}
