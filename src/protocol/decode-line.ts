import type { GorHeader } from './gor-message.js';
import { parseGorHeader } from './gor-file.js';
import { contentEnd, decodeHexStrict } from './hex.js';

/** Why a line is not a GoReplay message. Such lines are still echoed, and counted. */
export type LineFailure = 'empty' | 'bad_hex' | 'no_header' | 'bad_header' | 'no_payload';

/**
 * A line whose header was decoded. The payload stays hex until someone asks for it:
 * `payloadHexStart` is where its hex begins in the line, `payloadHexEnd` where it ends
 * (a trailing CR excluded).
 */
export interface HeaderDecode {
  readonly ok: true;
  readonly header: GorHeader;
  readonly headerLine: string;
  readonly payloadHexStart: number;
  readonly payloadHexEnd: number;
}

export interface LineDecodeFailure {
  readonly ok: false;
  readonly reason: LineFailure;
}

/** Hex characters decoded per step while looking for the end of the header line. */
const HEADER_PEEK_HEX = 256;
/** gor's headers are ~70 bytes; anything past this is not a header line. */
const MAX_HEADER_HEX = 8192;

/**
 * Decodes only the header of a hex line (the bytes before the first decoded LF), which is
 * all that an unwatched message costs. The rest of the line is not validated here.
 */
export function decodeHeader(line: Buffer): HeaderDecode | LineDecodeFailure {
  const end = contentEnd(line);
  if (end === 0) return { ok: false, reason: 'empty' };
  if (end % 2 !== 0) return { ok: false, reason: 'bad_hex' };
  let peeked = 0;
  let newlineAt = -1;
  let decoded: Buffer | null = null;
  while (newlineAt === -1) {
    const limit = Math.min(end, MAX_HEADER_HEX, Math.max(HEADER_PEEK_HEX, peeked * 2));
    const evenLimit = limit - (limit % 2);
    if (evenLimit <= peeked) break;
    decoded = decodeHexStrict(line, 0, evenLimit);
    if (decoded === null) return { ok: false, reason: 'bad_hex' };
    peeked = evenLimit;
    newlineAt = decoded.indexOf(0x0a);
  }
  if (decoded === null || newlineAt === -1) {
    return { ok: false, reason: 'no_header' };
  }
  const headerLine = decoded.toString('latin1', 0, newlineAt);
  const header = parseGorHeader(headerLine);
  if (header === null) return { ok: false, reason: 'bad_header' };
  const payloadHexStart = (newlineAt + 1) * 2;
  // gor itself drops a message with nothing after the header line (protocol.go payloadMetaWithBody).
  if (payloadHexStart >= end) return { ok: false, reason: 'no_payload' };
  return { ok: true, header, headerLine, payloadHexStart, payloadHexEnd: end };
}

/** Decodes the whole payload strictly; null if any of it is not valid hex. */
export function decodePayload(line: Buffer, decode: HeaderDecode): Buffer | null {
  return decodeHexStrict(line, decode.payloadHexStart, decode.payloadHexEnd);
}

/**
 * Decodes at most `maxBytes` of the payload (for reading a request line without paying
 * for the body). Null if that prefix is not valid hex.
 */
export function peekPayload(line: Buffer, decode: HeaderDecode, maxBytes: number): Buffer | null {
  const end = Math.min(decode.payloadHexEnd, decode.payloadHexStart + maxBytes * 2);
  return decodeHexStrict(line, decode.payloadHexStart, end - ((end - decode.payloadHexStart) % 2));
}
