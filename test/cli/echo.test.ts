import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { cliPath, repoRoot, runCli, waitUntil } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-echo');

const exchangeFixtures = readdirSync(fixturePath('exchanges'))
  .filter((name) => name.endsWith('.gor'))
  .sort();

/** Every fixture as the hex stream gor sends, plus the hand-made malformed stream. */
const streams: ReadonlyArray<readonly [string, Buffer]> = [
  ...exchangeFixtures.map((name) => [name, gorFileToHexStream(fixturePath('exchanges', name))] as const),
  ['streams/malformed.hex', readFileSync(fixturePath('streams', 'malformed.hex'))],
];

function readReport(path: string): { messages: Record<string, number>; exchanges: Record<string, number> } {
  return JSON.parse(readFileSync(path, 'utf8')) as { messages: Record<string, number>; exchanges: Record<string, number> };
}

/** A watched query exchange whose three bodies are `body`: one request, origin and replay line. */
function queryExchange(id: string, body: Buffer): Buffer {
  const request = Buffer.concat([
    Buffer.from(`POST /v2/robot/query HTTP/1.1\r\nHost: robot.internal:16888\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`),
    body,
  ]);
  const response = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
  return Buffer.concat([
    toHexLine(`1 ${id} 1710489600000000000 0`, request),
    toHexLine(`2 ${id} 1710489600023000000 23000000`, response),
    toHexLine(`3 ${id} 1710489600024000000 19400000`, response),
  ]);
}

test('stream fixtures exist to echo', () => {
  assert.ok(exchangeFixtures.length >= 8, `found only ${exchangeFixtures.join(', ')}`);
});

describe('stdout is byte-identical to stdin for every fixture', { concurrency: 4 }, () => {
  for (const [name, input] of streams) {
    test(`${name} is echoed byte for byte with the robot preset`, async () => {
      const cwd = tempDir();
      const run = await runCli(['--preset', 'robot', '--no-log-file'], input, { cwd });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.equals(input), `${name}: stdout (${run.stdout.length} bytes) differs from stdin (${input.length} bytes)`);
    });
  }

  for (const args of [[], ['--echo-only']]) {
    test(`all of them in one stream are echoed byte for byte with ${args.length === 0 ? 'no route given (every request judged' : 'only echo (--echo-only'}, the default log file)`, async () => {
      const cwd = tempDir();
      // The malformed stream goes last: its final line has no LF.
      const input = Buffer.concat(streams.map(([, bytes]) => bytes));
      const run = await runCli(args, input, { cwd });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.equals(input), `stdout (${run.stdout.length} bytes) differs from stdin (${input.length} bytes)`);
    });
  }
});

test('lines over 10 MB are echoed intact: a 6 MB-body exchange is still judged, an 11 MB non-hex line is counted malformed', async () => {
  const cwd = tempDir();
  const body = Buffer.from(JSON.stringify({ robot_id: '664', pad: 'x'.repeat(6 * 1024 * 1024) }));
  const noise = randomBytes(11 * 1024 * 1024);
  // Any byte but LF, so the noise stays one line; random bytes are far from valid hex.
  for (let i = 0; i < noise.length; i += 1) if (noise[i] === 0x0a) noise[i] = 0x7a;
  const input = Buffer.concat([queryExchange('f00d00000000000000000001', body), noise, Buffer.from('\n')]);
  assert.ok(input.length > 20 * 1024 * 1024);
  const report = join(cwd, 'report.json');
  const run = await runCli(['--preset', 'robot', '--no-log-file', '--report', report], input, { cwd });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input), `stdout (${run.stdout.length} bytes) differs from stdin (${input.length} bytes)`);
  const summary = readReport(report);
  const { request, response, replay, malformed } = summary.messages;
  assert.deepEqual({ request, response, replay, malformed }, { request: 1, response: 1, replay: 1, malformed: 1 });
  assert.equal(summary.exchanges['ok'], 1);
});

test('an input ending without a final LF is echoed as is, with no LF added, and its last line is analysed like any other', async () => {
  const cwd = tempDir();
  const full = gorFileToHexStream(fixturePath('exchanges', 'robot-identical.gor'));
  assert.equal(full.at(-1), 0x0a);
  const input = full.subarray(0, full.length - 1);
  const report = join(cwd, 'report.json');
  const run = await runCli(['--preset', 'robot', '--no-log-file', '--report', report], input, { cwd });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input), `stdout ends with ${JSON.stringify(run.stdout.subarray(-4).toString('latin1'))}`);
  const summary = readReport(report);
  const lines = input.toString('latin1').split('\n').length;
  assert.equal(summary.messages['malformed'], 0);
  assert.equal(summary.messages['replay'], 6, 'the unterminated replay line is a replay');
  assert.equal(summary.exchanges['ok'], 6, 'and its exchange is judged');
  const counted = Object.values(summary.messages).reduce((sum, count) => sum + count, 0);
  assert.equal(counted, lines);
});

