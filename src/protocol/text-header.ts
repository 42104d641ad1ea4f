import type { GorHeader, PayloadKind } from './gor-message.js';

/**
 * A gor header whose numbers stay decimal text until they are asked for: the same exact
 * bigint values as parseGorHeader gives, but none is made per message. The spans the
 * judging needs (latency, the replay's gap) are read from the digits as Numbers, exactly
 * (see nanosBetween). The line must already be checked (decodeHeader does it).
 */
export class TextGorHeader implements GorHeader {
  readonly kind: PayloadKind;
  readonly id: string;
  readonly #line: string;
  readonly #timestampStart: number;
  readonly #timestampEnd: number;
  #timestamp: bigint | undefined;

  /** `idEnd` is where the ID ends in `line` (at the space before the timestamp). */
  constructor(kind: PayloadKind, id: string, line: string, idEnd: number) {
    this.kind = kind;
    this.id = id;
    this.#line = line;
    this.#timestampStart = idEnd + 1;
    const space = line.indexOf(' ', this.#timestampStart);
    this.#timestampEnd = space === -1 ? line.length : space;
  }

  get timestamp(): bigint {
    this.#timestamp ??= BigInt(this.#line.slice(this.#timestampStart, this.#timestampEnd));
    return this.#timestamp;
  }

  get duration(): bigint | undefined {
    return this.#timestampEnd === this.#line.length ? undefined : BigInt(this.#line.slice(this.#timestampEnd + 1));
  }

  /** The duration in nanoseconds as a Number (exact below 2^53), or undefined when the header has none. */
  durationNumber(): number | undefined {
    if (this.#timestampEnd === this.#line.length) return undefined;
    const start = this.#timestampEnd + 1;
    const negative = this.#line.charCodeAt(start) === MINUS;
    const digitsFrom = negative ? start + 1 : start;
    if (this.#line.length - digitsFrom > SAFE_DIGITS) return Number(BigInt(this.#line.slice(start)));
    const value = digitsValue(this.#line, digitsFrom, this.#line.length);
    return negative ? -value : value;
  }

  /** The timestamp's seconds (all but its last nine digits), an exact Number. Two methods rather than a pair: no array per latency. */
  seconds(): number {
    return digitsValue(this.#line, this.#timestampStart, Math.max(this.#timestampStart, this.#timestampEnd - 9));
  }

  /** The timestamp's nanoseconds within its second (its last nine digits), an exact Number. */
  nanos(): number {
    return digitsValue(this.#line, Math.max(this.#timestampStart, this.#timestampEnd - 9), this.#timestampEnd);
  }
}

const MINUS = 0x2d;
/** Decimal digits that always make an exact Number. */
const SAFE_DIGITS = 15;
/** Seconds apart beyond which a span in nanoseconds may not be an exact Number: it is taken through bigint. */
const MAX_EXACT_SECONDS = Math.floor(Number.MAX_SAFE_INTEGER / 1e9) - 1;

function digitsValue(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (text.charCodeAt(i) - 0x30);
  return value;
}

/** `later.timestamp - earlier.timestamp` in nanoseconds, as Number(that bigint) gives it, without a bigint for text headers. */
export function nanosBetween(earlier: GorHeader, later: GorHeader): number {
  if (earlier instanceof TextGorHeader && later instanceof TextGorHeader) {
    const seconds = later.seconds() - earlier.seconds();
    if (Math.abs(seconds) <= MAX_EXACT_SECONDS) return seconds * 1e9 + (later.nanos() - earlier.nanos());
  }
  return Number(later.timestamp - earlier.timestamp);
}

/** The replay's duration in nanoseconds as Number(duration) gives it, or undefined when its header has none. */
export function durationNanos(header: GorHeader): number | undefined {
  if (header instanceof TextGorHeader) return header.durationNumber();
  return header.duration === undefined ? undefined : Number(header.duration);
}

/**
 * Milliseconds from `earlier` to `later` with microsecond precision (nanoseconds truncated
 * to microseconds, exactly as with bigint); a negative span (clock skew) is null.
 */
export function spanMs(earlier: GorHeader, later: GorHeader): number | null {
  const ns = nanosBetween(earlier, later);
  return Number.isSafeInteger(ns) ? safeNsToMs(ns) : nsToMs(later.timestamp - earlier.timestamp);
}

/** The replay's duration in milliseconds as spanMs gives them; null when the header has none or it is negative. */
export function durationMs(header: GorHeader): number | null {
  const ns = durationNanos(header);
  if (ns === undefined) return null;
  return Number.isSafeInteger(ns) ? safeNsToMs(ns) : nsToMs(header.duration as bigint);
}

function safeNsToMs(ns: number): number | null {
  if (ns < 0) return null;
  return (ns - (ns % 1000)) / 1000 / 1000;
}

function nsToMs(ns: bigint): number | null {
  if (ns < 0n) return null;
  return Number(ns / 1000n) / 1000;
}
