import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_STREAM_OPTIONS, emptyTally, encodeMessage, generateMessages } from '../../bench/generate-stream.js';
import { Digester, digestAll, spawnCli, writeAll } from './cli-stream.js';
import { sampleRss } from './process-probe.js';

const MB = 1024 * 1024;
/** As in the volume tests: far below what holding the stream would take. */
const RSS_LIMIT = 200 * MB;
/** Busy milliseconds after each slice of at most 64 KiB: an analysis a few times slower than any echo. */
const SLOW_ANALYSIS = { GOREPLAY_DIFF_TEST_ANALYSIS_DELAY_MS: '4' };

/** Small robot exchanges whose replays are identical (all judged ok when analysed), interleaved 8 at a time, in memory so the writer is fast. */
function smallExchanges(exchanges: number): { chunks: Buffer[]; exchanges: number } {
  const tally = emptyTally();
  const options = {
    ...DEFAULT_STREAM_OPTIONS,
    seed: 11,
    sizeBytes: Infinity,
    maxExchanges: exchanges,
    mix: { identical: 1, reordered: 0, changed: 0, gzip: 0, chunked: 0, missing: 0 },
    sizes: { request: [400, 600], response: [60, 200] } as const,
  };
  const whole = Buffer.concat([...generateMessages(options, tally)].map((message) => encodeMessage(message, 'hex')));
  const chunks: Buffer[] = [];
  for (let at = 0; at < whole.length; at += 64 * 1024) chunks.push(whole.subarray(at, at + 64 * 1024));
  return { chunks, exchanges: tally.exchanges };
}

interface Report {
  exchanges: Record<'ok' | 'warn' | 'error' | 'incomplete', number>;
  skipped: Record<'unwatched' | 'filtered' | 'evicted' | 'orphaned' | 'shed', number>;
  messages: Record<'request' | 'response' | 'replay' | 'malformed', number>;
}

async function run(args: readonly string[], stream: { chunks: Buffer[] }) {
  const cwd = mkdtempSync(join(tmpdir(), 'goreplay-diff-overload-'));
  try {
    const report = join(cwd, 'report.json');
    const cli = spawnCli(['--preset', 'robot', '--no-log-file', '-q', '--report', report, ...args], { cwd, env: SLOW_ANALYSIS, timeoutMs: 100_000 });
    const rss = sampleRss(cli.child.pid ?? 0, 20);
    const [input, echoed, exit] = await Promise.all([writeAll(cli.child.stdin, stream.chunks), digestAll(cli.child.stdout, new Digester()), cli.exit]);
    rss.stop();
    return { input, echoed, exit, rss: rss.max, report: JSON.parse(readFileSync(report, 'utf8')) as Report };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

test('an analysis slower than the stream sheds whole exchanges: the echo is byte-exact, every exchange is judged ok or counted shed, none half, memory bounded', {
  timeout: 120_000,
}, async (t) => {
  const stream = smallExchanges(12_000);
  const { input, echoed, exit, rss, report } = await run([], stream);
  t.diagnostic(`shed ${report.skipped.shed} of ${stream.exchanges}; ${report.exchanges.ok} judged; max RSS ${(rss / MB).toFixed(0)} MB`);
  assert.equal(exit.code, 0, exit.stderr);
  assert.deepEqual(echoed, input, 'stdout has the same length and SHA-256 as stdin');
  assert.ok(report.skipped.shed > 0, `nothing was shed: ${JSON.stringify(report)}`);
  assert.ok(report.exchanges.ok > 0, `nothing was judged: ${JSON.stringify(report)}`);
  // Never half of one: a shed exchange is not judged at all, one analysed is judged on all three messages.
  assert.equal(report.exchanges.ok + report.skipped.shed, stream.exchanges, JSON.stringify(report));
  assert.deepEqual([report.exchanges.warn, report.exchanges.error, report.exchanges.incomplete], [0, 0, 0], JSON.stringify(report));
  assert.deepEqual([report.skipped.orphaned, report.skipped.evicted, report.messages.malformed], [0, 0, 0], JSON.stringify(report));
  assert.equal(report.messages.request, report.exchanges.ok);
  assert.ok(rss < RSS_LIMIT, `RSS reached ${(rss / MB).toFixed(0)} MB`);
  // One warning as each shedding starts and one line with its count as it stops; the counts add up to the report's.
  const starts = exit.stderr.match(/new exchanges are shed/g) ?? [];
  const stops = [...exit.stderr.matchAll(/caught up: (\d+) exchanges? (?:was|were) shed/g)].map((match) => Number(match[1]));
  // The drain-and-refill cycles of one overload are not told one by one.
  assert.ok(starts.length >= 1 && starts.length <= 3, exit.stderr);
  assert.equal(stops.length, starts.length, exit.stderr);
  assert.equal(
    stops.reduce((sum, count) => sum + count, 0),
    report.skipped.shed,
    exit.stderr,
  );
});

test('with --overload wait the same slow analysis judges every exchange and sheds none', { timeout: 120_000 }, async () => {
  const stream = smallExchanges(3_000);
  const { input, echoed, exit, report } = await run(['--overload', 'wait'], stream);
  assert.equal(exit.code, 0, exit.stderr);
  assert.deepEqual(echoed, input);
  assert.equal(report.skipped.shed, 0);
  assert.equal(report.exchanges.ok, stream.exchanges, JSON.stringify(report));
  assert.doesNotMatch(exit.stderr, /shed/);
});
