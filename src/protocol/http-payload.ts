/**
 * The longest start line (request line or status line) we look for, in bytes. Past it a
 * payload is not treated as HTTP, so a binary blob is never scanned to its end.
 */
export const MAX_START_LINE_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HTTP_VERSION = /^HTTP\/\d+\.\d+$/;
const STATUS_LINE = /^(HTTP\/\d+\.\d+) (\d{3})(?: (.*))?$/;
const DIGITS = /^\d+$/;
const EMPTY = Buffer.alloc(0);
const NO_VALUES: readonly string[] = Object.freeze([]);

/** A request line split into its parts; `path` and `query` split `target` at the first '?'. */
export interface RequestLine {
  readonly method: string;
  /** The raw request-target, exactly as sent. */
  readonly target: string;
  readonly path: string;
  /** What follows the first '?', without it; '' when there is none. */
  readonly query: string;
  readonly version: string;
}

/**
 * Header fields of one message, in wire order and original case, with case-insensitive
 * lookup. Repeated fields (two `Set-Cookie`) are kept as separate values, never joined.
 * Immutable once built.
 */
export class HttpHeaders {
  readonly #entries: ReadonlyArray<readonly [string, string]>;
  readonly #byName = new Map<string, string[]>();

  /** Copies `entries` (name, value pairs in wire order); never throws. */
  constructor(entries: Iterable<readonly [string, string]>) {
    const copy: Array<readonly [string, string]> = [];
    for (const [name, value] of entries) {
      copy.push([name, value]);
      const key = name.toLowerCase();
      const values = this.#byName.get(key);
      if (values === undefined) this.#byName.set(key, [value]);
      else values.push(value);
    }
    this.#entries = copy;
  }

  /** The first value of the field `name` (any case), or undefined when absent. */
  get(name: string): string | undefined {
    return this.#byName.get(name.toLowerCase())?.[0];
  }

  /** Every value of the field `name` (any case) in wire order; [] when absent. */
  getAll(name: string): string[] {
    return [...this.values(name)];
  }

  /** The same values without a copy, for readers that only look (this runs several times per message). */
  values(name: string): readonly string[] {
    return this.#byName.get(name.toLowerCase()) ?? NO_VALUES;
  }

  /** Whether the field `name` (any case) is present at least once. */
  has(name: string): boolean {
    return this.#byName.has(name.toLowerCase());
  }

  /** A fresh copy of all fields as [name, value], original case, wire order. */
  entries(): Array<[string, string]> {
    return this.#entries.map(([name, value]): [string, string] => [name, value]);
  }
}

/**
 * A parsed HTTP/1.x request or response. Requests carry method, target, path and query;
 * responses carry status and reason; the other kind's fields are absent.
 */
export interface HttpMessage {
  readonly ok: true;
  /** The first line without its line ending, decoded as latin1. */
  readonly startLine: string;
  readonly method?: string;
  readonly target?: string;
  readonly path?: string;
  readonly query?: string;
  readonly status?: number;
  /** The reason phrase; '' when the status line has none. */
  readonly reason?: string;
  readonly version: string;
  readonly headers: HttpHeaders;
  /**
   * The framed body bytes as captured, a view into the payload (never copied or decoded).
   * Chunked framing and content codings are still present.
   */
  readonly rawBody: Buffer;
  /** True when `Content-Length` announces more bytes than the payload holds. */
  readonly truncated: boolean;
}

/** Why a payload could not be read as an HTTP message; `detail` is for humans only. */
export interface HttpParseFailure {
  readonly ok: false;
  readonly reason: 'no_start_line' | 'bad_start_line' | 'no_header_end' | 'bad_header';
  readonly detail: string;
}

/**
 * Reads only the request line of `payload`, up to its first LF (a CR before it is
 * dropped). Returns null when there is no line ending within MAX_START_LINE_BYTES, or
 * when the line is not `METHOD SP target SP HTTP/x.y` with a token method.
 */
export function parseRequestLine(payload: Buffer): RequestLine | null {
  const end = payload.subarray(0, MAX_START_LINE_BYTES).indexOf(LF);
  if (end < 0) return null;
  return splitRequestLine(decodeLine(payload, 0, end));
}

/**
 * Parses `payload` as an HTTP/1.x message of the given kind. Never throws.
 *
 * Accepts CRLF and bare LF line endings, skips blank lines before the start line, and
 * joins obsolete folded header lines onto the previous value with one space. Header bytes
 * are decoded as latin1; the body is only sliced. Body framing: 204 and 304 responses
 * have an empty body; with `Transfer-Encoding: chunked` the body is everything after the
 * headers, still chunked; otherwise a valid `Content-Length` cuts the body, or marks it
 * `truncated` when fewer bytes are present. An invalid or conflicting `Content-Length` is
 * ignored, leaving every remaining byte as the body.
 *
 * Failures: `no_start_line` when the payload is empty or has no line ending within
 * MAX_START_LINE_BYTES; `bad_start_line` when the first line is not a request or status
 * line; `no_header_end` when the blank line ending the headers is missing; `bad_header`
 * when a header line has no ':' or an empty name.
 */
