import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { fixtureFacts } from '../helpers/fixture-facts.js';
import { runCli, waitUntil } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-reporting');

function stream(name: string): Buffer {
  return gorFileToHexStream(fixturePath('exchanges', name));
}

const regressions = stream('robot-regressions.gor');

/** The first `count` lines of a hex stream, LFs included. */
function firstLines(input: Buffer, count: number): Buffer {
  let end = 0;
  for (let i = 0; i < count; i += 1) end = input.indexOf(0x0a, end) + 1;
  return input.subarray(0, end);
}

type LogRecord = Record<string, unknown> & { id: string };

/** Log files `x.log`, `x.1.log`, … in `dir`, oldest number first. */
function logFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^x(\.\d+)?\.log$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Every record of the log, strictly: an incomplete or non-JSON line fails the test. */
function logRecords(dir: string): LogRecord[] {
  const files = logFiles(dir);
  assert.ok(files.length > 0, `no log file in ${dir}`);
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    assert.ok(text === '' || text.endsWith('\n'), `${file} ends with a complete line`);
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogRecord);
  });
}

/** How many complete lines the log holds now (for waiting on another process). */
function completeLogLines(dir: string): number {
  return logFiles(dir).reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/\n/g)?.length ?? 0), 0);
}

interface Report {
  readonly exchanges: Record<string, number>;
  readonly messages: Record<string, number>;
  readonly pending: number;
}

function readReport(path: string): Report {
  return JSON.parse(readFileSync(path, 'utf8')) as Report;
}

/** The report's request count, or -1 while there is no report. */
function reportedRequests(path: string): number {
  if (!existsSync(path)) return -1;
  return readReport(path).messages['request'] ?? -1;
}

