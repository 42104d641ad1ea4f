import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchStream } from './bench-streams.js';
import { judgeOnce, robotConfig } from './insight-cost.js';
import { round } from './numbers.js';
import { uptimeLoad } from './paired-bench.js';

/** Sampling interval of the profiler, in microseconds: enough samples in a few passes for a share of a few percent to be read to a tenth. */
const SAMPLING_US = 100;

/** Frames of the insight layer: its own modules, and the examples it has built. */
const INSIGHT_FRAME = /\/insight\/[^/]+\.js$|\/report\/cluster-example\.js$/;
/** The report writer (rendering the report and writing its file). */
const REPORT_WRITE_FRAME = /\/report\/report-file\.js$/;
/** Samples where the thread did nothing. */
const IDLE = new Set(['(idle)', '(program)']);

/** What share of one stream's judging CPU the insight layer takes, read from a CPU profile. */
export interface InsightShare {
  readonly stream: string;
  readonly variant: string;
  readonly passes: number;
  /** Samples taken while busy (idle ones left out). */
  readonly samples: number;
  /** Share of busy samples with an insight frame on the stack (garbage collection not included). */
  readonly insight: number;
  /** Share of busy samples writing the report (with a report only). */
  readonly reportWrite: number;
  /** Share of busy samples collecting garbage, for every part of the judging together. */
  readonly gc: number;
  readonly load: string;
}

/**
 * The insight layer's share of the judging's CPU, from the V8 profiler sampling every
 * {@link SAMPLING_US} µs over `passes` passes with the layer on (after one unprofiled pass).
 * A second reading beside the paired on/off times: within one run, so the machine's drift and
 * the garbage left from one run to the next do not blur it, but it cannot see the collections
 * the layer's allocations cause (measured separately: a few percent of what the judging allocates).
 */
export async function runInsightShare(streams: readonly BenchStream[], passes: number, log: (line: string) => void): Promise<InsightShare[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gd-bench-share-'));
  const session = new Session();
  session.connect();
  const results: InsightShare[] = [];
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    for (const stream of streams) {
      const input = readFileSync(stream.path);
      for (const variant of ['without a report', 'with --report'] as const) {
        const config = robotConfig(variant === 'with --report' ? join(dir, `${stream.name}.json`) : null);
        await judgeOnce(input, config, false);
        const load = uptimeLoad();
        await session.post('Profiler.start');
        for (let pass = 0; pass < passes; pass += 1) await judgeOnce(input, config, false);
        const { profile } = await session.post('Profiler.stop');
        const share = sharesOf(profile);
        const result = { stream: stream.name, variant, passes, ...share, load };
        log(`  ${stream.name}, ${variant}: ${share.samples} busy samples`);
        results.push(result);
      }
    }
  } finally {
    session.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** Shares of the busy samples of `profile` spent in the insight layer, the report writer and the collector. */
export function sharesOf(profile: Profiler.Profile): { samples: number; insight: number; reportWrite: number; gc: number } {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  // Each node's flags, found once: whether an insight or report-writing frame is on its stack.
  const flags = new Map<number, number>();
  const flagsOf = (id: number): number => {
    const known = flags.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    const up = parent.get(id);
    let own = 0;
    if (node !== undefined) {
      if (INSIGHT_FRAME.test(node.callFrame.url)) own |= 1;
      if (REPORT_WRITE_FRAME.test(node.callFrame.url)) own |= 2;
    }
    const all = own | (up === undefined ? 0 : flagsOf(up));
    flags.set(id, all);
    return all;
  };
  let busy = 0;
  let insight = 0;
  let reportWrite = 0;
  let gc = 0;
  for (const id of profile.samples ?? []) {
    const name = nodes.get(id)?.callFrame.functionName ?? '';
    if (IDLE.has(name)) continue;
    busy += 1;
    if (name === '(garbage collector)') gc += 1;
    const flag = flagsOf(id);
    if (flag & 1) insight += 1;
    else if (flag & 2) reportWrite += 1;
  }
  const share = (count: number): number => (busy === 0 ? 0 : round(count / busy, 4));
  return { samples: busy, insight: share(insight), reportWrite: share(reportWrite), gc: share(gc) };
}

/** One line per stream and variant. */
export function formatInsightShare(results: readonly InsightShare[]): string {
  const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
  return results
    .map((result) => {
      const report = result.variant === 'with --report' ? `, writing the report ${pct(result.reportWrite)}` : '';
      return `${result.stream}, ${result.variant}: insight layer ${pct(result.insight)} of the judging's busy CPU${report} (collector ${pct(result.gc)}, all parts together; ${result.samples} samples over ${result.passes} passes; load ${result.load})`;
    })
    .join('\n');
}
