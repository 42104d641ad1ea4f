import type { AllocationResult } from './allocation-bench.js';
import type { EchoCompletion } from './echo-completion.js';
import type { LatencyResult } from './latency-bench.js';
import type { MemoryResult } from './memory-bench.js';
import { pairedRatio } from './throughput-bench.js';
import type { ModeResult } from './throughput-bench.js';

/** One target of the performance budget (README, performance), checked against a measurement. */
export interface BudgetCheck {
  readonly target: string;
  readonly measured: string;
  /** Null when the measurement is missing or invalid. */
  readonly pass: boolean | null;
  /** By how much it passes or misses, in words. */
  readonly margin: string;
}

const MB = 1e6;

function check(target: string, measured: string, value: number | null, limit: number, lowerIsBetter: boolean): BudgetCheck {
  if (value === null || !Number.isFinite(value)) return { target, measured: 'not measured', pass: null, margin: '' };
  const pass = lowerIsBetter ? value <= limit : value >= limit;
  const margin = lowerIsBetter
    ? pass
      ? `${pct(1 - value / limit)} under the limit`
      : `misses by ${pct(value / limit - 1)} (must shrink ${(value / limit).toFixed(2)}×)`
    : pass
      ? `${pct(value / limit - 1)} above the target`
      : `misses by ${pct(1 - value / limit)} (must grow ${(limit / value).toFixed(2)}×)`;
  return { target, measured, pass, margin };
}

function paired(a: ModeResult | undefined, b: ModeResult | undefined): string {
  const ratio = pairedRatio(a, b);
  return ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`;
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}

/** The throughput side of the budget: echo-only vs cat, comparing vs the official library, peak RSS. */
export function throughputChecks(modes: readonly ModeResult[]): BudgetCheck[] {
  const find = (name: ModeResult['name']): ModeResult | undefined => modes.find((mode) => mode.name === name);
  const cat = find('cat');
  const official = find('official');
  const echo = find('echo');
  const robot = find('robot');
  const ratio = (a: ModeResult | undefined, b: ModeResult | undefined): number | null =>
    a === undefined || b === undefined || !(a.medianWallMs > 0) || !(b.medianWallMs > 0) ? null : a.medianWallMs / b.medianWallMs;
  const echoRatio = ratio(echo, cat);
  const speedup = ratio(official, robot);
  const robotRss = robot?.maxPeakRssKb ?? null;
  return [
    check(
      'echo only: wall time ≤ 3× cat (ratio 3/1 of medians)',
      echoRatio === null ? '' : `${echoRatio.toFixed(2)}× (paired per repetition: ${paired(echo, cat)})`,
      echoRatio,
      3,
      true,
    ),
    check(
      'compare all: ≥ 2× faster than the official library echoing (time 2/4)',
      speedup === null ? '' : `${speedup.toFixed(2)}× faster, ratio 4/2 = ${(1 / speedup).toFixed(2)} (paired 4/2: ${paired(robot, official)})`,
      speedup,
      2,
      false,
    ),
    check(
      'compare all: peak RSS < 100 MB',
      robotRss === null ? '' : `${((robotRss * 1024) / MB).toFixed(1)} MB (max of runs)`,
      robotRss === null ? null : (robotRss * 1024) / MB,
      100,
      true,
    ),
  ];
}

/** With shedding the echo keeps its speed: its last byte within 1.5× of echo-only's. */
export function echoCompletionChecks(stream: string, completion: EchoCompletion): BudgetCheck[] {
  const ratio = Number.isFinite(completion.pairedRatio) ? completion.pairedRatio : null;
  return [
    check(
      `${stream}: last stdout byte with --preset robot (shed) ≤ 1.5× echo-only's`,
      ratio === null ? '' : `${ratio.toFixed(2)}× (paired; medians ${(completion.robotMs / 1000).toFixed(2)} s vs ${(completion.echoOnlyMs / 1000).toFixed(2)} s)`,
      ratio,
      1.5,
      true,
    ),
  ];
}

/** The analysis thread's allocation per message (small-exchange stream): ≤ 1.5 KB. */
export function allocationChecks(stream: string, allocation: AllocationResult): BudgetCheck[] {
  const perMessage = allocation.problem === null ? (allocation.analysis?.bytesPerMessage ?? null) : null;
  return [check(`${stream}: analysis-thread allocation ≤ 1.5 KB per message`, perMessage === null ? '' : `${perMessage} B per message`, perMessage, 1500, true)];
}

/** 1 000 000 unanswered requests: RSS under 300 MB and evictions counted. */
export function memoryChecks(memory: MemoryResult): BudgetCheck[] {
  const rss = memory.peakRssKb === null || memory.problem !== null ? null : (memory.peakRssKb * 1024) / MB;
  const evicted = memory.problem !== null ? null : memory.evicted;
  return [
    check(`${memory.requests} unanswered requests: peak RSS < 300 MB`, rss === null ? '' : `${rss.toFixed(1)} MB`, rss, 300, true),
    evicted === null
      ? { target: 'evictions are counted in the report', measured: 'not measured', pass: null, margin: '' }
      : { target: 'evictions are counted in the report', measured: `skipped.evicted = ${evicted}`, pass: evicted > 0, margin: evicted > 0 ? '' : 'no eviction reported' },
  ];
}

/** The echo delay target: p99 under 2 ms at the steady rate. */
export function latencyChecks(latency: LatencyResult): BudgetCheck[] {
  const p99 = latency.problem === null ? latency.p99Ms : null;
  return [check(`echo delay at ${latency.targetRate} msg/s: p99 < 2 ms`, p99 === null ? '' : `p99 ${p99.toFixed(3)} ms (p50 ${latency.p50Ms.toFixed(3)} ms)`, p99, 2, true)];
}

/** One line per check: PASS, MISS or ----, the target, the measurement, the margin. */
export function formatChecks(checks: readonly BudgetCheck[]): string {
  return checks
    .map((entry) => `${entry.pass === null ? '----' : entry.pass ? 'PASS' : 'MISS'}  ${entry.target}: ${entry.measured}${entry.margin === '' ? '' : `, ${entry.margin}`}`)
    .join('\n');
}
