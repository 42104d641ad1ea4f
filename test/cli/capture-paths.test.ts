import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, createWriteStream, openSync, readFileSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { recordArgs, removeTempDirs, tempDir, timelessReport, verdictList } from '../helpers/command-helpers.js';
import { readGorFixture } from '../helpers/gor-stream.js';
import { cliPath, runCli } from '../helpers/run-cli.js';
import { assertUsageError, CAPTURE, openStdin } from './usage-run.js';

after(removeTempDirs);

const NOTHING = Buffer.alloc(0);
const capture = readFileSync(CAPTURE);
const JUDGING = ['--preset', 'robot', '--fail-on', 'never'];

/**
 * Makes a FIFO at `path` and feeds it `bytes` once a reader opens it (the open waits in the
 * thread pool, not here). The returned function lets a writer that no reader came for go.
 */
function fedFifo(path: string, bytes: Buffer): () => void {
  execFileSync('mkfifo', [path]);
  const writer = createWriteStream(path);
  writer.on('error', () => {});
  writer.end(bytes);
  return () => {
    if (writer.pending) closeSync(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
  };
}

/** Verdicts and report of compare over the regular file, what every other kind of input must give. */
async function judgedFromFile(): Promise<{ verdicts: string[]; report: Record<string, unknown> }> {
  const dir = tempDir('plain');
  const run = await runCli(['compare', ...JUDGING, ...recordArgs(dir), CAPTURE], NOTHING, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  return { verdicts: verdictList(dir), report: timelessReport(dir) };
}

/** The exit code of a bash command line, for what only a shell makes (process substitution). */
function bash(script: string, args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('bash', ['-c', script, 'bash', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('compare reads anything readable that is not a directory, once, as it reads a file', { concurrency: 4 }, () => {
  let expected = { verdicts: [] as string[], report: {} as Record<string, unknown> };
  before(async () => {
    expected = await judgedFromFile();
  });
  const assertJudgedLikeTheFile = (dir: string): void => {
    assert.ok(expected.verdicts.length > 0);
    assert.deepEqual(verdictList(dir), expected.verdicts);
    assert.deepEqual(timelessReport(dir), expected.report);
  };

  test('a FIFO made with mkfifo, and a symlink to one', async () => {
    for (const name of ['capture.fifo', 'link.gor']) {
      const dir = tempDir('fifo');
      const fifo = join(dir, 'capture.fifo');
      const release = fedFifo(fifo, capture);
      if (name !== 'capture.fifo') symlinkSync(fifo, join(dir, name));
      const run = await runCli(['compare', ...JUDGING, ...recordArgs(dir), join(dir, name)], NOTHING, { cwd: dir }).finally(release);
      assert.equal(run.code, 0, run.stderr);
      assertJudgedLikeTheFile(dir);
    }
  });

  test('/dev/stdin, on a pipe and on a socket', async () => {
    for (const stdin of ['fifo', 'socket'] as const) {
      const dir = tempDir('dev-stdin');
      const run = await runCli(['compare', ...JUDGING, ...recordArgs(dir), '/dev/stdin'], capture, { cwd: dir, stdin });
      assert.equal(run.code, 0, `${stdin}: ${run.stderr}`);
      assertJudgedLikeTheFile(dir);
    }
  });

  test('process substitution: compare <(cat capture.gor)', async () => {
    const dir = tempDir('substitution');
    const script = 'exec "$1" "$2" compare --preset robot --fail-on never --log-file x.log --log-ok --report r.json --no-color <(cat "$3")';
    const run = await bash(script, [process.execPath, cliPath(), CAPTURE], dir);
    assert.equal(run.code, 0, run.stderr);
    assertJudgedLikeTheFile(dir);
  });

  test('/dev/stdin after - is standard input twice: a usage error', async () => {
    const run = await runCli(['compare', ...JUDGING, '-', '/dev/stdin'], openStdin, { cwd: tempDir('twice'), stdin: 'fifo' });
    assertUsageError(run, /\/dev\/stdin: standard input \(- or \/dev\/stdin\) can be read only once/, 'goreplay-diff compare --help');
  });

  test('a directory gets its own message, and a missing path keeps its own', async () => {
    const dir = tempDir('directory');
    assertUsageError(await runCli(['compare', dir], openStdin, { cwd: dir }), new RegExp(`${dir}: is a directory, not a capture`), 'goreplay-diff compare --help');
    assertUsageError(await runCli(['replay', '--target', 'http://127.0.0.1:9', dir], openStdin, { cwd: dir }), /is a directory/, 'goreplay-diff replay --help');
    assertUsageError(
      await runCli(['compare', join(dir, 'none.gor')], openStdin, { cwd: dir }),
      /none\.gor: no such file, nor gor chunks like \S+none_0\.gor/,
      'goreplay-diff compare --help',
    );
  });
});

test('replay reads a FIFO once: no request count first, every request sent', async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const dir = tempDir('replay-fifo');
    const fifo = join(dir, 'capture.fifo');
    const release = fedFifo(fifo, capture);
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runCli(['replay', ...JUDGING, '--no-log-file', '--target', target, fifo], NOTHING, { cwd: dir }).finally(release);
    assert.equal(run.code, 0, run.stderr);
    const requests = readGorFixture(CAPTURE).records.filter((record) => record.header?.kind === 'request').length;
    assert.ok(requests > 0);
    assert.equal(seen.length, requests);
    assert.match(run.stderr, new RegExp(`replay: ${requests} requests sent`), 'no "/total": the FIFO was not counted first');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
