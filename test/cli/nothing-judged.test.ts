import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { formatGorRecord } from '../../src/protocol/gor-file.js';
import { fixturePath, gorFileToHexStream, readGorFixture } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliRun } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// A run that judged nothing (or fewer exchanges than --min-samples) says so in one line,
// with the likely cause when the counts show it: compare and replay fail, middleware mode
// warns. The line ends stderr, and the report's `warnings` holds it.

const tempDir = tempDirs('cli-nothing-judged');

const REGRESSIONS = fixturePath('exchanges', 'robot-regressions.gor');
const IDENTICAL = fixturePath('exchanges', 'robot-identical.gor');
const NOTHING = Buffer.alloc(0);

/** A file in a fresh folder holding `content`; returns its path. */
function fileWith(name: string, content: Buffer | string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** robot-identical.gor with only the records of the given types ('1', '2', '3'). */
function identicalWith(types: string): string {
  const { records } = readGorFixture(IDENTICAL);
  const kept = records.filter((record) => types.includes(record.headerLine[0] ?? ''));
  return fileWith(`identical-${types}.gor`, Buffer.concat(kept.map((record) => formatGorRecord(record.headerLine, record.payload))));
}

/** Random bytes without LF or space, so that they make one line of no known format. */
function noise(length: number): Buffer {
  const bytes = randomBytes(length);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a || bytes[i] === 0x20) bytes[i] = 0x7a;
  return bytes;
}

/** The last stderr line, which says why the run judged too little. */
const lastLine = (run: CliRun): string => run.stderr.trimEnd().split('\n').at(-1) ?? '';
const warningsOf = (report: string): readonly string[] => (JSON.parse(readFileSync(report, 'utf8')) as { warnings: readonly string[] }).warnings;

async function compare(files: readonly string[], ...flags: string[]): Promise<CliRun & { warnings: readonly string[] }> {
  const dir = tempDir();
  const report = join(dir, 'r.json');
  const run = await runCli(['compare', '--no-log-file', '--no-color', '--report', report, ...flags, ...files], NOTHING, { cwd: dir });
  assert.equal(run.stdout.length, 0);
  return { ...run, warnings: warningsOf(report) };
}

describe('compare fails (exit 1) when it judged nothing, saying why', { concurrency: 4 }, () => {
  const cases: ReadonlyArray<{ readonly name: string; readonly files: () => string[]; readonly flags?: readonly string[]; readonly line: string }> = [
    { name: 'an empty file', files: () => [fileWith('empty.gor', '')], line: 'no exchange was judged: the input was empty' },
    {
      name: 'a text file (not a capture)',
      files: () => [fileWith('notes.txt', 'this is not a capture\nnor is this line\n')],
      line: 'no exchange was judged: nothing read is a GoReplay message (1 malformed, 0 oversized): is it a capture?',
    },
    {
      name: 'a file of two-word lines, which gor skips',
      files: () => [fileWith('words.gor', 'hello world\n')],
      line: 'no exchange was judged: nothing read is a GoReplay message (1 malformed, 0 oversized): is it a capture?',
    },
    {
      name: 'two lines of random bytes',
      files: () => [fileWith('random.bin', Buffer.concat([noise(3000), Buffer.from('\n'), noise(3000)]))],
      line: 'no exchange was judged: nothing read is a GoReplay message (2 malformed, 0 oversized): is it a capture?',
    },
    {
      name: 'a capture without replayed responses',
      files: () => [identicalWith('12')],
      line: 'no exchange was judged: no replayed responses (type 3): did gor run with --output-http-track-response?',
    },
    {
      name: 'a capture without original responses',
      files: () => [identicalWith('13')],
      line: 'no exchange was judged: no original responses (type 2): did gor capture with --input-raw-track-response?',
    },
    {
      name: 'a capture of requests alone',
      files: () => [identicalWith('1')],
      line:
        'no exchange was judged: no replayed responses (type 3): did gor run with --output-http-track-response?; ' +
        'no original responses (type 2): did gor capture with --input-raw-track-response?',
    },
    { name: 'a capture of responses alone', files: () => [identicalWith('23')], line: 'no exchange was judged: no requests (type 1) in the input' },
    {
      name: 'no request matching a route',
      files: () => [REGRESSIONS],
      flags: ['--route', '/nowhere/**', '--route', 'GET:/v3/*'],
      line: 'no exchange was judged: none of the 9 requests matches a watched route (/nowhere/**, GET /v3/*)',
    },
    {
      name: 'every watched request filtered out',
      files: () => [REGRESSIONS],
      flags: ['--preset', 'robot', '--filter', 'robot_id=1'],
      line: 'no exchange was judged: every watched request was left out by the filters (8 filtered)',
    },
  ];
  for (const { name, files, flags = [], line } of cases) {
    test(name, async () => {
      const run = await compare(files(), ...flags);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(lastLine(run), `goreplay-diff: ${line}`);
      assert.deepEqual(run.warnings, [line]);
    });
  }

  test('--fail-on never is an explicit never: the same line, as a warning, and exit 0', async () => {
    const run = await compare([fileWith('empty.gor', '')], '--fail-on', 'never');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lastLine(run), 'goreplay-diff: warning: no exchange was judged: the input was empty');
  });

  test('a run that judged something has no such line and no warnings', async () => {
    const run = await compare([IDENTICAL], '--preset', 'robot');
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /judged/);
    assert.deepEqual(run.warnings, []);
  });
});

