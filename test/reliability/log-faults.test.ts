import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { cliPath, runCli, waitUntil } from '../helpers/run-cli.js';
import type { CliRun } from '../helpers/run-cli.js';

/** One watched exchange whose replay differs from its origin, so it is logged. */
function mismatch(id: string): Buffer {
  const response = (n: number): Buffer => {
    const body = `{"results":{"n":${n}}}`;
    return Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  };
  return Buffer.concat([
    toHexLine(`1 ${id} 1710489600000000000 0`, Buffer.from('POST /v2/robot/query HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}')),
    toHexLine(`2 ${id} 1710489600023000000 0`, response(1)),
    toHexLine(`3 ${id} 1710489600024000000 0`, response(2)),
  ]);
}

function batch(prefix: string, count: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, i) => mismatch(`${prefix}${String(i).padStart(20, '0')}`)));
}

function logBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/**
 * Feeds `first`, waits until the log has records, deletes the whole log directory, then
 * feeds `second` (and, when given, `third` once the CLI has warned). Resolves with the run;
 * the directory is the caller's to inspect.
 */
async function runDeletingLogDir(cwd: string, extraArgs: readonly string[], first: Buffer, second: Buffer, third?: Buffer): Promise<CliRun> {
  const logs = join(cwd, 'logs');
  mkdirSync(logs);
  const args = ['--preset', 'robot', '-q', '--log-file', join(logs, 'x.log'), ...extraArgs];
  return runCli(
    args,
    async (stdin, child) => {
      let stderr = '';
      child.stderr.on('data', (text: string) => {
        stderr += text;
      });
      stdin.write(first);
      await waitUntil(() => logBytes(logs) > 0, 'the log has records');
      // The CLI may create a file in the folder while it is being removed (a rotation): retry.
      rmSync(logs, { recursive: true, force: true, maxRetries: 20, retryDelay: 10 });
      if (third === undefined) {
        stdin.end(second);
        return;
      }
      // pino-roll rotates asynchronously (after a flush): wait for the failed rotation's warning, then send more.
      stdin.write(second);
      await waitUntil(() => stderr.includes('log file disabled'), 'the failed rotation is warned about');
      stdin.end(third);
    },
    { cwd, timeoutMs: 30_000 },
  );
}

function warnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes('warning'));
}

test('when the log directory is deleted mid-run, the echo stays byte-identical, the run exits 0 and at most one warning is printed', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'goreplay-diff-logrm-'));
  try {
    const first = batch('aaaa', 20);
    const second = batch('bbbb', 200);
    const run = await runDeletingLogDir(cwd, [], first, second);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(Buffer.concat([first, second])), 'stdout is byte-identical to stdin');
    assert.ok(warnings(run.stderr).length <= 1, run.stderr);
    assert.match(run.stderr, /220 exchanges \(0 ok, 0 warn, 220 error/, 'every exchange was still judged');
    // Observed, not promised: the open log file is unlinked, not closed, so later records
    // are written to it without error and vanish with it; nothing re-creates the folder.
    t.diagnostic(`warnings: ${warnings(run.stderr).length}; log folder re-created: ${existsSync(join(cwd, 'logs'))}`);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('when the log directory is deleted and a rotation falls due, the folder is not re-created: one warning, and the run goes on without a log', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'goreplay-diff-logrm-'));
  try {
    const first = batch('cccc', 20);
    const second = batch('dddd', 100);
    const third = batch('eeee', 100);
    const run = await runDeletingLogDir(cwd, ['--log-max-size', '4k'], first, second, third);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(Buffer.concat([first, second, third])), 'stdout is byte-identical to stdin');
    assert.deepEqual(
      warnings(run.stderr).map((line) => line.replace(/:[^:]*$/, '')),
      ['goreplay-diff: warning: log file disabled: ENOENT'],
      run.stderr,
    );
    assert.equal(existsSync(join(cwd, 'logs')), false, 'nothing re-created the folder');
    assert.match(run.stderr, /220 exchanges \(0 ok, 0 warn, 220 error/, 'every exchange was still judged');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

describe('when log writes start failing (file size limit reached, as on a full disk)', () => {
  const input = batch('eeee', 200);
  let code: number | null = null;
  let stdout = Buffer.alloc(0);
  let stderr = '';
  let log = '';

  before(async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'goreplay-diff-logfull-'));
    try {
      // RLIMIT_FSIZE makes write(2) on regular files fail with EFBIG past 16 KiB, as ENOSPC
      // does on a full disk; stdout is a pipe, which the limit does not apply to.
      mkdirSync(join(cwd, 'logs'));
      const args = [cliPath(), '--preset', 'robot', '-q', '--log-file', join(cwd, 'logs', 'x.log')];
      const child = spawn('bash', ['-c', 'ulimit -f 16 && exec "$@"', 'bash', process.execPath, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.stdin.end(input);
      code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      stdout = Buffer.concat(chunks);
      log = readFileSync(join(cwd, 'logs', readdirSync(join(cwd, 'logs'))[0] ?? ''), 'utf8');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('one warning is printed, the echo carries on byte for byte and every exchange is still judged', () => {
    assert.equal(code, 0, stderr);
    assert.ok(stdout.equals(input), 'stdout is byte-identical to stdin');
    assert.deepEqual(
      warnings(stderr).map((line) => line.replace(/:[^:]*$/, '')),
      ['goreplay-diff: warning: log file disabled: EFBIG'],
      stderr,
    );
    assert.match(stderr, /200 exchanges \(0 ok, 0 warn, 200 error/);
    assert.ok(log.length > 0 && log.length <= 16 * 1024, `log of ${log.length} bytes`);
  });

  test('the log keeps only complete JSON lines: the record torn by the failed write is cut off', () => {
    assert.ok(log.endsWith('\n'), `the log ends with ${JSON.stringify(log.slice(-40))}`);
    for (const line of log.split('\n').filter((text) => text !== '')) assert.doesNotThrow(() => JSON.parse(line), line.slice(0, 80));
  });
});