test('stdout carries only the echo even with --verbose, ok lines logged and warnings about unwritable outputs', async () => {
  const cwd = tempDir();
  // Directories where the log file and the report should go: both exist, neither can be written.
  mkdirSync(join(cwd, 'x.1.log'));
  mkdirSync(join(cwd, 'r.json'));
  const input = Buffer.concat([gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor')), readFileSync(fixturePath('streams', 'malformed.hex'))]);
  const run = await runCli(['--preset', 'robot', '--verbose', '--log-ok', '--progress-interval', '1ms', '--log-file', join(cwd, 'x.log'), '--report', join(cwd, 'r.json')], input, {
    cwd,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /warning/, 'the run did produce warnings');
  assert.match(run.stderr, /b20200000000000000000006/, 'the run did report exchanges');
  assert.ok(run.stdout.equals(input), `stdout (${run.stdout.length} bytes) differs from stdin (${input.length} bytes)`);
});

test('when the reader closes stdout early the CLI stops quietly and exits 0, even with --fail-on', async () => {
  const cwd = tempDir();
  const stream = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));
  const chunks = Array.from({ length: 300 }, () => stream);
  let received: Buffer = Buffer.alloc(0);
  // The stream holds errors: a run that read it to the end would exit 1 under --fail-on error.
  const run = await runCli(
    ['--preset', 'robot', '--no-log-file', '--fail-on', 'error'],
    (stdin, child) => {
      child.stdout.once('data', (chunk: Buffer) => {
        received = chunk;
        child.stdout.destroy();
        for (const chunk of chunks.slice(1)) stdin.write(chunk);
        stdin.end();
      });
      stdin.write(chunks[0]);
    },
    { cwd },
  );
  assert.equal(run.signal, null);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(run.stderr, /EPIPE|Error/);
  assert.ok(received.length > 0 && stream.subarray(0, received.length).equals(received), 'what was read is a prefix of the input');
});

test('--version prints the package version and exits 0', async () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  const run = await runCli(['--version'], Buffer.alloc(0), { cwd: tempDir() });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.toString('utf8'), `${version}\n`);
});

test('--help lists every option, with its default where it has one, and exits 0', async () => {
  const run = await runCli(['--help'], Buffer.alloc(0), { cwd: tempDir() });
  assert.equal(run.code, 0, run.stderr);
  const blocks = optionBlocks(run.stdout.toString('utf8'));
  const defaults: Readonly<Record<string, string | null>> = {
    '--config': null,
    '--preset': null,
    '--route': null,
    '--filter': null,
    '--ignore': null,
    '--redact': null,
    '--ttl': '60s',
    '--max-pending': '100000',
    '--max-pending-size': '64m',
    '--max-diffs': '50',
    '--max-body-size': '64m',
    '--max-line-size': '64m',
    '--log-file': './goreplay-diff.log',
    '--no-log-file': null,
    '--log-max-size': '10m',
    '--log-frequency': 'daily',
    '--log-keep': '10',
    '--log-ok': 'off',
    '--log-body-limit': '4096',
    '--report': 'none',
    '--fail-on': 'never',
    '--write-mismatches': 'none',
    '--verbose': null,
    '--quiet': null,
    '--color': null,
    '--no-color': null,
    '--progress-interval': '10s',
    '--version': null,
    '--help': null,
  };
  for (const [option, value] of Object.entries(defaults)) {
    const block = blocks.get(option);
    assert.ok(block !== undefined, `--help does not list ${option}`);
    if (value !== null) assert.ok(block.includes(`(default: ${value})`), `${option} shows no "(default: ${value})": ${block}`);
  }
});

/** Help text split into one whitespace-normalised entry per option, keyed by its long name. */
function optionBlocks(help: string): Map<string, string> {
  const blocks = new Map<string, string>();
  let current: string | undefined;
  for (const line of help.split('\n')) {
    const start = /^ {2}(?:-\w, )?(--[\w-]+)/.exec(line);
    if (start?.[1] !== undefined) {
      current = start[1];
      blocks.set(current, line.trim());
    } else if (current !== undefined && /^ {4,}\S/.test(line)) {
      blocks.set(current, `${blocks.get(current) ?? ''} ${line.trim()}`);
    } else {
      current = undefined;
    }
  }
  return blocks;
}

test('SIGTERM ends the run promptly even while gor has stopped reading our stdout', async () => {
  const cwd = tempDir();
  const stream = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));
  const child = spawn(process.execPath, [cliPath(), '--preset', 'robot', '--no-log-file'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.pause(); // never read: the pipe to us fills up and stays full
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Write until both pipes are full: stdin stops draining once the CLI is held up by stdout.
  let refused = 0;
  for (let i = 0; i < 2000 && refused < 20; i++) {
    if (!child.stdin.write(stream)) {
      refused++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  // A judged exchange on stderr shows the run is under way (its signal handlers are in place).
  await waitUntil(() => /b2[0-9]{22}/.test(stderr), 'an exchange is reported');
  child.kill('SIGTERM');
  // The timer is cleared once the child exits: left running, it would keep this test file alive.
  let giveUp: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    giveUp = setTimeout(() => resolve('hung'), 15_000);
  });
  const code = await Promise.race([exited, hung]).finally(() => clearTimeout(giveUp));
  if (code === 'hung') child.kill('SIGKILL');
  assert.equal(code, 0, stderr);
  assert.match(stderr, /summary/);
});