describe('the JSON log', { concurrency: 4 }, () => {
  test('without --log-ok holds only the non-ok exchanges, in a file only its owner can read; stderr has one plain line for each', async () => {
    const dir = tempDir();
    const run = await runCli(['--preset', 'robot', '--log-file', join(dir, 'x.log')], regressions, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const records = logRecords(dir);
    const notOk = [
      'b20100000000000000000001',
      'b20100000000000000000002',
      'b20100000000000000000003',
      'b20300000000000000000004',
      'b20200000000000000000006',
      'b20200000000000000000007',
      'b20200000000000000000008',
    ];
    assert.deepEqual(
      records.map((record) => record.id),
      notOk,
    );
    for (const file of logFiles(dir)) assert.equal(statSync(file).mode & 0o777, 0o600, `mode of ${file}`);
    const ids = run.stderr
      .split('\n')
      .map((line) => /\b(b2[0-9]{22})\b/.exec(line)?.[1])
      .filter((id) => id !== undefined);
    assert.deepEqual(ids, notOk, 'one stderr line per non-ok exchange, none for ok ones');
    assert.doesNotMatch(run.stderr, /\x1b\[/, 'no colour on a pipe');
  });

  test('cuts bodies to --log-body-limit and marks them truncated', async () => {
    const dir = tempDir();
    const run = await runCli(['--preset', 'robot', '--log-file', join(dir, 'x.log'), '--log-body-limit', '20'], regressions, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const record = logRecords(dir).find((candidate) => candidate.id === 'b20200000000000000000006');
    const origin = record?.['origin'] as { body: string; bytes: number; truncated: boolean } | undefined;
    assert.ok(origin !== undefined);
    assert.equal(origin.truncated, true);
    assert.equal(origin.bytes, 177);
    assert.ok(Buffer.byteLength(origin.body) <= 20 && origin.body.length > 0, origin.body);
    assert.ok(fixtureFacts('robot-regressions.gor').get('b20200000000000000000006')?.bodies[1].startsWith(origin.body));
  });

  test('a log file that cannot be opened (a directory holds its name) gives exactly one warning and the echo is unaffected', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs', 'x.1.log'), { recursive: true });
    const report = join(dir, 'r.json');
    const run = await runCli(['--preset', 'robot', '--log-file', join(dir, 'logs', 'x.log'), '--report', report], regressions, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    const warnings = run.stderr.split('\n').filter((line) => /warning/i.test(line));
    assert.equal(warnings.length, 1, run.stderr);
    assert.ok(warnings[0]?.includes(join(dir, 'logs', 'x.log')), warnings[0]);
    assert.match(run.stderr, /b20200000000000000000006/, 'exchanges are still reported');
    assert.equal(readReport(report).exchanges['error'], 6, 'the report is still written');
  });
});

/** One watched query exchange carrying secrets in headers and in body fields. */
function secretExchange(id: string): Buffer {
  const requestBody = JSON.stringify({ robot_id: '664', session_id: 'SESSION-SECRET', query: 'weather' });
  const originBody = JSON.stringify({ code: 0, results: { token: 'ORIGIN-TOKEN-SECRET', answer: 'sunny' } });
  const replayBody = JSON.stringify({ code: 0, results: { token: 'REPLAY-TOKEN-SECRET', answer: 'rainy' } });
  const request = [
    'POST /v2/robot/query HTTP/1.1',
    'Host: robot.internal:16888',
    'Authorization: Bearer AUTH-SECRET',
    'Cookie: sid=COOKIE-SECRET',
    'X-Api-Key: APIKEY-SECRET',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(requestBody)}`,
    '',
    requestBody,
  ].join('\r\n');
  const response = (body: string): Buffer =>
    Buffer.from(['HTTP/1.1 200 OK', 'Content-Type: application/json', 'Set-Cookie: sid=SETCOOKIE-SECRET', `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));
  return Buffer.concat([
    toHexLine(`1 ${id} 1710489600000000000 52000`, Buffer.from(request)),
    toHexLine(`2 ${id} 1710489600023000000 180000`, response(originBody)),
    toHexLine(`3 ${id} 1710489600024000000 19400000`, response(replayBody)),
  ]);
}

test('secret headers and --redact body paths never reach the log, stderr or the report, only the echo', async () => {
  const dir = tempDir();
  const input = secretExchange('5ec0e2000000000000000001');
  const report = join(dir, 'r.json');
  const run = await runCli(
    ['--preset', 'robot', '--verbose', '--log-ok', '--log-file', join(dir, 'x.log'), '--report', report, '--redact', 'session_id', '--redact', 'results.token'],
    input,
    { cwd: dir },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is untouched');
  const logText = logFiles(dir)
    .map((file) => readFileSync(file, 'utf8'))
    .join('');
  for (const [where, text] of [
    ['log', logText],
    ['stderr', run.stderr],
    ['report', readFileSync(report, 'utf8')],
  ] as const) {
    assert.doesNotMatch(text, /SECRET/, `${where} leaks a secret:\n${text}`);
  }
  const [record, ...others] = logRecords(dir);
  assert.equal(others.length, 0);
  assert.equal(record?.['reason'], 'body_mismatch');
  const request = record?.['request'] as { body: string };
  assert.deepEqual(JSON.parse(request.body), { robot_id: '664', session_id: '[redacted]', query: 'weather' });
  assert.deepEqual(record?.['diffs'], [
    { path: 'results.token', kind: 'changed', origin: '[redacted]', replay: '[redacted]' },
    { path: 'results.answer', kind: 'changed', origin: 'sunny', replay: 'rainy' },
  ]);
  assert.match(run.stderr, /results\.token: "\[redacted\]" → "\[redacted\]"/, 'the one-line form shows the redacted difference');
  assert.match(run.stderr, /"session_id": "\[redacted\]"/, 'the verbose request body is redacted');
});

describe('exit codes', { concurrency: 4 }, () => {
  const cases: ReadonlyArray<readonly [string, string, string, number]> = [
    ['error', 'robot-regressions.gor', 'errors', 1],
    ['error', 'chunked-gzip.gor', 'only ok and warn', 0],
    ['warn', 'chunked-gzip.gor', 'a warn', 1],
    ['warn', 'robot-identical.gor', 'only ok', 0],
    ['incomplete', 'missing-replay.gor', 'incomplete exchanges', 1],
    ['error', 'missing-replay.gor', 'incomplete exchanges only', 0],
  ];
  for (const [failOn, file, what, code] of cases) {
    test(`--fail-on ${failOn} exits ${code} on ${file} (${what})`, async () => {
      const input = stream(file);
      const run = await runCli(['--preset', 'robot', '--no-log-file', '--quiet', '--fail-on', failOn], input, { cwd: tempDir() });
      assert.equal(run.code, code, run.stderr);
      assert.ok(run.stdout.equals(input));
    });
  }

  test('without --fail-on the exit code is 0 even with errors', async () => {
    const run = await runCli(['--preset', 'robot', '--no-log-file', '--quiet'], regressions, { cwd: tempDir() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /6 error/);
  });
});

/** Config for the signal tests: a report rewritten every 100 ms so there is one before the end. */
function signalConfig(dir: string): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ preset: 'robot', reportInterval: '100ms', report: join(dir, 'r.json'), log: { file: join(dir, 'x.log') } }));
  return path;
}

