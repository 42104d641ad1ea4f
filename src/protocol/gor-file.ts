import type { GorHeader } from './gor-message.js';
import { PAYLOAD_DIGITS, PAYLOAD_KINDS } from './gor-message.js';

/**
 * The line that ends every record of a `.gor` file (gor's `payloadSeparator` is this
 * string with an LF on each side, in gor's `protocol.go`).
 */
export const GOR_SEPARATOR = '🐵🙈🙉';

/**
 * One record of a `.gor` file.
 * `headerLine` is the meta line without its LF, one char per byte (latin1), so that
 * re-encoding it gives back the exact bytes; `header` is its parse, or null when the line
 * has at least 3 space-separated fields (gor keeps such records) but is not a valid header.
 * `payload` is the raw HTTP message and may share memory with the parsed input.
 */
export interface GorRecord {
  readonly headerLine: string;
  readonly header: GorHeader | null;
  readonly payload: Buffer;
}

/** The records of a whole file, and how many records gor would skip as malformed. */
export interface GorFileParse {
  readonly records: GorRecord[];
  readonly skipped: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SEPARATOR_BYTES = Buffer.from(GOR_SEPARATOR, 'utf8');
const SEPARATOR_LINE = Buffer.from(`${GOR_SEPARATOR}\n`, 'utf8');
const RECORD_TRAILER = Buffer.from(`\n${GOR_SEPARATOR}\n`, 'utf8');
const MIN_HEADER_FIELDS = 3;
const MAX_HEADER_FIELDS = 4;
const HEADER_ENCODING = 'latin1';
/** Payload bytes hex-encoded per step, so a huge payload never becomes one huge string. */
const HEX_SLICE_BYTES = 1 << 20;

/**
 * Splits a `.gor` file into records as gor's file reader does (`input_file.go`): the file
 * is read line by line, a line exactly equal to the separator ends a record, and the LF
 * before the separator is not part of the payload. Feed chunks of any size to `push`; only
 * the current record and the current line are kept in memory.
 *
 * Records whose meta line has fewer than 3 fields (including an empty record between two
 * separators) are skipped and counted in `skipped`, as gor skips them. Unlike gor, `end`
 * does not drop a final record that lacks its separator (a truncated or hand-written
 * file): one trailing LF is taken as the separator's, and a tail of blank lines is ignored.
 * Never throws.
 */
export class GorFileSplitter {
  /** Bytes of the current record not yet emitted, as slices of the pushed chunks. */
  #pieces: Buffer[] = [];
  #length = 0;
  /** Bytes seen since the last LF, across chunks. */
  #lineLength = 0;
  #skipped = 0;

  /** Records skipped so far because their meta line had fewer than 3 fields. */
  get skipped(): number {
    return this.#skipped;
  }

  /** Consumes one chunk and returns the records it completed, in file order. */
  push(chunk: Buffer): GorRecord[] {
    const records: GorRecord[] = [];
    let recordStart = 0;
    let lineStart = 0;
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lineStart)) {
      const lineLength = this.#lineLength + lf + 1 - lineStart;
      this.#lineLength = 0;
      lineStart = lf + 1;
      if (lineLength !== SEPARATOR_LINE.length) continue;
      this.#append(chunk.subarray(recordStart, lineStart));
      recordStart = lineStart;
      if (!this.#endsWith(SEPARATOR_LINE)) continue;
      const bytes = this.#take(this.#length - SEPARATOR_LINE.length);
      this.#emit(records, bytes, bytes.length - 1);
    }
    this.#append(chunk.subarray(recordStart));
    this.#lineLength += chunk.length - lineStart;
    return records;
  }

  /** Signals the end of the input and returns the final record, if one is left. */
  end(): GorRecord[] {
    const records: GorRecord[] = [];
    const separatorWithoutLf = this.#lineLength === SEPARATOR_BYTES.length && this.#endsWith(SEPARATOR_BYTES);
    this.#lineLength = 0;
    if (separatorWithoutLf) {
      const bytes = this.#take(this.#length - SEPARATOR_BYTES.length);
      this.#emit(records, bytes, bytes.length - 1);
      return records;
    }
    const bytes = this.#take(this.#length);
    if (isBlank(bytes)) return records;
    this.#emit(records, bytes, bytes[bytes.length - 1] === LF ? bytes.length - 1 : bytes.length);
    return records;
  }

