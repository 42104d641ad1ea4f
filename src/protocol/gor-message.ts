/**
 * The three payload types GoReplay sends to a middleware, by the ASCII digit that
 * starts the header line: '1' request, '2' original response, '3' replayed response.
 */
export type PayloadKind = 'request' | 'response' | 'replay';

/** Maps the header's type digit to its kind; anything else is not a GoReplay payload. */
export const PAYLOAD_KINDS: Readonly<Record<string, PayloadKind>> = Object.freeze({
  '1': 'request',
  '2': 'response',
  '3': 'replay',
});

/** The header's type digit of each kind: the inverse of PAYLOAD_KINDS. */
export const PAYLOAD_DIGITS: Readonly<Record<PayloadKind, string>> = Object.freeze({ request: '1', response: '2', replay: '3' });

/**
 * A decoded header line: `type id timestamp [duration]`, split on single spaces.
 * Timestamps and durations are Unix nanoseconds kept as bigint so that no precision is
 * lost (they exceed Number.MAX_SAFE_INTEGER). `duration` is absent on 3-field headers.
 */
export interface GorHeader {
  readonly kind: PayloadKind;
  /** Opaque token of any length; never assume it is 24 hex characters. */
  readonly id: string;
  readonly timestamp: bigint;
  readonly duration?: bigint | undefined;
}

/** A message as GoReplay frames it: the header line, then the raw HTTP bytes. */
export interface GorMessage {
  readonly header: GorHeader;
  /** The raw HTTP/1.x message exactly as captured (may be chunked, gzip, binary). */
  readonly payload: Buffer;
}
