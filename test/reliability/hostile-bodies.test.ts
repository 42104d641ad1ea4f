import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as zlibConstants, crc32, createDeflateRaw } from 'node:zlib';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliRun } from '../helpers/run-cli.js';
import { sampleRss } from './process-probe.js';

const MB = 1024 * 1024;
/**
 * Decoding stops at the body cap (`--max-body-size`, 16 MB here), so the CLI's own memory
 * plus a few capped bodies is what it may reach; inflating the bomb for real would take
 * 2 GiB. A smaller cap than the default leaves room for the memory that coverage
 * instrumentation and a loaded machine add, without weakening what is shown.
 */
const BODY_CAP = '16m';
const RSS_LIMIT = 200 * MB;
const INFLATED_BYTES = 2 * 1024 * MB;

/**
 * A single-member gzip file that inflates to 2 GiB of zeros, about 2 MB long. Deflating
 * 2 GiB takes seconds, so one MiB of zeros is deflated and ended with a full flush (which
 * resets the compressor, so every further MiB compresses to the very same bytes) and that
 * segment is repeated; the CRC and length trailer are those of the whole 2 GiB.
 */
async function gzipBomb(): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const zeros = Buffer.alloc(MB);
  deflate.write(zeros);
  await new Promise<void>((resolve) => deflate.flush(zlibConstants.Z_FULL_FLUSH, () => resolve()));
  const segment = Buffer.concat(out.splice(0));
  await new Promise<void>((resolve) => {
    deflate.once('end', resolve);
    deflate.end();
  });
  const finalBlock = Buffer.concat(out.splice(0));
  let crc = 0;
  for (let i = 0; i < INFLATED_BYTES / MB; i += 1) crc = crc32(zeros, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(INFLATED_BYTES % 2 ** 32, 4);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  return Buffer.concat([header, ...Array.from({ length: INFLATED_BYTES / MB }, () => segment), finalBlock, trailer]);
}