  #append(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#pieces.push(piece);
    this.#length += piece.length;
  }

  /** Whether the buffered bytes end with `suffix` (which may span several pieces). */
  #endsWith(suffix: Buffer): boolean {
    if (this.#length < suffix.length) return false;
    let suffixEnd = suffix.length;
    for (let i = this.#pieces.length - 1; i >= 0 && suffixEnd > 0; i -= 1) {
      const piece = this.#pieces[i] as Buffer;
      const n = Math.min(piece.length, suffixEnd);
      if (piece.compare(suffix, suffixEnd - n, suffixEnd, piece.length - n, piece.length) !== 0) return false;
      suffixEnd -= n;
    }
    return true;
  }

  /** Returns the first `length` buffered bytes as one buffer and clears the buffer. */
  #take(length: number): Buffer {
    const only = this.#pieces.length === 1 ? this.#pieces[0] : undefined;
    const bytes = only !== undefined ? only.subarray(0, length) : Buffer.concat(this.#pieces, length);
    this.#pieces = [];
    this.#length = 0;
    return bytes;
  }

  /** `bytes` holds the meta line, its LF and the payload, which ends at `payloadEnd`. */
  #emit(records: GorRecord[], bytes: Buffer, payloadEnd: number): void {
    const lf = bytes.indexOf(LF);
    // gor takes the meta from the bytes before the first LF; no LF means no meta at all.
    const headerLine = lf === -1 ? '' : bytes.toString(HEADER_ENCODING, 0, lf);
    if (lf === -1 || countFields(headerLine) < MIN_HEADER_FIELDS) {
      this.#skipped += 1;
      return;
    }
    const payload = bytes.subarray(Math.min(lf + 1, payloadEnd), payloadEnd);
    records.push({ headerLine, header: parseGorHeader(headerLine), payload });
  }
}

/**
 * Parses a whole `.gor` file held in memory; see GorFileSplitter for the rules.
 * Returns every record in file order and the number of skipped records. Never throws.
 */
export function parseGorFile(content: Buffer): GorFileParse {
  const splitter = new GorFileSplitter();
  const records = splitter.push(content).concat(splitter.end());
  return { records, skipped: splitter.skipped };
}

/**
 * Parses a meta line `type id timestamp [duration]` split on single spaces: exactly 3 or
 * 4 fields, type '1', '2' or '3', a non-empty id of any length, a timestamp of decimal
 * digits and an optional duration of decimal digits with an optional leading '-'. Numbers
 * are returned as bigint, exactly. Returns null for anything else (extra or doubled
 * spaces, a trailing CR, signs on the timestamp); never throws.
 */
export function parseGorHeader(line: string): GorHeader | null {
  const fields = line.split(' ');
  if (fields.length < MIN_HEADER_FIELDS || fields.length > MAX_HEADER_FIELDS) return null;
  const [type = '', id = '', timestamp = '', duration] = fields;
  // Single-character keys cannot hit Object.prototype members such as "constructor".
  const kind = type.length === 1 ? PAYLOAD_KINDS[type] : undefined;
  if (kind === undefined || id === '' || !isDecimal(timestamp, false)) return null;
  if (duration === undefined) return { kind, id, timestamp: BigInt(timestamp) };
  if (!isDecimal(duration, true)) return null;
  return { kind, id, timestamp: BigInt(timestamp), duration: BigInt(duration) };
}

/**
 * The meta line of a header as gor writes it: `type id timestamp [duration]`, the inverse
 * of parseGorHeader (which is strict, so a parsed line formats back to the same text).
 */
export function formatGorHeader(header: GorHeader): string {
  const line = `${PAYLOAD_DIGITS[header.kind]} ${header.id} ${header.timestamp}`;
  return header.duration === undefined ? line : `${line} ${header.duration}`;
}

/**
 * Formats one record as gor's file output writes it: meta line, LF, payload, then LF,
 * separator, LF. `headerLine` must not contain an LF; its chars are written as latin1
 * bytes. Never throws.
 */
export function formatGorRecord(headerLine: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${headerLine}\n`, HEADER_ENCODING), payload, RECORD_TRAILER]);
}

/**
 * Encodes one message as gor writes it to a middleware's stdin: the lowercase hex of
 * meta line + LF + payload, then one LF. `headerLine` chars are taken as latin1 bytes.
 * Never throws.
 */
export function toHexLine(headerLine: string, payload: Buffer): Buffer {
  const head = Buffer.from(`${headerLine}\n`, HEADER_ENCODING);
  const line = Buffer.allocUnsafe((head.length + payload.length) * 2 + 1);
  let offset = line.write(head.toString('hex'), 0, HEADER_ENCODING);
  for (let start = 0; start < payload.length; start += HEX_SLICE_BYTES) {
    const slice = payload.subarray(start, start + HEX_SLICE_BYTES);
    offset += line.write(slice.toString('hex'), offset, HEADER_ENCODING);
  }
  line[offset] = LF;
  return line;
}

/** gor's field count: the number of single-space-separated fields, empty ones included. */
function countFields(line: string): number {
  let fields = 1;
  for (let i = line.indexOf(' '); i !== -1; i = line.indexOf(' ', i + 1)) fields += 1;
  return fields;
}

function isDecimal(text: string, allowMinus: boolean): boolean {
  const start = allowMinus && text.startsWith('-') ? 1 : 0;
  if (text.length === start) return false;
  for (let i = start; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== LF && byte !== CR) return false;
  return true;
}
