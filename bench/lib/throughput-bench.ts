import { readFileSync } from 'node:fs';
import { median, round } from './numbers.js';
import { runThroughPipe } from './measure-process.js';
import type { PipeRun } from './measure-process.js';

/** The four programs compared side by side. */
export type ModeName = 'cat' | 'official' | 'echo' | 'robot';

/** A program under test, reading the stream on stdin and echoing it to stdout. */
export interface Mode {
  readonly name: ModeName;
  readonly label: string;
  readonly argv: readonly string[];
  /** False for the official library: it never exits at end of input, so it is killed once all output came. */
  readonly exitsAtEof: boolean;
}

/** The stream every mode reads. */
export interface StreamFile {
  readonly path: string;
  readonly bytes: number;
  readonly messages: number;
  readonly exchanges: number;
}

/**
 * The four modes: 1 `cat`; 2 the official `goreplay_middleware` with no listener (echo
 * only); 3 goreplay-diff with no route (echo only); 4 goreplay-diff `--preset robot`,
 * writing its summary to `reportPath` so the run can be checked. `node` is the Node
 * binary, `cli` goreplay-diff's `cli.js`, `officialLib` the library's main file.
 */
export function throughputModes(node: string, cli: string, officialLib: string, reportPath: string): Mode[] {
  return [
    { name: 'cat', label: '1 cat', argv: ['cat'], exitsAtEof: true },
    { name: 'official', label: '2 goreplay_middleware (echo)', argv: [node, '-e', 'require(process.argv[1]).init()', officialLib], exitsAtEof: false },
    { name: 'echo', label: '3 goreplay-diff (no route)', argv: [node, cli, '--no-log-file', '-q'], exitsAtEof: true },
    { name: 'robot', label: '4 goreplay-diff --preset robot', argv: [node, cli, '--preset', 'robot', '--no-log-file', '-q', '--report', reportPath], exitsAtEof: true },
  ];
}

/** One mode's runs and their medians. */
export interface ModeResult {
  readonly name: ModeName;
  readonly label: string;
  readonly wallMs: number[];
  readonly peakRssKb: Array<number | null>;
  readonly medianWallMs: number;
  readonly mbPerSecond: number;
  readonly messagesPerSecond: number;
  /** The highest peak RSS over the repetitions (KiB); null when unmeasured. */
  readonly maxPeakRssKb: number | null;
  readonly medianPeakRssKb: number | null;
  /** Problems of invalid runs (those are left out of the medians). */
  readonly problems: string[];
}

/** What the throughput benchmark found. */
export interface ThroughputResult {
  readonly reps: number;
  readonly modes: ModeResult[];
  /** The `--preset robot` summary report of the last run: proof that every exchange was judged. */
  readonly robotReport: unknown;
}

/**
 * Runs every mode `reps` times, interleaved (1 2 3 4 1 2 3 4 ...) so that drift in the
 * machine's load spreads over all modes, and takes medians over the valid runs. `log`
 * gets one line per run. Never rejects on a failed run: it is listed in `problems`.
 */
export async function runThroughput(stream: StreamFile, modes: readonly Mode[], reps: number, reportPath: string, log: (line: string) => void): Promise<ThroughputResult> {
  const runs = new Map<ModeName, PipeRun[]>(modes.map((mode) => [mode.name, []]));
  for (let rep = 1; rep <= reps; rep += 1) {
    for (const mode of modes) {
      const run = await runThroughPipe({
        argv: mode.argv,
        inputFile: stream.path,
        expectedBytes: stream.bytes,
        exitsAtEof: mode.exitsAtEof,
        timeoutMs: 10 * 60 * 1000,
      });
      runs.get(mode.name)?.push(run);
      const rss = run.peakRssKb === null ? '?' : `${(run.peakRssKb / 1024).toFixed(0)} MiB`;
      log(`  rep ${rep}/${reps} ${mode.label.padEnd(32)} ${(run.wallMs / 1000).toFixed(2)} s  peak RSS ${rss}${run.problem === null ? '' : `  INVALID: ${run.problem} ${run.stderr.slice(0, 300)}`}`);
    }
  }
  const results = modes.map((mode) => summarise(mode, runs.get(mode.name) ?? [], stream));
  return { reps, modes: results, robotReport: readJson(reportPath) };
}

function summarise(mode: Mode, runs: readonly PipeRun[], stream: StreamFile): ModeResult {
  const valid = runs.filter((run) => run.problem === null);
  const wallMs = valid.map((run) => round(run.wallMs, 1));
  const rss = valid.map((run) => run.peakRssKb);
  const knownRss = rss.filter((kb): kb is number => kb !== null);
  const medianWallMs = median(wallMs);
  return {
    name: mode.name,
    label: mode.label,
    wallMs,
    peakRssKb: rss,
    medianWallMs,
    mbPerSecond: round(stream.bytes / 1e6 / (medianWallMs / 1000), 1),
    messagesPerSecond: Math.round(stream.messages / (medianWallMs / 1000)),
    maxPeakRssKb: knownRss.length === 0 ? null : Math.max(...knownRss),
    medianPeakRssKb: knownRss.length === 0 ? null : median(knownRss),
    problems: runs.filter((run) => run.problem !== null).map((run) => `${run.problem ?? ''}: ${run.stderr.slice(0, 500)}`),
  };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}
