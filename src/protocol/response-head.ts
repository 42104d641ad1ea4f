/*
 * A lean reading of a response's head (or a request's), for the common case: the status code, where the
 * framed body lies, and where the values of a few wanted header fields lie, found without
 * building a string, an array or a header object. It gives up (false) on anything
 * parseHttpMessage would read in a way that is not obviously the same: blank lines before
 * the status line, folded or odd header lines, a name that is not a token, Transfer-Encoding,
 * several or unusual Content-Length fields, a body shorter than its Content-Length, too many
 * wanted values. Whatever it accepts, parseHttpMessage accepts too, with the same status, the
 * same body bytes and the same (trimmed) values of the wanted fields: callers fall back to it
 * whenever this gives up, so this decides nothing on its own.
 */

import { MAX_START_LINE_BYTES } from './http-payload.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;

/** Values of wanted fields one scan records at most; a response with more is left to the full parser. */
const MAX_VALUES = 16;

/** The bytes String.prototype.trim removes from a latin1-decoded header value. */
const TRIMMED = new Uint8Array(256);
for (const byte of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]) TRIMMED[byte] = 1;

/** RFC 9110 token characters, as parseHttpMessage's TOKEN pattern has them. */
const TOKEN_CHAR = new Uint8Array(256);
for (const char of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHAR[char.charCodeAt(0)] = 1;

/** Header names a scan looks for, compiled once: lower-case ASCII bytes. */
export class WantedFields {
  readonly names: readonly string[];
  readonly #bytes: readonly Buffer[];

  /** `names`: lower-case header names; a name that is not a token can never match. */
  constructor(names: readonly string[]) {
    this.names = names;
    this.#bytes = names.map((name) => Buffer.from(name, 'latin1'));
  }

  /** The index of the wanted name `payload[start, end)` is, in any ASCII case; -1 when it is none. */
  indexOf(payload: Buffer, start: number, end: number): number {
    const length = end - start;
    for (let n = 0; n < this.#bytes.length; n++) {
      const wanted = this.#bytes[n] as Buffer;
      if (wanted.length !== length) continue;
      let i = 0;
      for (; i < length; i++) {
        const byte = payload[start + i] as number;
        // ASCII case only: the names are tokens, which toLowerCase lowers the same way.
        if ((byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte) !== wanted[i]) break;
      }
      if (i === length) return n;
    }
    return -1;
  }
}

/**
 * What a scan found; reused from scan to scan, so a scan allocates nothing. Valid until the
 * next `scan`.
 */
export class ResponseHead {
  status = 0;
  bodyStart = 0;
  bodyEnd = 0;
  /** How many values were recorded. */
  count = 0;
  /** Per value: the wanted name's index, then its start and end in the payload. */
  readonly #values = new Int32Array(MAX_VALUES * 3);

  /**
   * Reads `payload`'s head; false when it is left to parseHttpMessage. The values of `wanted`
   * fields are recorded in wire order. `request`: the payload is a request whose request line
   * the caller has already read (parseRequestLine), so the first line is only skipped, and
   * `status` is 0.
   */
  scan(payload: Buffer, wanted: WantedFields, request = false): boolean {
    this.count = 0;
    const lineEnd = payload.indexOf(LF);
    if (lineEnd < 0 || lineEnd >= MAX_START_LINE_BYTES) return false;
    const status = request ? 0 : statusOf(payload, lineEnd);
    if (status < 0) return false;
    let contentLength = -1;
    let pos = lineEnd + 1;
    for (;;) {
      const lf = payload.indexOf(LF, pos);
      if (lf < 0) return false;
      const end = lf > pos && payload[lf - 1] === CR ? lf - 1 : lf;
      const start = pos;
      pos = lf + 1;
      if (end === start) break;
      let colon = start;
      while (colon < end && TOKEN_CHAR[payload[colon] as number] === 1) colon++;
      // Folded lines, names with spaces, a line with no colon: the full parser's business.
      if (colon === start || colon === end || payload[colon] !== COLON) return false;
      const name = payload[start] as number;
      // Only names starting c, C, t or T can be Content-Length or Transfer-Encoding.
      const framing = name === 0x63 || name === 0x43 || name === 0x74 || name === 0x54 ? framingField(payload, start, colon) : NOT_FRAMING;
      if (framing === TRANSFER_ENCODING) return false;
      let valueStart = colon + 1;
      let valueEnd = end;
      while (valueStart < valueEnd && TRIMMED[payload[valueStart] as number] === 1) valueStart++;
      while (valueEnd > valueStart && TRIMMED[payload[valueEnd - 1] as number] === 1) valueEnd--;
      if (framing === CONTENT_LENGTH) {
        if (contentLength >= 0) return false;
        contentLength = digitsValue(payload, valueStart, valueEnd);
        if (contentLength < 0) return false;
      }
      const index = wanted.indexOf(payload, start, colon);
      if (index >= 0 && !this.#record(index, valueStart, valueEnd)) return false;
    }
    this.status = status;
    this.bodyStart = pos;
    this.bodyEnd = payload.length;
    // RFC 9112 section 6.3: these responses never carry a body, whatever their headers say.
    if (status === 204 || status === 304) this.bodyEnd = pos;
    else if (contentLength >= 0) {
      if (payload.length - pos < contentLength) return false;
      this.bodyEnd = pos + contentLength;
    }
    return true;
  }

  /** Whether the two heads have the same values, byte for byte and in order, for every wanted field. */
  sameValues(payload: Buffer, other: ResponseHead, otherPayload: Buffer, wanted: WantedFields): boolean {
    for (let n = 0; n < wanted.names.length; n++) {
      let i = 0;
      let j = 0;
      for (;;) {
        i = this.#next(n, i);
        j = other.#next(n, j);
        if (i < 0 || j < 0) {
          if (i !== j) return false;
          break;
        }
        const a = this.#values;
        const b = other.#values;
        if (payload.compare(otherPayload, b[j * 3 + 1], b[j * 3 + 2], a[i * 3 + 1], a[i * 3 + 2]) !== 0) return false;
        i++;
        j++;
      }
    }
    return true;
  }

  /** The index of the first value of field `n` at or after `from`; -1 when there is none. */
  #next(n: number, from: number): number {
    for (let i = from; i < this.count; i++) if (this.#values[i * 3] === n) return i;
    return -1;
  }

  #record(index: number, start: number, end: number): boolean {
    if (this.count === MAX_VALUES) return false;
    const at = this.count * 3;
    this.#values[at] = index;
    this.#values[at + 1] = start;
    this.#values[at + 2] = end;
    this.count++;
    return true;
  }
}

/**
 * The status code of a status line `HTTP/d+.d+ ddd[ reason]` ending at `lineEnd` (an LF,
 * a CR before it dropped), as parseHttpMessage's STATUS_LINE reads it; -1 for any other line.
 */
function statusOf(payload: Buffer, lineEnd: number): number {
  const end = lineEnd > 0 && payload[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
  // "HTTP/" then digits, ".", digits.
  if (end < 12 || payload[0] !== 0x48 || payload[1] !== 0x54 || payload[2] !== 0x54 || payload[3] !== 0x50 || payload[4] !== 0x2f) return -1;
  let i = skipDigits(payload, 5, end);
  if (i === 5 || payload[i] !== 0x2e) return -1;
  const minor = i + 1;
  i = skipDigits(payload, minor, end);
  if (i === minor || payload[i] !== SPACE || i + 4 > end) return -1;
  const status = digitsValue(payload, i + 1, i + 4);
  if (status < 0) return -1;
  i += 4;
  if (i === end) return status;
  if (payload[i] !== SPACE) return -1;
  // The reason phrase is `.*`, which matches no CR.
  for (let j = i + 1; j < end; j++) if (payload[j] === CR) return -1;
  return status;
}

function skipDigits(payload: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && (payload[i] as number) >= 0x30 && (payload[i] as number) <= 0x39) i++;
  return i;
}

/** The decimal value of `payload[start, end)`, all digits and at most 15 of them; -1 otherwise. */
function digitsValue(payload: Buffer, start: number, end: number): number {
  if (end === start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (payload[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const NOT_FRAMING = 0;
const CONTENT_LENGTH = 1;
const TRANSFER_ENCODING = 2;
const FRAMING = new WantedFields(['content-length', 'transfer-encoding']);

function framingField(payload: Buffer, start: number, end: number): number {
  return FRAMING.indexOf(payload, start, end) + 1;
}
