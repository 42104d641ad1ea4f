import { decodeBody } from '../protocol/body-decoder.js';
import { parseHttpMessage } from '../protocol/http-payload.js';
import { REDACTED } from './redact.js';
import type { Redactor } from './redact.js';

const LF = 0x0a;
const CR = 0x0d;
const BOM = '\uFEFF';
const CRLF = Buffer.from('\r\n', 'latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Headers that describe the body as captured, dropped when the body is rewritten decoded. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-encoding']);

/**
 * A raw HTTP message (as gor captured it) with its secrets redacted, still a valid message
 * that reads back to the same status, headers and decoded body apart from what was redacted:
 *
 * - the value of every secret header (see Redactor.isSecretHeader) becomes `[redacted]`;
 *   for `Set-Cookie` only the cookie's value, so its name and attributes stay comparable
 *   (`sid=[redacted]; Path=/; HttpOnly`). Folded continuation lines of such a header go.
 * - a JSON body with a configured field in it (`--redact`) is decoded (de-chunked and
 *   decompressed), redacted in its text (numbers and key order kept as sent) and written
 *   plain: `Transfer-Encoding` and `Content-Encoding` are dropped and `Content-Length` set
 *   to the new length. A body with nothing to redact, that is not JSON, that cannot be
 *   decoded or that is shorter than its Content-Length keeps its bytes as captured.
 *
 * Every other byte is kept. Returns `payload` itself when nothing changed. Never throws.
 */
export function redactHttpPayload(payload: Buffer, kind: 'request' | 'response', redactor: Redactor, maxBodyBytes: number): Buffer {
  const body = redactor.redactsBodies ? redactedBody(payload, kind, redactor, maxBodyBytes) : null;
  const head = headerBlock(payload);
  const parts: Buffer[] = [payload.subarray(0, head.startLineEnd)];
  let changed = body !== null;
  let dropping = false;
  for (const [index, line] of head.lines.entries()) {
    const text = payload.toString('latin1', line.start, line.contentEnd);
    // As the parser reads them: a line starting with white space continues the header above it.
    if (index > 0 && (text.startsWith(' ') || text.startsWith('\t'))) {
      if (dropping) changed = true;
      else parts.push(payload.subarray(line.start, line.end));
      continue;
    }
    dropping = false;
    const colon = text.indexOf(':');
    const name = colon < 0 ? '' : text.slice(0, colon).trim();
    if (body !== null && FRAMING_HEADERS.has(name.toLowerCase())) {
      dropping = true;
      continue;
    }
    if (name !== '' && redactor.isSecretHeader(name)) {
      const value = redactedHeaderValue(name, text.slice(colon + 1).trim());
      parts.push(Buffer.from(`${text.slice(0, colon)}: ${value}`, 'latin1'), payload.subarray(line.contentEnd, line.end));
      dropping = true;
      changed = true;
      continue;
    }
    parts.push(payload.subarray(line.start, line.end));
  }
  if (!changed) return payload;
  if (body === null) {
    parts.push(payload.subarray(head.blankStart));
    return Buffer.concat(parts);
  }
  const ending = head.blankStart < payload.length ? payload.subarray(head.blankStart, head.bodyStart) : CRLF;
  parts.push(Buffer.from(`Content-Length: ${body.length}`, 'latin1'), ending, ending, body);
  return Buffer.concat(parts);
}

/** `sid=abc; Path=/` → `sid=[redacted]; Path=/` for Set-Cookie; `[redacted]` for every other header. */
function redactedHeaderValue(name: string, value: string): string {
  if (name.toLowerCase() !== 'set-cookie') return REDACTED;
  const semicolon = value.indexOf(';');
  const pair = semicolon < 0 ? value : value.slice(0, semicolon);
  const equals = pair.indexOf('=');
  const cookie = equals < 0 ? REDACTED : `${pair.slice(0, equals + 1)}${REDACTED}`;
  return semicolon < 0 ? cookie : cookie + value.slice(semicolon);
}

/** The redacted decoded body, or null when the body is kept as captured. */
function redactedBody(payload: Buffer, kind: 'request' | 'response', redactor: Redactor, maxBodyBytes: number): Buffer | null {
  const http = parseHttpMessage(payload, kind);
  if (!http.ok || http.truncated || http.rawBody.length === 0) return null;
  const decoded = decodeBody(http, { maxBytes: maxBodyBytes });
  if (!decoded.ok) return null;
  let text: string;
  try {
    text = utf8.decode(decoded.body);
  } catch {
    return null;
  }
  // The judge reads a body after its byte-order mark, so redaction does too, and keeps the mark.
  const bom = text.startsWith(BOM) ? BOM : '';
  const json = bom === '' ? text : text.slice(1);
  const redacted = redactor.redactJson(json);
  if (redacted === json || redacted === null) return null;
  return Buffer.from(bom + redacted, 'utf8');
}

interface HeaderLine {
  readonly start: number;
  /** Where the line's text ends, before its CR LF or LF. */
  readonly contentEnd: number;
  /** Just past its LF (or the payload's end). */
  readonly end: number;
}

/**
 * The head as the parser reads it: blank lines before the start line, the start line, then
 * header lines up to the blank line that ends them (`blankStart`, the payload's end when a
 * payload has none), then the body from `bodyStart`.
 */
function headerBlock(payload: Buffer): { startLineEnd: number; lines: HeaderLine[]; blankStart: number; bodyStart: number } {
  let pos = 0;
  while (pos < payload.length && (payload[pos] === LF || payload[pos] === CR)) pos += 1;
  const firstLf = payload.indexOf(LF, pos);
  const startLineEnd = firstLf < 0 ? payload.length : firstLf + 1;
  const lines: HeaderLine[] = [];
  for (let start = startLineEnd; start < payload.length; ) {
    const lf = payload.indexOf(LF, start);
    const end = lf < 0 ? payload.length : lf + 1;
    const contentEnd = lf < 0 ? end : lf > start && payload[lf - 1] === CR ? lf - 1 : lf;
    if (contentEnd === start && lf >= 0) return { startLineEnd, lines, blankStart: start, bodyStart: end };
    lines.push({ start, contentEnd, end });
    start = end;
  }
  return { startLineEnd, lines, blankStart: payload.length, bodyStart: payload.length };
}