describe('--min-samples N fails a run that judged fewer than N exchanges', { concurrency: 3 }, () => {
  test('6 judged, 7 needed: exit 1 with the count; 6 needed: exit 0', async () => {
    const short = await compare([IDENTICAL], '--preset', 'robot', '--min-samples', '7');
    assert.equal(short.code, 1, short.stderr);
    assert.equal(lastLine(short), 'goreplay-diff: only 6 exchanges were judged, fewer than --min-samples 7');
    assert.deepEqual(short.warnings, ['only 6 exchanges were judged, fewer than --min-samples 7']);
    const enough = await compare([IDENTICAL], '--preset', 'robot', '--min-samples', '6');
    assert.equal(enough.code, 0, enough.stderr);
  });

  test('incomplete exchanges are not judged ones', async () => {
    const run = await compare([IDENTICAL, fixturePath('exchanges', 'missing-replay.gor')], '--preset', 'robot', '--min-samples', '7', '--max-error-rate', '1');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /summary after .*: 9 exchanges \(6 ok, 0 warn, 0 error, 3 incomplete\)/);
    assert.equal(lastLine(run), 'goreplay-diff: only 6 exchanges were judged, fewer than --min-samples 7');
  });

  test('with --fail-on never it only warns', async () => {
    const run = await compare([IDENTICAL], '--preset', 'robot', '--min-samples', '7', '--fail-on', 'never');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lastLine(run), 'goreplay-diff: warning: only 6 exchanges were judged, fewer than --min-samples 7');
  });
});

/** A target answering every request with `status`, or refusing connections when `status` is null. */
async function withTarget<T>(status: number | null, use: (url: string) => Promise<T>): Promise<T> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (status === null) req.socket.destroy();
      else res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('replay fails when it judged nothing', { concurrency: 2 }, () => {
  test('a target that refuses every request fails the run even with --fail-on error, and the hint says what happened', async () => {
    await withTarget(null, async (target) => {
      const dir = tempDir();
      const report = join(dir, 'r.json');
      const run = await runCli(['replay', '--preset', 'robot', '--no-log-file', '--fail-on', 'error', '--report', report, '--target', target, REGRESSIONS], NOTHING, {
        cwd: dir,
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /summary after .*: 8 exchanges \(0 ok, 0 warn, 0 error, 8 incomplete\)/);
      const line = 'no exchange was judged: all 8 replays failed (replay_failed): is the target up and reachable?';
      assert.equal(lastLine(run), `goreplay-diff: ${line}`);
      assert.deepEqual(warningsOf(report), [line]);
    });
  });

  test('a capture without original responses: every request sent, none judged', async () => {
    await withTarget(200, async (target) => {
      const run = await runCli(['replay', '--preset', 'robot', '--no-log-file', '--target', target, identicalWith('13')], NOTHING, { cwd: tempDir() });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(
        lastLine(run),
        'goreplay-diff: no exchange was judged: none of the 6 requests sent had a recorded original response (type 2) to judge against: did gor capture with --input-raw-track-response?',
      );
    });
  });
});

describe('middleware mode warns when it judged nothing, and still exits 0', { concurrency: 2 }, () => {
  test('at exit on stderr and in the report, even with --fail-on', async () => {
    const dir = tempDir();
    const report = join(dir, 'r.json');
    const input = gorFileToHexStream(REGRESSIONS);
    const run = await runCli(['--route', '/nowhere', '--no-log-file', '--fail-on', 'error', '--report', report], input, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(input));
    const line = 'no exchange was judged: none of the 9 requests matches a watched route (/nowhere)';
    assert.equal(lastLine(run), `goreplay-diff: warning: ${line}`);
    assert.deepEqual(warningsOf(report), [line]);
  });

  test('a stream without replays gets the --output-http-track-response hint', async () => {
    const dir = tempDir();
    const input = gorFileToHexStream(identicalWith('12'));
    const run = await runCli(['--preset', 'robot', '--no-log-file', '-q'], input, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lastLine(run), 'goreplay-diff: warning: no exchange was judged: no replayed responses (type 3): did gor run with --output-http-track-response?');
  });
});
