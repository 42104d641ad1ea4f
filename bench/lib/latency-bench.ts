import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnMeasured } from './measure-process.js';
import { percentileOfSorted, round } from './numbers.js';
import { startScraper } from './scraper.js';

/** Options for {@link runLatencyBench}. */
export interface LatencyOptions {
  /** The program under test, e.g. goreplay-diff `--preset robot`, or `cat` to calibrate the harness. */
  readonly argv: readonly string[];
  /** A hex stream whose lines are sent, looping (with fresh IDs each pass) when it runs out. */
  readonly streamFile: string;
  readonly messagesPerSecond: number;
  readonly seconds: number;
  /** Lines sent during the first seconds are left out of the percentiles. */
  readonly warmupSeconds: number;
  /** A metrics endpoint of the program to scrape meanwhile, as Prometheus would. */
  readonly scrape?: { readonly url: string; readonly everyMs: number };
}

/** Echo delay percentiles in ms, over the lines after the warm-up. */
export interface LatencyResult {
  readonly program: string;
  readonly targetRate: number;
  readonly achievedRate: number;
  readonly sent: number;
  readonly echoed: number;
  readonly measured: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  /** Times a line (or the queue at a tick) found the program's stdin pipe full. */
  readonly stdinFull: number;
  readonly peakRssKb: number | null;
  /** With `scrape`: scrapes answered, and failed. */
  readonly scrapes?: { readonly scrapes: number; readonly failures: number };
  readonly problem: string | null;
}

const LF = 0x0a;
/** Hex of the header's "1 " prefix is 4 chars; the ID's first two chars follow. */
const ID_HEX_OFFSET = 4;

/**
 * Sends hex lines to a program at a steady rate (a 1 ms timer writes whatever is due),
 * timestamps each line as it is written and each LF as it comes back on stdout, pairs
 * them by order, and reports the delay percentiles. The program's stdin is a real pipe, as
 * gor's middleware gets. The delay includes the pipes both ways and this driver's own
 * event loop, so it is an upper bound; running it on `cat` measures that floor. Never rejects.
 */
export async function runLatencyBench(options: LatencyOptions): Promise<LatencyResult> {
  const lines = splitLines(readFileSync(options.streamFile));
  const total = Math.round(options.messagesPerSecond * options.seconds);
  const writtenAt = new Float64Array(total);
  const delays = new Float64Array(total);
  // A real pipe for stdin, as gor gives its middleware (os/exec), not the socket pair of
  // Node's piped stdio: a named pipe, opened read-write first so neither open blocks.
  const scratch = mkdtempSync(join(tmpdir(), 'gd-bench-latency-'));
  const fifo = join(scratch, 'stdin');
  execFileSync('mkfifo', [fifo]);
  const writeFd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
  const readFd = openSync(fifo, constants.O_RDONLY);
  const run = spawnMeasured(options.argv, { underTime: true, stdinFd: readFd });
  closeSync(readFd);
  const scraper = options.scrape === undefined ? null : startScraper(options.scrape.url, options.scrape.everyMs);
  let problem: string | null = null;
  /** Bytes due but not yet taken by the pipe (it was full), in order. */
  const queued: Buffer[] = [];
  /** Writes what is queued without ever blocking this driver; false if the pipe filled up. */
  const flush = (): boolean => {
    while (queued.length > 0 && problem === null) {
      const head = queued[0] as Buffer;
      let written: number;
      try {
        written = writeSync(writeFd, head);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return false;
        problem = `stdin: ${(error as Error).message}`;
        return false;
      }
      if (written === head.length) queued.shift();
      else queued[0] = head.subarray(written);
    }
    return true;
  };

  let echoed = 0;
  run.child.stdout?.on('data', (chunk: Buffer) => {
    const now = performance.now();
    for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) {
      if (echoed < total) delays[echoed] = now - (writtenAt[echoed] as number);
      echoed += 1;
    }
  });

  let sent = 0;
  let stdinFull = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * options.messagesPerSecond) / 1000));
      while (sent < due && problem === null) {
        queued.push(lineFor(lines, sent));
        writtenAt[sent] = performance.now();
        if (!flush()) stdinFull += 1;
        sent += 1;
      }
      if (!flush()) stdinFull += 1;
      if ((sent < total || queued.length > 0) && problem === null) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const sendingMs = performance.now() - started;
  const scrapes = scraper === null ? undefined : await scraper.stop();
  closeSync(writeFd);
  rmSync(scratch, { recursive: true, force: true });
  const exit = await run.exited;
  if (problem === null && exit.code !== 0) problem = `exit code ${String(exit.code)}: ${run.stderr().slice(0, 500)}`;
  if (problem === null && echoed !== sent) problem = `echoed ${echoed} lines of ${sent}`;

  const skip = Math.min(echoed, Math.round(options.messagesPerSecond * options.warmupSeconds));
  const measured = delays.slice(skip, Math.min(echoed, total)).sort();
  return {
    program: options.argv.join(' '),
    targetRate: options.messagesPerSecond,
    achievedRate: Math.round(sent / (sendingMs / 1000)),
    sent,
    echoed,
    measured: measured.length,
    p50Ms: round(percentileOfSorted(measured, 50), 3),
    p90Ms: round(percentileOfSorted(measured, 90), 3),
    p99Ms: round(percentileOfSorted(measured, 99), 3),
    p999Ms: round(percentileOfSorted(measured, 99.9), 3),
    maxMs: round(measured.length === 0 ? Number.NaN : (measured[measured.length - 1] as number), 3),
    stdinFull,
    peakRssKb: run.peakRssKb(),
    ...(scrapes === undefined ? {} : { scrapes }),
    problem,
  };
}

/** Views of every LF-terminated line of `bytes`, each with its LF. */
function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, start)) {
    lines.push(bytes.subarray(start, at + 1));
    start = at + 1;
  }
  return lines;
}

/**
 * The `index`-th line to send: the stream's lines in order; on the k-th pass over them
 * (k ≥ 1) a copy whose ID starts with two chars naming the pass, so that IDs stay unique
 * and every exchange is judged afresh rather than as a duplicate.
 */
function lineFor(lines: readonly Buffer[], index: number): Buffer {
  const line = lines[index % lines.length] as Buffer;
  const pass = Math.floor(index / lines.length);
  if (pass === 0) return line;
  const copy = Buffer.from(line);
  const tag = (pass % 1296).toString(36).padStart(2, '0');
  copy.write(Buffer.from(tag, 'latin1').toString('hex'), ID_HEX_OFFSET, 'latin1');
  return copy;
}
