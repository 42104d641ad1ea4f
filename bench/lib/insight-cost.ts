import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/config.js';
import { systemClock } from '../../src/judging/clock.js';
import { MIDDLEWARE_GATE } from '../../src/judging/exit-policy.js';
import { buildOutputs } from '../../src/judging/outputs.js';
import { startJudging } from '../../src/judging/pipeline.js';
import type { BenchStream } from './bench-streams.js';
import { median, round } from './numbers.js';
import { uptimeLoad } from './paired-bench.js';

/** Bytes handed to the pipeline at a time, with a turn of the event loop between, as the analysis thread does. */
const SLICE_BYTES = 64 * 1024;

/** One pair of runs on the same input, the insight layer on and off, in CPU milliseconds (every thread of this process). */
export interface InsightCostPair {
  readonly onMs: number;
  readonly offMs: number;
  /** on ÷ off − 1. */
  readonly cost: number;
  readonly load: string;
}

export interface InsightCostResult {
  readonly stream: string;
  /** `without a report` or `with --report`. */
  readonly variant: string;
  readonly pairs: InsightCostPair[];
  readonly medianCost: number;
  readonly medianOnMs: number;
  readonly medianOffMs: number;
  /** Size of the last report written with the insight on and off (null without a report). */
  readonly reportBytes: { readonly on: number; readonly off: number } | null;
}

/** The config `--preset robot -q --no-log-file [--report PATH]` gives in middleware mode. */
export function robotConfig(report: string | null): Config {
  return loadConfig({ preset: 'robot', quiet: true, logFile: false, color: false, ...(report === null ? {} : { report }) }, undefined, () => '', {}, 'middleware');
}

/** Unmeasured pairs first: the first measured runs were still slower while the code warmed up. */
const WARM_UP_PAIRS = 2;

/** Pause before each run, so that the collector's background work on the previous run's heap is done. */
const SETTLE_MS = 50;

/**
 * Judges `input` once, as the analysis thread would (the real outputs and clock, slices of
 * 64 KiB with a turn of the event loop between, so the report's timer runs), and returns
 * the CPU time taken. No collection is forced: setting `--expose-gc` at run time slowed
 * every run and widened the gap between on and off, so what a run leaves to collect falls
 * on the next one, which the alternating order shares out.
 */
export async function judgeOnce(input: Buffer, config: Config, withoutInsight: boolean): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const started = process.cpuUsage();
  const io = { stderr: { write: (): boolean => true, isTTY: false }, env: {} };
  const outputs = await buildOutputs(config, io, systemClock);
  const judging = await startJudging(config, outputs, systemClock, MIDDLEWARE_GATE, undefined, new Map(), { withoutInsight });
  for (let at = 0; at < input.length; at += SLICE_BYTES) {
    judging.chunk(input.subarray(at, at + SLICE_BYTES));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await judging.finish(true);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/**
 * The CPU cost of the insight layer on each stream, without and with a report: `reps`
 * pairs per stream and variant, the order within a pair alternating (on first, then off
 * first) so that a drift of the machine's load falls on both alike, after unmeasured
 * runs of each (warm code). In one process, no start-up: only the judging's own work. Run
 * it before anything that sets V8 flags at run time in this process (the heap part does).
 */
export async function runInsightCost(streams: readonly BenchStream[], reps: number, log: (line: string) => void): Promise<InsightCostResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gd-bench-insight-'));
  const results: InsightCostResult[] = [];
  try {
    for (const stream of streams) {
      const input = readFileSync(stream.path);
      for (const variant of ['without a report', 'with --report'] as const) {
        const report = variant === 'with --report' ? join(dir, `${stream.name}.json`) : null;
        const config = robotConfig(report);
        const sizes = { on: 0, off: 0 };
        const once = async (on: boolean): Promise<number> => {
          const ms = await judgeOnce(input, config, !on);
          if (report !== null) sizes[on ? 'on' : 'off'] = statSync(report).size;
          return ms;
        };
        for (let warm = 0; warm < WARM_UP_PAIRS; warm += 1) {
          await once(true);
          await once(false);
        }
        const pairs: InsightCostPair[] = [];
        for (let rep = 0; rep < reps; rep += 1) {
          const load = uptimeLoad();
          let onMs: number;
          let offMs: number;
          if (rep % 2 === 0) {
            onMs = await once(true);
            offMs = await once(false);
          } else {
            offMs = await once(false);
            onMs = await once(true);
          }
          const pair = { onMs: round(onMs, 1), offMs: round(offMs, 1), cost: round(onMs / offMs - 1, 4), load };
          pairs.push(pair);
          log(`  ${stream.name}, ${variant}, pair ${rep + 1}/${reps}: on ${pair.onMs} ms, off ${pair.offMs} ms CPU (${(pair.cost * 100).toFixed(1)}%); load ${load}`);
        }
        results.push({
          stream: stream.name,
          variant,
          pairs,
          medianCost: round(median(pairs.map((pair) => pair.cost)), 4),
          medianOnMs: round(median(pairs.map((pair) => pair.onMs)), 1),
          medianOffMs: round(median(pairs.map((pair) => pair.offMs)), 1),
          reportBytes: report === null ? null : sizes,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** One line per stream and variant: the medians and every pair's cost. */
export function formatInsightCost(results: readonly InsightCostResult[]): string {
  const pct = (cost: number): string => `${(cost * 100).toFixed(1)}%`;
  return results
    .map((result) => {
      const report = result.reportBytes === null ? '' : `; report ${result.reportBytes.on} bytes (off: ${result.reportBytes.off})`;
      return `${result.stream}, ${result.variant}: median cost ${pct(result.medianCost)} (CPU ${result.medianOnMs} ms on, ${result.medianOffMs} ms off); per pair ${result.pairs.map((pair) => pct(pair.cost)).join(', ')}${report}`;
    })
    .join('\n');
}
