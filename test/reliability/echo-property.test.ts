import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { runCli } from '../helpers/run-cli.js';

const LF = Buffer.from('\n');
const PATHS = ['/v2/robot/input_hint', '/v2/robot/query', '/v1/robot/intention', '/health'] as const;
const HEX_DIGITS = [...'0123456789abcdefABCDEF'];

function request(path: string, body: string): Buffer {
  return Buffer.from(`POST ${path} HTTP/1.1\r\nHost: robot\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function response(status: number, body: string, gzip: boolean): Buffer {
  const bytes = gzip ? gzipSync(body) : Buffer.from(body);
  const head = `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\n${gzip ? 'Content-Encoding: gzip\r\n' : ''}Content-Length: ${bytes.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), bytes]);
}

const id = fc.integer({ min: 0, max: 40 }).map((n) => `a1b2c3d4e5f6a7b8c9d0${String(n).padStart(4, '0')}`);
const jsonText = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null');

/** The three lines of one exchange (some watched, some not), in one of the orders gor produces. */
const exchange = fc
  .record({
    id,
    path: fc.constantFrom(...PATHS),
    request: jsonText,
    origin: jsonText,
    replay: fc.option(jsonText),
    status: fc.constantFrom(200, 200, 500),
    gzip: fc.boolean(),
    threeField: fc.boolean(),
    order: fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 0, 2], [2, 1, 0], [1, 2, 0]),
  })
  .map((e) => {
    const duration = e.threeField ? '' : ' 1500000';
    const lines = [
      toHexLine(`1 ${e.id} 1710489600000000000${duration}`, request(e.path, e.request)),
      toHexLine(`2 ${e.id} 1710489600023000000${duration}`, response(e.status, e.origin, e.gzip)),
      toHexLine(`3 ${e.id} 1710489600024000000${duration}`, response(200, e.replay ?? e.origin, false)),
    ];
    return Buffer.concat(e.order.map((i) => lines[i] as Buffer));
  });

/** One well-formed message of any kind with an arbitrary payload. */
const message = fc
  .record({ kind: fc.constantFrom('1', '2', '3'), id, payload: fc.uint8Array({ minLength: 1, maxLength: 300 }) })
  .map((m) => toHexLine(`${m.kind} ${m.id} 1710489600000000000 0`, Buffer.from(m.payload)));

const randomBytes = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.concat([Buffer.from(bytes), LF]));
const randomHex = fc.string({ unit: fc.constantFrom(...HEX_DIGITS), maxLength: 400 }).map((text) => Buffer.from(`${text}\n`));
const truncated = fc.tuple(fc.oneof(message, exchange), fc.nat()).map(([line, cut]) => Buffer.concat([line.subarray(0, cut % line.length), LF]));
/** CR before the LF, a CR inside a line, lone CRs and CR-only lines. */
const crlf = fc.tuple(message, fc.nat(), fc.constantFrom('\r\n', '\r\r\n', '\n\r\n', '\r', '\r\n\r\n')).map(([line, at, ending]) => {
  const body = line.subarray(0, line.length - 1);
  const cut = at % (body.length + 1);
  return at % 2 === 0 ? Buffer.concat([body, Buffer.from(ending), LF]) : Buffer.concat([body.subarray(0, cut), Buffer.from('\r'), body.subarray(cut), Buffer.from(ending)]);
});
const empty = fc.constant(LF);
/**
 * A long line: a watched request with a big body, or non-hex filler. Described rather than
 * built, so that a counterexample prints as a size and not as a megabyte of bytes.
 */
const long = fc.record({ size: fc.integer({ min: 64 * 1024, max: 1_200_000 }), valid: fc.boolean() });

function longLine({ size, valid }: { size: number; valid: boolean }): Buffer {
  return valid
    ? toHexLine('1 feedfeedfeedfeedfeedfeed 1710489600000000000 0', request('/v2/robot/query', JSON.stringify({ pad: 'x'.repeat(size / 2) })))
    : Buffer.concat([Buffer.alloc(size, 0x7a), LF]);
}

const segments = fc.array(
  fc.oneof(
    { arbitrary: exchange, weight: 5 },
    { arbitrary: message, weight: 3 },
    { arbitrary: randomBytes, weight: 2 },
    { arbitrary: randomHex, weight: 2 },
    { arbitrary: truncated, weight: 2 },
    { arbitrary: crlf, weight: 2 },
    { arbitrary: empty, weight: 1 },
  ),
  { maxLength: 40 },
);

