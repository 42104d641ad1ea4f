import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { formatGorRecord, toHexLine } from '../../src/protocol/gor-file.js';
import { runCli, waitUntil } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// The last line of an input needs no LF: at a real end of input it is judged like any other
// line, in every mode; when reading stopped early (a signal) the part read is not a line.

const tempDir = tempDirs('cli-last-line');

const REQUEST = 'POST /v2/orders HTTP/1.1\r\nHost: shop.internal\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
const jsonResponse = (status: string, body: string): string => `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const ORIGIN = jsonResponse('200 OK', '{"id":1}');
const BROKEN_REPLAY = jsonResponse('500 Internal Server Error', '{"error":"boom"}');

/** The three records of one exchange whose replay answers 500 where production answered 200. */
const RECORDS: ReadonlyArray<readonly [string, string]> = [
  ['1 c0ffee01 1710489600000000000 0', REQUEST],
  ['2 c0ffee01 1710489600023000000 23000000', ORIGIN],
  ['3 c0ffee01 1710489600024000000 19000000', BROKEN_REPLAY],
];

/** The exchange as gor's hex lines, the last one without its LF. */
const hexWithoutLastLf = (): Buffer => {
  const stream = Buffer.concat(RECORDS.map(([header, payload]) => toHexLine(header, Buffer.from(payload, 'latin1'))));
  return stream.subarray(0, stream.length - 1);
};

interface Report {
  readonly exchanges: Record<string, number>;
  readonly messages: Record<string, number>;
  readonly reasons: Record<string, number>;
}
const readReport = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;
const ARGS = ['--route', '/v2/**', '--no-log-file', '--no-color'];

for (const stdin of ['socket', 'fifo'] as const) {
  test(`middleware mode (${stdin} stdin): a last line without LF is judged, and echoed byte for byte without an LF added`, async () => {
    const dir = tempDir();
    const input = hexWithoutLastLf();
    const report = join(dir, 'r.json');
    const run = await runCli([...ARGS, '--report', report, '--fail-on', 'error'], input, { cwd: dir, stdin });
    assert.equal(run.code, 1, `the 200→500 error fails the run: ${run.stderr}`);
    assert.ok(run.stdout.equals(input), `stdout ends with ${JSON.stringify(run.stdout.subarray(-4).toString('latin1'))}`);
    assert.match(run.stderr, /error +\S+ c0ffee01 status_mismatch status 200→500/);
    const { exchanges, messages } = readReport(report);
    assert.deepEqual(exchanges, { ok: 0, warn: 0, error: 1, incomplete: 0 });
    assert.deepEqual(messages, { request: 1, response: 1, replay: 1, malformed: 0, oversized: 0 });
  });
}

test('middleware mode: after SIGTERM mid-line, the partial last line is not judged (the rest of it was never read)', async () => {
  const dir = tempDir();
  const input = hexWithoutLastLf();
  const report = join(dir, 'r.json');
  const run = await runCli(
    [...ARGS, '--report', report, '--fail-on', 'error'],
    async (stdin, child) => {
      let echoed = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        echoed += chunk.length;
      });
      stdin.write(input);
      await waitUntil(() => echoed >= input.length, 'everything written is echoed');
      // stdin stays open: the replay line is only cut, as far as the program can tell.
      child.kill('SIGTERM');
    },
    { cwd: dir },
  );
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.code, 0, `no error was judged: ${run.stderr}`);
  assert.ok(run.stdout.equals(input), 'everything read was echoed');
  const { exchanges, messages, reasons } = readReport(report);
  assert.deepEqual(exchanges, { ok: 0, warn: 0, error: 0, incomplete: 1 });
  assert.deepEqual(reasons, { missing_replay: 1 });
  assert.deepEqual(messages, { request: 1, response: 1, replay: 0, malformed: 0, oversized: 0 }, 'the partial line is neither a replay nor malformed');
});

test('compare: a hex capture whose last line has no LF keeps its last message, and the error fails the run', async () => {
  const dir = tempDir();
  const capture = join(dir, 'capture.hex');
  writeFileSync(capture, hexWithoutLastLf());
  const report = join(dir, 'r.json');
  for (const source of [capture, '-']) {
    const run = await runCli(['compare', ...ARGS, '--report', report, source], source === '-' ? hexWithoutLastLf() : Buffer.alloc(0), { cwd: dir });
    assert.equal(run.code, 1, `${source}: ${run.stderr}`);
    assert.match(run.stderr, /error +\S+ c0ffee01 status_mismatch status 200→500/, source);
    assert.deepEqual(readReport(report).exchanges, { ok: 0, warn: 0, error: 1, incomplete: 0 }, source);
    assert.equal(readReport(report).messages['malformed'], 0, source);
  }
});

test('compare: a .gor capture whose last record lacks its separator (and its LF) keeps that record', async () => {
  const dir = tempDir();
  const file = Buffer.concat(RECORDS.map(([header, payload]) => formatGorRecord(header, Buffer.from(payload, 'latin1'))));
  const trailer = Buffer.from('\n🐵🙈🙉\n');
  assert.ok(file.subarray(-trailer.length).equals(trailer));
  const report = join(dir, 'r.json');
  for (const [name, cut] of [
    ['without the separator line', trailer.length - 1],
    ['without the separator and the LF before it', trailer.length],
    ['without the final LF only', 1],
  ] as const) {
    const capture = join(dir, 'capture.gor');
    writeFileSync(capture, file.subarray(0, file.length - cut));
    const run = await runCli(['compare', ...ARGS, '--report', report, capture], Buffer.alloc(0), { cwd: dir });
    assert.equal(run.code, 1, `${name}: ${run.stderr}`);
    assert.deepEqual(readReport(report).exchanges, { ok: 0, warn: 0, error: 1, incomplete: 0 }, name);
  }
});

test('replay: a hex capture whose last line (the recorded original) has no LF is judged against it', async () => {
  const dir = tempDir();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"boom"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const [request, origin] = RECORDS;
    const lines = Buffer.concat([request, origin].map((record) => toHexLine(record![0], Buffer.from(record![1], 'latin1'))));
    const capture = join(dir, 'capture.hex');
    writeFileSync(capture, lines.subarray(0, lines.length - 1));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const report = join(dir, 'r.json');
    const run = await runCli(['replay', ...ARGS, '--report', report, '--target', target, capture], Buffer.alloc(0), { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /error +\S+ c0ffee01 status_mismatch status 200→500/);
    assert.match(run.stderr, /0 without a recorded original response/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