export function parseHttpMessage(payload: Buffer, kind: 'request' | 'response'): HttpMessage | HttpParseFailure {
  let start = 0;
  while (start < payload.length && (payload[start] === LF || payload[start] === CR)) start++;
  if (start === payload.length) return failure('no_start_line', 'empty payload');

  let lineEnd = payload.subarray(start, start + MAX_START_LINE_BYTES).indexOf(LF);
  if (lineEnd >= 0) lineEnd += start;
  else if (payload.length - start <= MAX_START_LINE_BYTES) lineEnd = payload.length;
  else return failure('no_start_line', `no line ending within ${MAX_START_LINE_BYTES} bytes`);

  const startLine = decodeLine(payload, start, lineEnd);
  const head = kind === 'request' ? requestHead(startLine) : responseHead(startLine);
  if (head === null) return failure('bad_start_line', `not a ${kind} line: ${clip(startLine)}`);

  const entries: Array<[string, string]> = [];
  let pos = lineEnd + 1;
  for (;;) {
    const lf = pos < payload.length ? payload.indexOf(LF, pos) : -1;
    if (lf < 0) return failure('no_header_end', 'no blank line after the headers');
    const line = decodeLine(payload, pos, lf);
    pos = lf + 1;
    if (line === '') break;
    const first = line.charCodeAt(0);
    const previous = entries[entries.length - 1];
    if ((first === SPACE || first === TAB) && previous !== undefined) {
      previous[1] = `${previous[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (name === '') return failure('bad_header', `not a header line: ${clip(line)}`);
    entries.push([name, line.slice(colon + 1).trim()]);
  }

  const headers = new HttpHeaders(entries);
  const framed = frameBody(payload.subarray(pos), headers, head.status);
  return { ok: true, startLine, ...head, headers, rawBody: framed.rawBody, truncated: framed.truncated };
}

type RequestHead = RequestLine & { readonly status?: never };
interface ResponseHead {
  readonly status: number;
  readonly reason: string;
  readonly version: string;
}

function requestHead(line: string): RequestHead | null {
  return splitRequestLine(line);
}

function responseHead(line: string): ResponseHead | null {
  const match = STATUS_LINE.exec(line);
  if (match === null) return null;
  const [, version = '', status = '', reason = ''] = match;
  return { version, status: Number(status), reason };
}

function splitRequestLine(line: string): RequestLine | null {
  // Two single spaces and no third, found without an array: this runs for every request.
  const first = line.indexOf(' ');
  const second = first < 0 ? -1 : line.indexOf(' ', first + 1);
  if (second < 0 || line.indexOf(' ', second + 1) >= 0) return null;
  const method = line.slice(0, first);
  const target = line.slice(first + 1, second);
  const version = line.slice(second + 1);
  if (!TOKEN.test(method) || target === '' || !HTTP_VERSION.test(version)) return null;
  const mark = target.indexOf('?');
  const path = mark < 0 ? target : target.slice(0, mark);
  const query = mark < 0 ? '' : target.slice(mark + 1);
  return { method, target, path, query, version };
}

function frameBody(rest: Buffer, headers: HttpHeaders, status: number | undefined): { rawBody: Buffer; truncated: boolean } {
  // RFC 9112 section 6.3: these responses never carry a body, whatever their headers say.
  if (status === 204 || status === 304) return { rawBody: EMPTY, truncated: false };
  if (isChunked(headers)) return { rawBody: rest, truncated: false };
  const length = contentLength(headers);
  if (length === undefined) return { rawBody: rest, truncated: false };
  if (rest.length < length) return { rawBody: rest, truncated: true };
  return { rawBody: rest.subarray(0, length), truncated: false };
}

/** Whether `Transfer-Encoding` lists `chunked` (in any field, any case). */
export function isChunked(headers: HttpHeaders): boolean {
  for (const value of headers.values('transfer-encoding')) {
    // Most messages have a single coding: it is looked at without splitting.
    if (value.indexOf(',') < 0 ? value.trim().toLowerCase() === 'chunked' : value.split(',').some((coding) => coding.trim().toLowerCase() === 'chunked')) return true;
  }
  return false;
}

/**
 * Every comma-separated element of every `Content-Length` field must be the same digits;
 * else there is no valid length. Written as loops: it runs for every message.
 */
function contentLength(headers: HttpHeaders): number | undefined {
  let first: string | undefined;
  for (const field of headers.values('content-length')) {
    for (const part of field.indexOf(',') < 0 ? [field] : field.split(',')) {
      const value = part.trim();
      if (first === undefined) {
        if (!DIGITS.test(value)) return undefined;
        first = value;
      } else if (value !== first) return undefined;
    }
  }
  if (first === undefined) return undefined;
  const length = Number(first);
  return Number.isSafeInteger(length) ? length : undefined;
}

function decodeLine(payload: Buffer, start: number, end: number): string {
  const stop = end > start && payload[end - 1] === CR ? end - 1 : end;
  return payload.toString('latin1', start, stop);
}

function failure(reason: HttpParseFailure['reason'], detail: string): HttpParseFailure {
  return { ok: false, reason, detail };
}

const CLIP_CHARS = 80;

function clip(text: string): string {
  return JSON.stringify(text.length > CLIP_CHARS ? `${text.slice(0, CLIP_CHARS)}…` : text);
}
