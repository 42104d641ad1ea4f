import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DEFAULT_STREAM_OPTIONS, emptyTally, encodeMessage, generateMessages } from '../../bench/generate-stream.js';
import { Digester, spawnCli } from './cli-stream.js';
import { waitUntil } from '../helpers/run-cli.js';

/** Small robot exchanges whose replays are identical (all judged ok when analysed), far more than the analysis backlog holds. */
function stream(exchanges: number): { whole: Buffer; exchanges: number } {
  const tally = emptyTally();
  const options = {
    ...DEFAULT_STREAM_OPTIONS,
    seed: 12,
    sizeBytes: Infinity,
    maxExchanges: exchanges,
    mix: { identical: 1, reordered: 0, changed: 0, gzip: 0, chunked: 0, missing: 0 },
    sizes: { request: [400, 600], response: [60, 200] } as const,
  };
  const whole = Buffer.concat([...generateMessages(options, tally)].map((message) => encodeMessage(message, 'hex')));
  return { whole, exchanges: tally.exchanges };
}

interface Report {
  exchanges: Record<'ok' | 'warn' | 'error' | 'incomplete', number>;
  skipped: Record<'unwatched' | 'filtered' | 'evicted' | 'orphaned' | 'shed', number>;
  messages: Record<'request' | 'response' | 'replay' | 'malformed', number>;
}

/**
 * Runs the CLI with its analysis thread held at its setup, writes the whole stream, and
 * waits until all of it was echoed: only then is the thread let go (`endFirst`: after stdin
 * was ended, so the finish reaches the thread before it is ready).
 */
async function runHeld(args: readonly string[], input: Buffer, endFirst: boolean) {
  const cwd = mkdtempSync(join(tmpdir(), 'goreplay-diff-early-echo-'));
  try {
    const report = join(cwd, 'report.json');
    const hold = join(cwd, 'go');
    const cli = spawnCli(['--preset', 'robot', '--no-log-file', '-q', '--report', report, ...args], {
      cwd,
      env: { GOREPLAY_DIFF_TEST_HOLD_SETUP_UNTIL: hold },
      timeoutMs: 100_000,
    });
    const echoed = new Digester();
    cli.child.stdout.on('data', (chunk: Buffer) => echoed.add(chunk));
    cli.child.stdin.write(input);
    if (endFirst) cli.child.stdin.end();
    await waitUntil(() => echoed.bytes >= input.length, 'the whole input echoed while the analysis thread is held', 60_000);
    writeFileSync(hold, '');
    if (!endFirst) cli.child.stdin.end();
    const exit = await cli.exit;
    return { echoed: echoed.digest(), exit, report: exit.code === 0 ? (JSON.parse(readFileSync(report, 'utf8')) as Report) : null };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

for (const endFirst of [false, true]) {
  test(`the echo runs in full before the analysis thread is ready; what came first is judged, the rest shed whole (${endFirst ? 'input ended' : 'input open'} when the thread starts)`, {
    timeout: 120_000,
  }, async () => {
    const { whole, exchanges } = stream(3_000);
    const { echoed, exit, report } = await runHeld([], whole, endFirst);
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(echoed, { bytes: whole.length, sha256: createHash('sha256').update(whole).digest('hex') }, 'stdout is stdin, byte for byte');
    assert.ok(report !== null);
    // The backlog the ring holds was judged once the thread was ready; beyond it, whole exchanges were shed.
    assert.ok(report.exchanges.ok > 0, JSON.stringify(report));
    assert.ok(report.skipped.shed > 0, JSON.stringify(report));
    assert.equal(report.exchanges.ok + report.skipped.shed, exchanges, JSON.stringify(report));
    assert.deepEqual([report.exchanges.warn, report.exchanges.error, report.exchanges.incomplete], [0, 0, 0], JSON.stringify(report));
    assert.deepEqual([report.skipped.orphaned, report.skipped.evicted, report.messages.malformed], [0, 0, 0], JSON.stringify(report));
    assert.match(exit.stderr, /new exchanges are shed/);
  });
}
