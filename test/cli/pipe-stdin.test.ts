import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { runCli, waitUntil } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// gor and shells give the middleware a real pipe; Node's own spawn gives a socket pair. Both
// are read in non-blocking mode; these tests drive the pipe.

const tempDir = tempDirs('cli-pipe');

const regressions = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));

test('through a real pipe the echo is byte for byte and every exchange is judged', async () => {
  const big = Buffer.concat(Array.from({ length: 200 }, () => regressions));
  const run = await runCli(['--preset', 'robot', '--no-log-file', '--quiet'], big, { cwd: tempDir(), stdin: 'fifo' });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(big), 'stdout is the input');
  assert.match(run.stderr, /messages: \d+ request/);
});

test('with --frozen-intrinsics (Error.stackTraceLimit read-only) a real pipe still echoes byte for byte, empty reads included', async () => {
  const run = await runCli(
    ['--echo-only', '--no-log-file', '--quiet'],
    async (stdin, child) => {
      const seen = countOutput(child);
      // Written in two parts with the pipe left empty between them: the reader meets EAGAIN.
      stdin.write(regressions);
      await waitUntil(() => seen() >= regressions.length, 'the first part is echoed');
      stdin.end(regressions);
    },
    { cwd: tempDir(), stdin: 'fifo', env: { NODE_OPTIONS: '--frozen-intrinsics' } },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(Buffer.concat([regressions, regressions])), 'stdout is the input');
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} while the input pipe is open and idle ends the run at once, with the summary, exit 0, nothing extra echoed`, async () => {
    const run = await runCli(
      ['--preset', 'robot', '--no-log-file'],
      async (stdin, child) => {
        const seen = countOutput(child);
        stdin.write(regressions);
        await waitUntil(() => seen() >= regressions.length, 'the input is echoed');
        // The pipe stays open and empty: the CLI waits for more input.
        child.kill(signal);
      },
      { cwd: tempDir(), stdin: 'fifo', timeoutMs: 10_000 },
    );
    assert.equal(run.signal, null, run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions), 'exactly the input');
    assert.match(run.stderr, /summary after/);
  });
}

test('a reader that closes our stdout while the input pipe is idle ends the run quietly with exit 0', async () => {
  const run = await runCli(
    ['--preset', 'robot', '--no-log-file', '--fail-on', 'error'],
    async (stdin, child) => {
      const seen = countOutput(child);
      stdin.write(regressions);
      await waitUntil(() => seen() > 0, 'some output');
      child.stdout.destroy();
      stdin.write(regressions);
    },
    { cwd: tempDir(), stdin: 'fifo', timeoutMs: 10_000 },
  );
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.code, 0, run.stderr);
});

/** Counts the bytes the child writes to stdout from now on. */
function countOutput(child: { stdout: NodeJS.ReadableStream }): () => number {
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  return () => bytes;
}

test('SIGTERM while gor has stopped reading our stdout ends the run promptly, over a real pipe too', async () => {
  const big = Buffer.concat(Array.from({ length: 400 }, () => regressions));
  let stderrSeen = '';
  const run = await runCli(
    ['--preset', 'robot', '--no-log-file'],
    async (stdin, child) => {
      child.stdout.pause(); // never read again: the pipe to the reader fills up and stays full
      child.stderr.on('data', (chunk: Buffer | string) => {
        stderrSeen += chunk.toString();
      });
      stdin.write(big);
      // A judged exchange on stderr shows the run is under way (its signal handlers are in place).
      await waitUntil(() => /b2[0-9]{22}/.test(stderrSeen), 'an exchange is reported');
      child.kill('SIGTERM');
    },
    { cwd: tempDir(), stdin: 'fifo', timeoutMs: 10_000 },
  );
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /summary after/);
  assert.ok(run.stdout.length < big.length, 'the reader did stop reading');
});
