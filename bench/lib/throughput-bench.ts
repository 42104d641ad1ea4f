import { readFileSync } from 'node:fs';
import { kibAsMb, median, round } from './numbers.js';
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
 * only); 3 goreplay-diff `--echo-only` (echo and count); 4 goreplay-diff `--preset robot
 * --overload wait` (every exchange judged: the figure measures the analysis, not the shedding), writing its summary to `reportPath` so the run can be checked. `node` is the Node
 * binary, `cli` goreplay-diff's `cli.js`, `officialLib` the library's main file.
 */
export function throughputModes(node: string, cli: string, officialLib: string, reportPath: string): Mode[] {
  return [
    { name: 'cat', label: '1 cat', argv: ['cat'], exitsAtEof: true },
    { name: 'official', label: '2 goreplay_middleware (echo)', argv: [node, '-e', 'require(process.argv[1]).init()', officialLib], exitsAtEof: false },
    { name: 'echo', label: '3 goreplay-diff --echo-only', argv: [node, cli, '--echo-only', '--no-log-file', '-q'], exitsAtEof: true },
    {
      name: 'robot',
      label: '4 goreplay-diff --preset robot --overload wait',
      argv: [node, cli, '--preset', 'robot', '--overload', 'wait', '--no-log-file', '-q', '--report', reportPath],
      exitsAtEof: true,
    },
  ];
}

/** One mode's runs and their medians. */
export interface ModeResult {
  readonly name: ModeName;
  readonly label: string;
  /** Per repetition, in order; null for an invalid run. */
  readonly wallMs: Array<number | null>;
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
      log(
        `  rep ${rep}/${reps} ${mode.label.padEnd(32)} ${(run.wallMs / 1000).toFixed(2)} s  peak RSS ${kibAsMb(run.peakRssKb)}${run.problem === null ? '' : `  INVALID: ${run.problem} ${run.stderr.slice(0, 300)}`}`,
      );
    }
  }
  const results = modes.map((mode) => summarise(mode, runs.get(mode.name) ?? [], stream));
  return { reps, modes: results, robotReport: readJson(reportPath) };
}

function summarise(mode: Mode, runs: readonly PipeRun[], stream: StreamFile): ModeResult {
  const wallMs = runs.map((run) => (run.problem === null ? round(run.wallMs, 1) : null));
  const rss = runs.map((run) => (run.problem === null ? run.peakRssKb : null));
  const knownRss = rss.filter((kb): kb is number => kb !== null);
  const medianWallMs = median(wallMs.filter((ms): ms is number => ms !== null));
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

/**
 * The median over repetitions of `a`'s wall time divided by `b`'s in the same repetition
 * (runs next to each other share the machine's load of the moment); null without a valid pair.
 */
export function pairedRatio(a: ModeResult | undefined, b: ModeResult | undefined): number | null {
  if (a === undefined || b === undefined) return null;
  const ratios: number[] = [];
  a.wallMs.forEach((ms, rep) => {
    const other = b.wallMs[rep];
    if (ms !== null && other !== null && other !== undefined && other > 0) ratios.push(ms / other);
  });
  return ratios.length === 0 ? null : median(ratios);
}