function http(startLine: string, headers: readonly string[], body: Buffer | string): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  return Buffer.concat([Buffer.from(`${[startLine, ...headers].join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}

function json(body: Buffer | string, extra: readonly string[] = [], length?: number): Buffer {
  const size = length ?? (typeof body === 'string' ? Buffer.byteLength(body, 'latin1') : body.length);
  return http('HTTP/1.1 200 OK', ['Content-Type: application/json', ...extra, `Content-Length: ${size}`], body);
}

/** The three hex lines of one exchange on the watched query route. */
function exchange(id: string, parts: { request?: Buffer; origin: Buffer; replay: Buffer }): Buffer[] {
  const request = parts.request ?? http('POST /v2/robot/query HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 2'], '{}');
  return [toHexLine(`1 ${id} 1710489600000000000 0`, request), toHexLine(`2 ${id} 1710489600023000000 0`, parts.origin), toHexLine(`3 ${id} 1710489600024000000 0`, parts.replay)];
}

interface LogLine {
  readonly id: string;
  readonly verdict: string;
  readonly reason: string;
  readonly detail?: string;
}

const ID = {
  bombOrigin: 'b0b0b0b0b0b0b0b0b0b0b001',
  bombRequest: 'b0b0b0b0b0b0b0b0b0b0b002',
  shortBody: 'c1c1c1c1c1c1c1c1c1c1c101',
  latin1: 'd2d2d2d2d2d2d2d2d2d2d201',
  badUtf8Both: 'd2d2d2d2d2d2d2d2d2d2d202',
  bigHeader: 'e3e3e3e3e3e3e3e3e3e3e301',
  bigUrl: 'e3e3e3e3e3e3e3e3e3e3e302',
} as const;

describe('hostile bodies and headers are echoed intact and judged or reported, never a crash', { timeout: 120_000 }, () => {
  let input: Buffer;
  let run: CliRun;
  let maxRss = 0;
  const records = new Map<string, LogLine>();
  let summary: { messages: Record<string, number>; exchanges: Record<string, number>; skipped: Record<string, number>; reasons: Record<string, number> };

  before(async () => {
    const bomb = await gzipBomb();
    const bigHeader = `X-Padding: ${'h'.repeat(100_000)}`;
    input = Buffer.concat([
      ...exchange(ID.bombOrigin, { origin: json(bomb, ['Content-Encoding: gzip']), replay: json('{"results":[]}') }),
      ...exchange(ID.bombRequest, {
        request: http('POST /v2/robot/query HTTP/1.1', ['Content-Type: application/json', 'Content-Encoding: gzip', `Content-Length: ${bomb.length}`], bomb),
        origin: json('{"a":1}'),
        replay: json('{"a":1}'),
      }),
      ...exchange(ID.shortBody, { origin: json('{"a":1}', [], 5000), replay: json('{"a":2}') }),
      ...exchange(ID.latin1, { origin: json('{"name":"caf\xe9"}'), replay: json(Buffer.from('{"name":"café"}', 'utf8')) }),
      ...exchange(ID.badUtf8Both, { origin: json('{"a":"\xff"}'), replay: json('{"a":"\xfe"}') }),
      ...exchange(ID.bigHeader, { origin: json('{"a":1}', [bigHeader]), replay: json('{"a":1}', [bigHeader]) }),
      toHexLine(`1 ${ID.bigUrl} 1710489600000000000 0`, http(`POST /v2/robot/query?q=${'u'.repeat(100_000)} HTTP/1.1`, [bigHeader, 'Content-Length: 0'], '')),
    ]);
    const cwd = mkdtempSync(join(tmpdir(), 'goreplay-diff-hostile-'));
    mkdirSync(join(cwd, 'logs'));
    try {
      const args = ['--preset', 'robot', '--max-body-size', BODY_CAP, '--log-ok', '--log-file', join(cwd, 'logs', 'x.log'), '--report', join(cwd, 'report.json')];
      // Every exchange must be judged: megabyte bodies sent at once would otherwise be shed.
      args.push('--overload', 'wait');
      run = await runCli(
        args,
        (stdin, child) => {
          const rss = sampleRss(child.pid ?? 0, 20);
          child.once('exit', () => {
            rss.stop();
            maxRss = rss.max;
          });
          stdin.end(input);
        },
        { cwd, timeoutMs: 60_000 },
      );
      for (const file of readdirSync(join(cwd, 'logs'))) {
        for (const line of readFileSync(join(cwd, 'logs', file), 'utf8').split('\n')) {
          if (line === '') continue;
          const record = JSON.parse(line) as LogLine;
          records.set(record.id, record);
        }
      }
      summary = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as typeof summary;
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('the whole input is echoed byte for byte and the run exits 0 without an analysis failure', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(input), `stdout (${run.stdout.length} bytes) differs from stdin (${input.length} bytes)`);
    assert.doesNotMatch(run.stderr, /analysis failed|\n\s+at /);
    assert.deepEqual(summary.messages, { request: 7, response: 6, replay: 6, malformed: 0, oversized: 0 });
  });

  test('a gzip bomb (2 MB inflating to 2 GiB) in a response is undecodable_body, too_large, with memory bounded', (t) => {
    t.diagnostic(`max RSS ${(maxRss / MB).toFixed(0)} MB`);
    const record = records.get(ID.bombOrigin);
    assert.deepEqual([record?.verdict, record?.reason], ['error', 'undecodable_body']);
    assert.match(record?.detail ?? '', /too_large/);
    assert.ok(maxRss > 0 && maxRss < RSS_LIMIT, `RSS reached ${(maxRss / MB).toFixed(0)} MB`);
  });

  test('a gzip bomb as a request body does not stop its exchange from being judged', () => {
    assert.deepEqual([records.get(ID.bombRequest)?.verdict, records.get(ID.bombRequest)?.reason], ['ok', 'identical']);
  });

  test('a response shorter than its Content-Length is undecodable_body, not compared as if whole', () => {
    const record = records.get(ID.shortBody);
    assert.deepEqual([record?.verdict, record?.reason], ['error', 'undecodable_body']);
    assert.match(record?.detail ?? '', /shorter than its Content-Length/);
  });

  test('invalid UTF-8 in a JSON body without charset is judged by bytes, even when both sides would decode to the same replacement characters', () => {
    assert.deepEqual([records.get(ID.latin1)?.verdict, records.get(ID.latin1)?.reason], ['error', 'binary_mismatch']);
    assert.deepEqual([records.get(ID.badUtf8Both)?.verdict, records.get(ID.badUtf8Both)?.reason], ['error', 'binary_mismatch']);
  });

  test('a 100 000-character header line is parsed and its exchange judged', () => {
    assert.deepEqual([records.get(ID.bigHeader)?.verdict, records.get(ID.bigHeader)?.reason], ['ok', 'identical']);
  });

  test('a request line over 64 KB on a watched path is counted and skipped as unwatched, as documented', () => {
    assert.equal(records.has(ID.bigUrl), false);
    assert.equal(summary.skipped['unwatched'], 1);
    assert.equal(summary.exchanges['ok'], 2);
    assert.equal(summary.exchanges['error'], 4);
  });
});
