import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GorFileSplitter } from '../protocol/gor-file.js';
import type { GorRecord } from '../protocol/gor-file.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import type { CaptureSource } from './capture-sources.js';

/** How a capture is written: gor's `.gor` file format, or the hex lines gor sends a middleware. */
export type CaptureFormat = 'gor' | 'hex';

/**
 * What reading a capture yields, in input order:
 * - `record`: one `.gor` record;
 * - `line`: one hex line of a middleware stream, without its LF (a view into the input); the
 *   last line of the input is one too when it has no LF;
 * - `oversized`: a hex line longer than the analysis limit (not kept);
 * - `skipped`: at the end of a `.gor` input, how many records gor would skip (fewer than 3 meta fields).
 */
export type CaptureEvent =
  | { readonly type: 'record'; readonly record: GorRecord }
  | { readonly type: 'line'; readonly line: Buffer }
  | { readonly type: 'oversized' }
  | { readonly type: 'skipped'; readonly count: number };

/** Read size for capture files: large reads cost fewer system calls and smaller per-chunk overheads. */
const FILE_CHUNK_BYTES = 1 << 20;
/** Bytes looked at to tell the two formats apart. */
const DETECT_BYTES = 4096;
const GZIP_MAGIC = [0x1f, 0x8b];
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * Opens a source as a byte stream: the file, or `stdin` for `-`. Errors (a file that
 * vanished, permissions) surface when the stream is read.
 */
export function openSource(source: CaptureSource, stdin: Readable): Readable {
  return source.path === null ? stdin : createReadStream(source.path, { highWaterMark: FILE_CHUNK_BYTES });
}

/**
 * Reads one capture from `input` and yields its events in batches (one per input chunk),
 * with bounded memory: one chunk, the current record or line. A gzip stream (told by its
 * magic bytes, whatever the name) is gunzipped first. The format is told from the content:
 * a `.gor` file starts with a meta line `1 <id> <timestamp> …`, which has spaces; a hex
 * stream never does, so a first non-blank line without a space within 4 KiB means hex.
 * `onFormat` is called once, before the first batch. Rejects (while iterating) on a read
 * error or corrupt gzip.
 */
export async function* readCapture(input: Readable, maxLineBytes: number, onFormat: (format: CaptureFormat) => void = () => {}): AsyncGenerator<CaptureEvent[]> {
  const raw = await peek(input[Symbol.asyncIterator]() as AsyncIterator<Buffer>, (head) => head.length >= GZIP_MAGIC.length);
  let chunks: AsyncIterator<Buffer> = raw;
  if (raw.head.length >= 2 && raw.head[0] === GZIP_MAGIC[0] && raw.head[1] === GZIP_MAGIC[1]) {
    const gunzip = createGunzip();
    // Errors of either side end up on gunzip, and so in the iteration below.
    pipeline(Readable.from(raw), gunzip, () => {});
    chunks = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }
  const plain = await peek(chunks, formatDecided);
  const format = detectFormat(plain.head);
  onFormat(format);
  if (format === 'gor') yield* gorEvents(plain);
  else yield* hexEvents(plain, maxLineBytes);
}

/** `.gor` when the first non-blank line has a space within the bytes seen, hex otherwise. */
export function detectFormat(head: Buffer): CaptureFormat {
  const start = firstContent(head);
  for (let i = start; i < head.length && i < start + DETECT_BYTES; i++) {
    if (head[i] === SPACE) return 'gor';
    if (head[i] === LF) break;
  }
  return 'hex';
}

function formatDecided(head: Buffer): boolean {
  const start = firstContent(head);
  return start < head.length && (head.indexOf(LF, start) !== -1 || head.length - start >= DETECT_BYTES);
}

function firstContent(head: Buffer): number {
  let start = 0;
  while (start < head.length && (head[start] === LF || head[start] === CR)) start++;
  return start;
}

async function* gorEvents(chunks: AsyncIterable<Buffer>): AsyncGenerator<CaptureEvent[]> {
  const splitter = new GorFileSplitter();
  for await (const chunk of chunks) {
    const records = splitter.push(chunk);
    if (records.length > 0) yield records.map((record) => ({ type: 'record', record }));
  }
  const last: CaptureEvent[] = splitter.end().map((record) => ({ type: 'record', record }));
  if (splitter.skipped > 0) last.push({ type: 'skipped', count: splitter.skipped });
  if (last.length > 0) yield last;
}

async function* hexEvents(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<CaptureEvent[]> {
  let batch: CaptureEvent[] = [];
  const splitter = new LineSplitter(
    {
      line: (line) => batch.push({ type: 'line', line }),
      oversized: () => batch.push({ type: 'oversized' }),
    },
    maxLineBytes,
  );
  for await (const chunk of chunks) {
    splitter.push(chunk);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  // The last line needs no LF: it is the capture's last message like any other.
  splitter.end(true);
  if (batch.length > 0) yield batch;
}

/** An iterator whose first bytes were read ahead into `head`; iterating replays them first. */
interface Peeked extends AsyncIterableIterator<Buffer> {
  readonly head: Buffer;
}

/** Reads chunks until `enough(head)` or the end, without losing any. */
async function peek(source: AsyncIterator<Buffer>, enough: (head: Buffer) => boolean): Promise<Peeked> {
  const taken: Buffer[] = [];
  let head: Buffer = Buffer.alloc(0);
  let ended = false;
  while (!enough(head)) {
    const next = await source.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    taken.push(next.value);
    head = taken.length === 1 ? next.value : Buffer.concat(taken);
  }
  let replayed = false;
  const iterator: Peeked = {
    head,
    async next(): Promise<IteratorResult<Buffer>> {
      if (!replayed) {
        replayed = true;
        if (head.length > 0) return { done: false, value: head };
      }
      if (ended) return { done: true, value: undefined };
      return source.next();
    },
    async return(): Promise<IteratorResult<Buffer>> {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
