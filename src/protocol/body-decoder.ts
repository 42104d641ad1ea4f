import { constants as bufferConstants } from 'node:buffer';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { ZlibOptions } from 'node:zlib';
import { isChunked } from './http-payload.js';
import type { HttpHeaders, HttpMessage } from './http-payload.js';

/** A body with its transfer and content codings removed. */
export interface DecodedBody {
  readonly ok: true;
  /** The decoded bytes; the message's own `rawBody` when nothing had to be removed. */
  readonly body: Buffer;
  /** The media type, lowercased, without parameters; '' when there is no Content-Type. */
  readonly contentType: string;
  /**
   * The declared transfer codings (chunked excluded) then content codings, lowercased,
   * `identity` dropped, in the order the sender applied them.
   */
  readonly encodings: string[];
}

/** Why a body could not be decoded; `detail` is for humans only. */
export interface BodyFailure {
  readonly ok: false;
  readonly reason: 'bad_chunked' | 'bad_encoding' | 'unsupported_encoding' | 'too_large';
  readonly detail: string;
}

/** Options for decodeBody. */
export interface DecodeBodyOptions {
  /** Largest body accepted after each decoding step, in bytes. */
  readonly maxBytes: number;
}

type Decoder = (input: Buffer, maxOutputLength: number) => Buffer;

function inflateEither(input: Buffer, options: ZlibOptions): Buffer {
  try {
    return inflateSync(input, options);
  } catch (error) {
    if (isTooLarge(error)) throw error;
    // Some servers send raw deflate under the `deflate` name; browsers accept both.
    return inflateRawSync(input, options);
  }
}

const DECODERS: ReadonlyMap<string, Decoder> = new Map<string, Decoder>([
  ['gzip', (input, max) => gunzipSync(input, { maxOutputLength: max })],
  ['x-gzip', (input, max) => gunzipSync(input, { maxOutputLength: max })],
  ['deflate', (input, max) => inflateEither(input, { maxOutputLength: max })],
  ['br', (input, max) => brotliDecompressSync(input, { maxOutputLength: max })],
]);

/**
 * Removes the framing and codings from `message.rawBody`. Synchronous; never throws.
 *
 * First `Transfer-Encoding: chunked` is removed: hex sizes, chunk extensions after ';'
 * ignored, stopping at the zero-size chunk, trailers ignored. A chunked body that stops
 * before its zero-size chunk fails with `bad_chunked` even when the chunks present are
 * well formed, because a partial body would be compared as if it were complete. Other
 * transfer codings, then the `Content-Encoding` list, are undone in reverse order:
 * `gzip`/`x-gzip`, `deflate` (zlib-wrapped, else raw), `br`; `identity` is skipped. An
 * empty raw body is returned empty whatever its framing and codings say (HEAD, 304).
 *
 * Failures: `unsupported_encoding` for any other coding; `bad_encoding` for corrupt or
 * truncated compressed data; `too_large` when the output of any step exceeds
 * `options.maxBytes` (decompression stops at the cap, so a compression bomb is cheap).
 * A `Content-Length` truncation flagged by `message.truncated` is not checked here.
 */
export function decodeBody(message: HttpMessage, options: DecodeBodyOptions): DecodedBody | BodyFailure {
  const maxBytes = normaliseCap(options.maxBytes);
  const contentType = mediaType(message.headers);
  const codings = [...codingList(message.headers, 'transfer-encoding').filter((coding) => coding !== 'chunked'), ...codingList(message.headers, 'content-encoding')].filter(
    (coding) => coding !== 'identity',
  );

  let body = message.rawBody;
  if (isChunked(message.headers) && body.length > 0) {
    const unchunked = dechunk(body, maxBytes);
    if (!unchunked.ok) return unchunked;
    body = unchunked.body;
  }
  if (body.length > maxBytes) return tooLarge(maxBytes);

  for (let i = codings.length - 1; i >= 0 && body.length > 0; i--) {
    const coding = codings[i] ?? '';
    const decoder = DECODERS.get(coding);
    if (decoder === undefined) {
      const detail = `unsupported coding ${JSON.stringify(coding)}`;
      return { ok: false, reason: 'unsupported_encoding', detail };
    }
    try {
      // zlib rejects a zero cap, so ask for at least one byte and check the real cap below.
      body = decoder(body, Math.max(1, maxBytes));
    } catch (error) {
      if (isTooLarge(error)) return tooLarge(maxBytes);
      return { ok: false, reason: 'bad_encoding', detail: `${coding}: ${errorMessage(error)}` };
    }
    if (body.length > maxBytes) return tooLarge(maxBytes);
  }
  return { ok: true, body, contentType, encodings: codings };
}

type Dechunked = { readonly ok: true; readonly body: Buffer } | BodyFailure;

const LF = 0x0a;
const CR = 0x0d;
const HEX = /^[0-9a-fA-F]+$/;
// More hex digits than this cannot be a real chunk size and would lose precision.
const MAX_SIZE_DIGITS = 12;

function dechunk(raw: Buffer, maxBytes: number): Dechunked {
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  for (;;) {
    const lf = raw.indexOf(LF, pos);
    if (lf < 0) return badChunked('stops inside a chunk size line');
    const semicolon = raw.subarray(pos, lf).indexOf(';');
    const sizeEnd = semicolon < 0 ? lf : pos + semicolon;
    const digits = raw.toString('latin1', pos, sizeEnd).trim();
    if (!HEX.test(digits) || digits.length > MAX_SIZE_DIGITS) {
      return badChunked(`bad chunk size ${JSON.stringify(digits.slice(0, MAX_SIZE_DIGITS))}`);
    }
    const size = Number.parseInt(digits, 16);
    if (size === 0) break;
    const dataStart = lf + 1;
    const dataEnd = dataStart + size;
    if (dataEnd > raw.length) return badChunked('stops inside chunk data');
    total += size;
    if (total > maxBytes) return tooLarge(maxBytes);
    parts.push(raw.subarray(dataStart, dataEnd));
    const afterData = raw[dataEnd] === CR ? dataEnd + 1 : dataEnd;
    if (afterData >= raw.length) return badChunked('stops after chunk data');
    if (raw[afterData] !== LF) return badChunked('chunk data is not followed by a line ending');
    pos = afterData + 1;
  }
  const [only] = parts;
  // A single chunk (what Go writes for replays) is returned as a view, without a copy.
  const body = parts.length === 1 && only !== undefined ? only : Buffer.concat(parts, total);
  return { ok: true, body };
}

function codingList(headers: HttpHeaders, name: string): string[] {
  return headers
    .values(name)
    .flatMap((value) => value.split(','))
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '');
}

function mediaType(headers: HttpHeaders): string {
  const value = headers.get('content-type') ?? '';
  const semicolon = value.indexOf(';');
  return (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
}

function normaliseCap(maxBytes: number): number {
  if (Number.isNaN(maxBytes) || maxBytes < 0) return 0;
  return Math.min(Math.floor(maxBytes), bufferConstants.MAX_LENGTH);
}

function isTooLarge(error: unknown): boolean {
  if (!(error instanceof RangeError)) return false;
  return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function badChunked(detail: string): BodyFailure {
  return { ok: false, reason: 'bad_chunked', detail };
}

function tooLarge(maxBytes: number): BodyFailure {
  return { ok: false, reason: 'too_large', detail: `decoded body exceeds ${maxBytes} bytes` };
}
