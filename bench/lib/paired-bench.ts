import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { median, round } from './numbers.js';
import { runThroughPipe } from './measure-process.js';
import type { StreamFile } from './throughput-bench.js';

/** One pair of runs next to each other: the baseline build and this one, on the same stream. */
export interface PairedRun {
  readonly baselineMs: number | null;
  readonly currentMs: number | null;
  /** `uptime`'s load averages just before the pair. */
  readonly load: string;
}

export interface PairedResult {
  readonly pairs: PairedRun[];
  /** Median over the valid pairs of current ÷ baseline − 1: the cost of what this build adds. */
  readonly medianCost: number | null;
  readonly costs: number[];
  readonly problems: string[];
}

/** `uptime`'s load averages, or the OS's when `uptime` is missing. */
export function uptimeLoad(): string {
  try {
    const text = execFileSync('uptime', { encoding: 'utf8' }).trim();
    return /load averages?:\s*(.*)$/.exec(text)?.[1] ?? text;
  } catch {
    return loadavg()
      .map((v) => v.toFixed(2))
      .join(', ');
  }
}

/**
 * The same mode (`args` after the CLI) of two builds, `reps` pairs interleaved: the order
 * within a pair alternates (AB, BA, …) so that neither build always runs first on a
 * machine whose load drifts, and each pair gives one ratio. On a shared machine the ratio
 * of runs next to each other is what can be compared; single wall times are not.
 */
export async function runPaired(
  node: string,
  baselineCli: string,
  currentCli: string,
  args: readonly string[],
  stream: StreamFile,
  reps: number,
  log: (line: string) => void,
): Promise<PairedResult> {
  const pairs: PairedRun[] = [];
  const problems: string[] = [];
  const once = async (cli: string): Promise<number | null> => {
    const run = await runThroughPipe({ argv: [node, cli, ...args], inputFile: stream.path, expectedBytes: stream.bytes, exitsAtEof: true, timeoutMs: 10 * 60 * 1000 });
    if (run.problem !== null) {
      problems.push(`${cli}: ${run.problem} ${run.stderr.slice(0, 300)}`);
      return null;
    }
    return round(run.wallMs, 1);
  };
  for (let rep = 0; rep < reps; rep += 1) {
    const load = uptimeLoad();
    let baselineMs: number | null;
    let currentMs: number | null;
    if (rep % 2 === 0) {
      baselineMs = await once(baselineCli);
      currentMs = await once(currentCli);
    } else {
      currentMs = await once(currentCli);
      baselineMs = await once(baselineCli);
    }
    pairs.push({ baselineMs, currentMs, load });
    log(`  pair ${rep + 1}/${reps}: baseline ${baselineMs ?? 'invalid'} ms, this build ${currentMs ?? 'invalid'} ms, load ${load}`);
  }
  const costs = pairs.flatMap((pair) => (pair.baselineMs !== null && pair.currentMs !== null && pair.baselineMs > 0 ? [round(pair.currentMs / pair.baselineMs - 1, 4)] : []));
  return { pairs, costs, medianCost: costs.length === 0 ? null : median(costs), problems };
}
