import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { optionDefault } from '../src/config/options.js';
import { DEFAULT_STREAM_OPTIONS, emptyTally, encodeMessage, generateMessages } from './generate-stream.js';

/** Soak settings: `--minutes`, `--rate` (messages/s), `--max-growth-mb`, `--max-growth-pct`, `--no-log`. */
export interface SoakOptions {
  readonly minutes: number;
  readonly rate: number;
  readonly maxGrowthMb: number;
  readonly maxGrowthPct: number;
  readonly log: boolean;
}

const DEFAULTS: SoakOptions = { minutes: 10, rate: 3000, maxGrowthMb: 20, maxGrowthPct: 10, log: true };
/** The first part of the run, while heaps and caches fill, left out of the trend. */
const WARM_UP_FRACTION = 0.2;
/**
 * The warm-up lasts at least this long (s): until the first unanswered exchanges expire
 * (the CLI's default TTL, which the soak runs with), memory rightly grows, since every
 * missing replay is held. A 3-minute soak whose 36 s warm-up ignored it saw 27 MB of growth.
 */
const MIN_WARM_UP_SECONDS = optionDefault('ttl') / 1000 + 15;
/** Exchanges generated once and then replayed with fresh IDs, so generating costs nothing during the run. */
const POOL_EXCHANGES = 2000;
const MB = 1024 * 1024;

/** A straight line fitted by least squares: `slope` per unit of x, and the value at x = 0. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
}

/** Least-squares fit of y against x; slope 0 when fewer than two distinct x values. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LinearFit {
  const n = Math.min(xs.length, ys.length);
  if (n === 0) return { slope: 0, intercept: 0 };
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i += 1) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] as number) - mx;
    sxy += dx * ((ys[i] as number) - my);
    sxx += dx * dx;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** One RSS sample: seconds since the start, bytes. */
interface Sample {
  readonly t: number;
  readonly rss: number;
}

/** Verdict on memory: growth over the measured window, as the fitted line predicts it. */
export interface TrendVerdict {
  readonly samples: number;
  readonly meanMb: number;
  readonly maxMb: number;
  readonly slopeMbPerMin: number;
  readonly growthMb: number;
  readonly limitMb: number;
  readonly ok: boolean;
}

/**
 * Fits RSS against time over the samples after the warm-up (the first 20% of samples, and
 * at least `minWarmUpSeconds` of `t`) and fails when the growth the line predicts across
 * that window exceeds `maxGrowthMb` or `maxGrowthPct` of the mean, whichever is larger (GC
 * keeps RSS moving by a few MB either way), or when no window is left to measure.
 */
export function judgeTrend(samples: readonly Sample[], options: Pick<SoakOptions, 'maxGrowthMb' | 'maxGrowthPct'>, minWarmUpSeconds = 0): TrendVerdict {
  const start = (samples[0]?.t ?? 0) + minWarmUpSeconds;
  const measured = samples.slice(Math.floor(samples.length * WARM_UP_FRACTION)).filter((sample) => sample.t >= start);
  const fit = fitLine(
    measured.map((s) => s.t),
    measured.map((s) => s.rss / MB),
  );
  const span = measured.length < 2 ? 0 : (measured.at(-1) as Sample).t - (measured[0] as Sample).t;
  const mean = measured.reduce((sum, s) => sum + s.rss / MB, 0) / Math.max(1, measured.length);
  const growth = fit.slope * span;
  const limit = Math.max(options.maxGrowthMb, (mean * options.maxGrowthPct) / 100);
  return {
    samples: measured.length,
    meanMb: round(mean),
    maxMb: round(Math.max(0, ...measured.map((s) => s.rss / MB))),
    slopeMbPerMin: round(fit.slope * 60),
    growthMb: round(growth),
    limitMb: round(limit),
    ok: measured.length >= 2 && growth <= limit,
  };
}

/** Counts of what was sent, by message kind. */
interface Sent {
  request: number;
  response: number;
  replay: number;
}

/** The hex lines of POOL_EXCHANGES whole exchanges, interleaved as concurrent clients send them. */
function buildPool(): Buffer[] {
  const tally = emptyTally();
  const options = { ...DEFAULT_STREAM_OPTIONS, seed: 42, sizeBytes: Infinity, maxExchanges: POOL_EXCHANGES };
  return [...generateMessages(options, tally)].map((message) => encodeMessage(message, 'hex'));
}

/** Offset in a hex line of the hex of the ID's last 8 characters: after "1 " and 16 ID characters. */
const CYCLE_HEX_OFFSET = (2 + 16) * 2;

/**
 * The `index`-th line sent: the pool line with the last 8 ID characters replaced by the
 * pass number in hex, so that every pass over the pool uses new IDs.
 */
function lineFor(pool: readonly Buffer[], index: number): Buffer {
  const line = Buffer.from(pool[index % pool.length] as Buffer);
  const pass = Math.floor(index / pool.length)
    .toString(16)
    .padStart(8, '0');
  line.write(Buffer.from(pass, 'latin1').toString('hex'), CYCLE_HEX_OFFSET, 'latin1');
  return line;
}

function kindOf(line: Buffer): keyof Sent {
  // The first hex pair is the type digit: 31 '1', 32 '2', 33 '3'.
  const digit = line[1];
  return digit === 0x31 ? 'request' : digit === 0x32 ? 'response' : 'replay';
}

