import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './numbers.js';
import type { StreamFile } from './throughput-bench.js';

/** One run: wall and CPU (user + system, every thread) seconds as GNU time reports them. */
export interface TimedRun {
  readonly wallS: number;
  readonly cpuS: number;
}

/** One pair of runs next to each other: the baseline build and this one, on the same stream. */
export interface PairedRun {
  readonly baseline: TimedRun | null;
  readonly current: TimedRun | null;
  /** `uptime`'s load averages just before the pair. */
  readonly load: string;
}

export interface PairedResult {
  readonly pairs: PairedRun[];
  /** Per valid pair, current ÷ baseline − 1, of CPU time and of wall time. */
  readonly cpuCosts: number[];
  readonly wallCosts: number[];
  readonly medianCpuCost: number | null;
  readonly medianWallCost: number | null;
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

/** Runs `argv` under GNU time with the stream on stdin, counting what it echoes; null (and a problem) when the echo is not the input. */
function timed(argv: readonly string[], stream: StreamFile, problems: string[]): Promise<TimedRun | null> {
  const out = join(tmpdir(), `gd-paired-${process.pid}.time`);
  const input = openSync(stream.path, 'r');
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S', '-o', out, ...argv], { stdio: [input, 'pipe', 'pipe'] });
  closeSync(input);
  let echoed = 0;
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    echoed += chunk.length;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve) => {
    child.once('close', (code) => {
      const fields = readFileSync(out, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
      rmSync(out, { force: true });
      const [wall, user, system] = fields;
      if (code !== 0 || echoed !== stream.bytes || wall === undefined || user === undefined || system === undefined) {
        problems.push(`${argv.join(' ')}: exit ${code}, echoed ${echoed} of ${stream.bytes} bytes ${stderr.slice(0, 300)}`);
        resolve(null);
        return;
      }
      resolve({ wallS: wall, cpuS: round(user + system, 2) });
    });
  });
}

/**
 * The same mode (`args` after the CLI) of two builds, `reps` pairs interleaved: the order
 * within a pair alternates (AB, BA, …) so that neither build always runs first on a
 * machine whose load drifts, and each pair gives one ratio. On a shared, loaded machine
 * CPU time (every thread, user and system) moves much less than wall time, so both are kept.
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
  const once = (cli: string): Promise<TimedRun | null> => timed([node, cli, ...args], stream, problems);
  for (let rep = 0; rep < reps; rep += 1) {
    const load = uptimeLoad();
    let baseline: TimedRun | null;
    let current: TimedRun | null;
    if (rep % 2 === 0) {
      baseline = await once(baselineCli);
      current = await once(currentCli);
    } else {
      current = await once(currentCli);
      baseline = await once(baselineCli);
    }
    pairs.push({ baseline, current, load });
    const show = (run: TimedRun | null): string => (run === null ? 'invalid' : `${run.wallS} s wall, ${run.cpuS} s CPU`);
    log(`  pair ${rep + 1}/${reps}: baseline ${show(baseline)}; this build ${show(current)}; load ${load}`);
  }
  const valid = pairs.filter((pair): pair is PairedRun & { baseline: TimedRun; current: TimedRun } => pair.baseline !== null && pair.current !== null);
  const cpuCosts = valid.map((pair) => round(pair.current.cpuS / pair.baseline.cpuS - 1, 4));
  const wallCosts = valid.map((pair) => round(pair.current.wallS / pair.baseline.wallS - 1, 4));
  return {
    pairs,
    cpuCosts,
    wallCosts,
    medianCpuCost: cpuCosts.length === 0 ? null : median(cpuCosts),
    medianWallCost: wallCosts.length === 0 ? null : median(wallCosts),
    problems,
  };
}
