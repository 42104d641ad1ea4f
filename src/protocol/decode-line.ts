import type { GorHeader, PayloadKind } from './gor-message.js';
import { PAYLOAD_KINDS } from './gor-message.js';
import { TextGorHeader } from './text-header.js';
import { contentEnd, decodeHexStrict, hexByteAt } from './hex.js';

/** Why a line is not a GoReplay message. Such lines are still echoed, and counted. */
export type LineFailure = 'empty' | 'bad_hex' | 'no_header' | 'bad_header' | 'no_payload';

/**
 * A line whose header was decoded. The payload stays hex until someone asks for it:
 * `payloadHexStart` is where its hex begins in the line, `payloadHexEnd` where it ends
 * (a trailing CR excluded).
 */
export interface HeaderDecode {
  readonly ok: true;
  readonly kind: PayloadKind;
  readonly id: string;
  /** The header line without its LF; `gorHeader()` parses its numbers when they are needed. */
  readonly headerLine: string;
  readonly payloadHexStart: number;
  readonly payloadHexEnd: number;
}

export interface LineDecodeFailure {
  readonly ok: false;
  readonly reason: LineFailure;
}

/** gor's headers are ~70 bytes; a line whose first LF comes later than this has no header. */
export const MAX_HEADER_BYTES = 4096;
/** Reused for the header bytes: this runs once per input line, so it allocates nothing else. */
const headerScratch = Buffer.allocUnsafe(MAX_HEADER_BYTES);

/**
 * Decodes only the header of a hex line (the bytes before the first decoded LF), which is
 * all that an unwatched message costs. The rest of the line is checked only for even length.
 * The header is checked against the same rules as `parseGorHeader` (3 or 4 fields split on
 * single spaces, type 1-3, an ID, decimal timestamp, optional signed decimal duration) while
 * its bytes are decoded, so converting the numbers to bigint is left to `gorHeader()`.
 */
export function decodeHeader(line: Buffer): HeaderDecode | LineDecodeFailure {
  const end = contentEnd(line);
  if (end === 0) return { ok: false, reason: 'empty' };
  if (end % 2 !== 0) return { ok: false, reason: 'bad_hex' };
  const limit = Math.min(end, MAX_HEADER_BYTES * 2);
  const shape = headerShape.reset();
  let length = 0;
  for (let i = 0; i < limit; i += 2) {
    const byte = hexByteAt(line, i);
    if (byte < 0) return { ok: false, reason: 'bad_hex' };
    if (byte === 0x0a) {
      const kind = shape.valid(length) ? PAYLOAD_KINDS[String.fromCharCode(headerScratch[0] as number)] : undefined;
      if (kind === undefined) return { ok: false, reason: 'bad_header' };
      const headerLine = headerScratch.toString('latin1', 0, length);
      const payloadHexStart = i + 2;
      // gor itself drops a message with nothing after the header line (protocol.go payloadMetaWithBody).
      if (payloadHexStart >= end) return { ok: false, reason: 'no_payload' };
      return { ok: true, kind, id: headerLine.slice(2, shape.idEnd), headerLine, payloadHexStart, payloadHexEnd: end };
    }
    shape.add(byte, length);
    headerScratch[length++] = byte;
  }
  return { ok: false, reason: 'no_header' };
}

/** Whether a hex line holds a request (type 1), reading only its header. */
export function isRequestLine(line: Buffer): boolean {
  const decoded = decodeHeader(line);
  return decoded.ok && decoded.kind === 'request';
}

/** The full header with exact bigint numbers, kept as text until asked for; decodeHeader already checked that it parses. */
export function gorHeader(decode: HeaderDecode): GorHeader {
  return new TextGorHeader(decode.kind, decode.id, decode.headerLine, decode.id.length + 2);
}

/** Tracks field boundaries and digit rules of a header while its bytes go by. */
class HeaderShape {
  #fields = 1;
  #fieldStart = 0;
  #ok = true;
  idEnd = 0;

  /** Ready for the next header: one instance serves every line (decodeHeader runs once per line). */
  reset(): this {
    this.#fields = 1;
    this.#fieldStart = 0;
    this.#ok = true;
    this.idEnd = 0;
    return this;
  }

  add(byte: number, index: number): void {
    if (byte === 0x20) {
      this.#close(index);
      this.#fields++;
      this.#fieldStart = index + 1;
      return;
    }
    const field = this.#fields;
    if (field === 1) this.#ok &&= index === 0 && byte >= 0x31 && byte <= 0x33;
    else if (field === 3) this.#ok &&= byte >= 0x30 && byte <= 0x39;
    else if (field === 4) this.#ok &&= (byte >= 0x30 && byte <= 0x39) || (byte === 0x2d && index === this.#fieldStart);
    else if (field > 4) this.#ok = false;
  }

  valid(length: number): boolean {
    this.#close(length);
    return this.#ok && this.#fields >= 3 && this.#fields <= 4;
  }

  /** A field ends at `index`: none may be empty, and a duration needs a digit after its sign. */
  #close(index: number): void {
    if (index === this.#fieldStart) this.#ok = false;
    if (this.#fields === 2) this.idEnd = index;
    if (this.#fields === 4 && index === this.#fieldStart + 1 && headerScratch[this.#fieldStart] === 0x2d) this.#ok = false;
  }
}

const headerShape = new HeaderShape();

/**
 * Decodes the whole payload strictly into a buffer of its own; null if any of it is not
 * valid hex. `shortLived`: small payloads may then share Node's pooled slabs (cheaper to
 * allocate, but a payload kept for long would pin its slab); else the buffer is exact-size.
 */
export function decodePayload(line: Buffer, decode: HeaderDecode, shortLived = false): Buffer | null {
  const { payloadHexStart: start, payloadHexEnd: end } = decode;
  return decodeHexStrict(line, start, end, shortLived ? Buffer.allocUnsafe((end - start) >> 1) : undefined);
}

/**
 * Decodes at most `maxBytes` of the payload (for reading a request line without paying
 * for the body). Null if that prefix is not valid hex. With `into` (at least `maxBytes`
 * long) the bytes are decoded there and the result is a view of it, valid until its next use.
 */
export function peekPayload(line: Buffer, decode: HeaderDecode, maxBytes: number, into?: Buffer): Buffer | null {
  const end = Math.min(decode.payloadHexEnd, decode.payloadHexStart + maxBytes * 2);
  return decodeHexStrict(line, decode.payloadHexStart, end - ((end - decode.payloadHexStart) % 2), into);
}