function cliPath(): string {
  const fromEnv = process.env['GOREPLAY_DIFF_CLI'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'dist', 'cli.js'))) return join(dir, 'dist', 'cli.js');
  }
  throw new Error('dist/cli.js not found above this script; run `npm run build` or set GOREPLAY_DIFF_CLI');
}

function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

/** Resolves at the next 'drain' of `stdin`, or when `child` closes, whichever comes first. */
function drainOrClose(stdin: Writable, child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stdin.off('drain', done);
      child.off('close', done);
      resolve();
    };
    stdin.once('drain', done);
    child.once('close', done);
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Runs the soak and returns the process exit code: 0 when memory is flat and the counts match. */
export async function soak(options: SoakOptions, print: (line: string) => void): Promise<number> {
  const pool = buildPool();
  const dir = mkdtempSync(join(tmpdir(), 'goreplay-diff-soak-'));
  const report = join(dir, 'report.json');
  const args = ['--preset', 'robot', '-q', '--report', report, ...(options.log ? ['--log-file', join(dir, 'logs', 'soak.log')] : ['--no-log-file'])];
  const child = spawn(process.execPath, [cliPath(), ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid ?? 0;
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr += text;
  });
  const inHash = createHash('sha256');
  const outHash = createHash('sha256');
  let outBytes = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    outHash.update(chunk);
    outBytes += chunk.length;
  });
  let gone = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      gone = true;
      resolve(code);
    }),
  );
  // A CLI that dies mid-run fails the soak through its exit code, not through EPIPE here.
  child.stdin.on('error', () => {});

  const durationMs = options.minutes * 60_000;
  const sent: Sent = { request: 0, response: 0, replay: 0 };
  const samples: Sample[] = [];
  const started = performance.now();
  const sampler = setInterval(() => {
    const rss = rssBytes(pid);
    if (rss !== null) samples.push({ t: (performance.now() - started) / 1000, rss });
    if (samples.length % 30 === 0 && rss !== null)
      print(`soak: ${Math.round((performance.now() - started) / 1000)} s, ${sent.request + sent.response + sent.replay} messages sent, RSS ${round(rss / MB)} MB`);
  }, 1000);
  let index = 0;
  let inBytes = 0;
  let maxLag = 0;
  for (let elapsed = 0; elapsed < durationMs && !gone; elapsed = performance.now() - started) {
    const due = Math.floor((elapsed / 1000) * options.rate);
    maxLag = Math.max(maxLag, due - index);
    while (index < due && !gone) {
      const line = lineFor(pool, index);
      index += 1;
      sent[kindOf(line)] += 1;
      inHash.update(line);
      inBytes += line.length;
      if (!child.stdin.write(line)) await drainOrClose(child.stdin, child);
    }
    await sleep(5);
  }
  child.stdin.end();
  const code = await exited;
  clearInterval(sampler);

  const trend = judgeTrend(samples, options, MIN_WARM_UP_SECONDS);
  if (trend.samples < 2) print(`soak: too short to judge memory: the warm-up alone lasts ${MIN_WARM_UP_SECONDS} s (the default TTL, plus 15 s)`);
  if (!existsSync(report)) {
    print(`soak: the CLI exited with ${String(code)} and wrote no report\n${stderr}`);
    return 1;
  }
  const summary = JSON.parse(readFileSync(report, 'utf8')) as { messages: Record<string, number>; exchanges: Record<string, number>; skipped: Record<string, number> };
  const judged = Object.values(summary.exchanges).reduce((sum, n) => sum + n, 0);
  const expected = { request: sent.request, response: sent.response, replay: sent.replay, malformed: 0, oversized: 0 };
  const checks = {
    exitCode: code === 0,
    echoIdentical: outBytes === inBytes && outHash.digest('hex') === inHash.digest('hex'),
    messageCounts: JSON.stringify(summary.messages) === JSON.stringify(expected),
    everyExchangeJudgedOnce: judged === sent.request && summary.skipped['evicted'] === 0,
    memoryFlat: trend.ok,
  };
  const seconds = (performance.now() - started) / 1000;
  print(
    JSON.stringify(
      {
        options,
        achievedRate: round(index / (durationMs / 1000)),
        maxLagMessages: maxLag,
        seconds: round(seconds),
        sent: { ...sent, bytes: inBytes },
        report: { messages: summary.messages, exchanges: summary.exchanges, skipped: summary.skipped },
        rss: trend,
        checks,
      },
      null,
      2,
    ),
  );
  if (code !== 0) print(stderr);
  rmSync(dir, { recursive: true, force: true });
  return Object.values(checks).every(Boolean) ? 0 : 1;
}

/** Reads `--minutes N --rate N --max-growth-mb N --max-growth-pct N --no-log`; throws on anything else. */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const options: { -readonly [K in keyof SoakOptions]: SoakOptions[K] } = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    if (name === '--no-log') {
      options.log = false;
      continue;
    }
    const value = Number(argv[i + 1]);
    if (!(value > 0)) throw new Error(`${name ?? ''} needs a positive number, not ${argv[i + 1] ?? 'nothing'}`);
    i += 1;
    if (name === '--minutes') options.minutes = value;
    else if (name === '--rate') options.rate = value;
    else if (name === '--max-growth-mb') options.maxGrowthMb = value;
    else if (name === '--max-growth-pct') options.maxGrowthPct = value;
    else throw new Error(`unknown option ${name ?? ''}; known: --minutes --rate --max-growth-mb --max-growth-pct --no-log`);
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await soak(parseSoakArgs(process.argv.slice(2)), (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    process.stderr.write(`soak: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
