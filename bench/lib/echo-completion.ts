import { readFileSync, rmSync } from 'node:fs';
import { runThroughPipe } from './measure-process.js';
import { median, round } from './numbers.js';
import type { StreamFile } from './throughput-bench.js';

/** The echo's own completion: when the last stdout byte left, echo-only beside judging with shedding. */
export interface EchoCompletion {
  /** Median time to the last stdout byte (ms), `--echo-only`. */
  readonly echoOnlyMs: number;
  /** The same with `--preset robot` (the default `--overload shed`). */
  readonly robotMs: number;
  /** Median over repetitions of robot ÷ echo-only in the same repetition. */
  readonly pairedRatio: number;
  /** `skipped.shed` of each robot run. */
  readonly shed: Array<number | null>;
  readonly echoOnlyRuns: Array<number | null>;
  readonly robotRuns: Array<number | null>;
  readonly problems: string[];
}

/**
 * Times the last byte of stdout, `reps` times interleaved, for `--echo-only` and for
 * `--preset robot` with shedding, and reads each robot run's shed count from its report.
 */
export async function runEchoCompletion(node: string, cli: string, stream: StreamFile, reps: number, reportPath: string): Promise<EchoCompletion> {
  const echoOnly: Array<number | null> = [];
  const robot: Array<number | null> = [];
  const shed: Array<number | null> = [];
  const problems: string[] = [];
  const time = async (argv: readonly string[]): Promise<number | null> => {
    const run = await runThroughPipe({ argv, inputFile: stream.path, expectedBytes: stream.bytes, exitsAtEof: true, timeoutMs: 10 * 60 * 1000, lastByte: true });
    if (run.problem !== null || run.lastByteMs === null) {
      problems.push(`${argv.slice(2).join(' ')}: ${run.problem ?? 'no last byte'} ${run.stderr.slice(0, 300)}`);
      return null;
    }
    return round(run.lastByteMs, 1);
  };
  for (let rep = 0; rep < reps; rep += 1) {
    echoOnly.push(await time([node, cli, '--echo-only', '--no-log-file', '-q']));
    rmSync(reportPath, { force: true });
    robot.push(await time([node, cli, '--preset', 'robot', '--no-log-file', '-q', '--report', reportPath]));
    shed.push(readShed(reportPath));
  }
  const ratios = robot.flatMap((ms, rep) => {
    const base = echoOnly[rep];
    return ms === null || base === null || base === undefined ? [] : [ms / base];
  });
  const known = (values: Array<number | null>): number[] => values.filter((value): value is number => value !== null);
  return {
    echoOnlyMs: median(known(echoOnly)),
    robotMs: median(known(robot)),
    pairedRatio: round(median(ratios), 2),
    shed,
    echoOnlyRuns: echoOnly,
    robotRuns: robot,
    problems,
  };
}

function readShed(path: string): number | null {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as { skipped?: { shed?: number } };
    return report.skipped?.shed ?? null;
  } catch {
    return null;
  }
}