const streamCase = fc.record({
  segments,
  longLines: fc.array(fc.tuple(long, fc.nat()), { maxLength: 2 }),
  dropFinalLf: fc.boolean(),
  chunkSizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 4096 }), fc.integer({ min: 4097, max: 300_000 })), { minLength: 1, maxLength: 16 }),
});

/**
 * Starting the CLI costs most of a second on a loaded machine, so each process is fed
 * several cases, one after the other, each written with its own chunking: 8 processes
 * × 4 cases. Their concatenation is itself an input sequence, and is what is checked.
 */
const CASES_PER_PROCESS = 4;
const PROCESSES = 8;
const batch = fc.record({
  cases: fc.array(streamCase, { minLength: CASES_PER_PROCESS, maxLength: CASES_PER_PROCESS }),
  maxLineSize: fc.constantFrom(undefined, '1k', '100k'),
});

function assemble(c: { segments: Buffer[]; longLines: Array<[{ size: number; valid: boolean }, number]>; dropFinalLf: boolean }): Buffer {
  const parts = [...c.segments];
  for (const [line, at] of c.longLines) parts.splice(at % (parts.length + 1), 0, longLine(line));
  const input = Buffer.concat(parts);
  return c.dropFinalLf && input.at(-1) === 0x0a ? input.subarray(0, input.length - 1) : input;
}

/** Lines as the CLI must count them: one per LF, plus a final line without one. */
function countLines(input: Buffer): number {
  let lines = 0;
  for (let at = input.indexOf(0x0a); at !== -1; at = input.indexOf(0x0a, at + 1)) lines += 1;
  return input.length > 0 && input.at(-1) !== 0x0a ? lines + 1 : lines;
}

/** Past this many bytes, tiny chunks are raised to this size so that a case stays quick. */
const SMALL_CHUNK_BYTES = 16 * 1024;

/** Writes `input` in pieces of the given sizes (cycled), each handed to the OS before the next. */
async function writeInChunks(stdin: Writable, input: Buffer, sizes: readonly number[]): Promise<void> {
  let offset = 0;
  for (let i = 0; offset < input.length; i += 1) {
    const wanted = sizes[i % sizes.length] ?? 1;
    const size = offset < SMALL_CHUNK_BYTES ? wanted : Math.max(wanted, SMALL_CHUNK_BYTES);
    const piece = input.subarray(offset, offset + size);
    offset += piece.length;
    await new Promise<void>((resolve) => stdin.write(piece, () => resolve()));
  }
}

interface ReportMessages {
  request: number;
  response: number;
  replay: number;
  malformed: number;
  oversized: number;
}

test('for any input lines in any chunking, stdout is byte-identical to stdin, exit is 0 and every line is counted once', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'goreplay-diff-property-'));
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(batch, async (b) => {
        const inputs = b.cases.map(assemble);
        const input = Buffer.concat(inputs);
        const report = join(dir, `report-${run++}.json`);
        // Every line is counted only when every line is analysed: a burst of long lines would otherwise be shed.
        const args = ['--preset', 'robot', '--overload', 'wait', '--no-log-file', '--report', report, '-q'];
        if (b.maxLineSize !== undefined) args.push('--max-line-size', b.maxLineSize);
        const feed = async (stdin: Writable): Promise<void> => {
          for (const [i, c] of b.cases.entries()) await writeInChunks(stdin, inputs[i] as Buffer, c.chunkSizes);
          stdin.end();
        };
        const result = await runCli(args, feed, { cwd: dir, timeoutMs: 30_000 });
        assert.equal(result.code, 0, result.stderr);
        assert.ok(result.stdout.equals(input), `stdout (${result.stdout.length} bytes) differs from stdin (${input.length} bytes)`);
        assert.doesNotMatch(result.stderr, /analysis failed|\n\s+at /, 'no analysis failure or stack trace');
        const { messages } = JSON.parse(readFileSync(report, 'utf8')) as { messages: ReportMessages };
        const counted = messages.request + messages.response + messages.replay + messages.malformed + messages.oversized;
        assert.equal(counted, countLines(input), `report counts ${JSON.stringify(messages)}`);
      }),
      { numRuns: PROCESSES },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the line count used by the property counts a final unterminated line once and nothing for empty input', () => {
  assert.equal(countLines(Buffer.alloc(0)), 0);
  assert.equal(countLines(Buffer.from('\n')), 1);
  assert.equal(countLines(Buffer.from('ab\ncd')), 2);
  assert.equal(countLines(Buffer.from('ab\r\ncd\n\n')), 3);
});