/** Four complete exchanges (all non-ok) and the request of a fifth. */
const half = firstLines(regressions, 13);

describe('stopping mid-stream', { concurrency: 2 }, () => {
  test('after SIGKILL every log line and the last report parse', async () => {
    const dir = tempDir();
    const report = join(dir, 'r.json');
    const run = await runCli(
      ['--config', signalConfig(dir)],
      async (stdin, child) => {
        stdin.write(half);
        await waitUntil(() => completeLogLines(dir) >= 4 && reportedRequests(report) === 5, 'the log has 4 records and the report counts 5 requests');
        child.kill('SIGKILL');
      },
      { cwd: dir },
    );
    assert.equal(run.signal, 'SIGKILL');
    const records = logRecords(dir);
    assert.deepEqual(
      records.map((record) => record.id),
      ['b20100000000000000000001', 'b20100000000000000000002', 'b20100000000000000000003', 'b20300000000000000000004'],
    );
    const last = readReport(report);
    assert.deepEqual(last.messages, { request: 5, response: 4, replay: 4, malformed: 0, oversized: 0 });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} ends the run: pending exchanges become incomplete, the summary is printed, the report is complete, exit 0`, async () => {
      const dir = tempDir();
      const report = join(dir, 'r.json');
      const run = await runCli(
        ['--config', signalConfig(dir)],
        async (stdin, child) => {
          stdin.write(half);
          await waitUntil(() => completeLogLines(dir) >= 4 && reportedRequests(report) === 5, 'the log has 4 records and the report counts 5 requests');
          child.kill(signal);
        },
        { cwd: dir },
      );
      assert.equal(run.signal, null);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.equals(half), 'everything read was echoed');
      assert.match(run.stderr, /summary/);
      const final = readReport(report);
      assert.deepEqual(final.exchanges, { ok: 0, warn: 1, error: 3, incomplete: 1 });
      assert.deepEqual(final.messages, { request: 5, response: 4, replay: 4, malformed: 0, oversized: 0 });
      assert.equal(final.pending, 0);
      const records = logRecords(dir);
      const last = records.at(-1);
      assert.deepEqual([last?.id, last?.['verdict'], last?.['reason']], ['b20300000000000000000005', 'incomplete', 'missing_replay']);
    });
  }
});

describe('stderr', { concurrency: 4 }, () => {
  test('--quiet prints no per-exchange line, only the summary', async () => {
    const run = await runCli(['--preset', 'robot', '--no-log-file', '--quiet'], regressions, { cwd: tempDir() });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /b2[0-9]{22}/);
    assert.match(run.stderr, /summary/);
  });

  test('--verbose prints the request and both bodies, and every difference', async () => {
    const run = await runCli(['--preset', 'robot', '--no-log-file', '--verbose'], regressions, { cwd: tempDir() });
    assert.equal(run.code, 0, run.stderr);
    const start = run.stderr.indexOf('b20200000000000000000006');
    const block = run.stderr.slice(start, run.stderr.indexOf('b20200000000000000000007', start));
    assert.match(block, /request: POST \/v2\/robot\/query/);
    assert.match(block, /"session_id": "sess-b2-6"/);
    assert.match(block, /origin: 200[\s\S]*"confidence": 0\.93[\s\S]*replay 1 @1710\d{15}: 200[\s\S]*"confidence": 0\.71/);
    assert.match(block, /results\.confidence changed: 0\.93 → 0\.71/);
  });

  test('is coloured with --color or FORCE_COLOR, and stdout stays plain', async () => {
    const cwd = tempDir();
    const [flag, env] = await Promise.all([
      runCli(['--preset', 'robot', '--no-log-file', '--color'], regressions, { cwd }),
      runCli(['--preset', 'robot', '--no-log-file'], regressions, { cwd, env: { FORCE_COLOR: '1' } }),
    ]);
    for (const run of [flag, env]) {
      const errorLine = run.stderr.split('\n').find((line) => line.includes('b20200000000000000000007'));
      assert.match(errorLine ?? '', /\x1b\[31merror/, 'error is red');
      assert.ok(run.stdout.equals(regressions));
    }
  });
});
