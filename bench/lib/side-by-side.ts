import type { AllocationResult } from './allocation-bench.js';
import type { StreamName } from './bench-streams.js';
import type { EchoCompletion } from './echo-completion.js';
import { kibAsMb, table } from './numbers.js';
import type { ThroughputResult } from './throughput-bench.js';

/** One figure per stream, in the order the streams were measured. */
export type PerStream<T> = ReadonlyArray<{ readonly stream: StreamName; readonly result: T }>;

/** The throughput of every mode, one group of columns per stream. */
export function throughputTable(results: PerStream<ThroughputResult>): string {
  const first = results[0]?.result;
  if (first === undefined) return '';
  const header = ['mode', ...results.flatMap(({ stream }) => [`${stream}: median wall`, 'MB/s', 'messages/s', 'peak RSS (max)', 'valid'])];
  const rows = first.modes.map((mode, index) => [
    mode.label,
    ...results.flatMap(({ result }) => {
      const m = result.modes[index];
      if (m === undefined || Number.isNaN(m.medianWallMs)) return ['n/a', 'n/a', 'n/a', '?', `0/${result.reps}`];
      return [
        `${(m.medianWallMs / 1000).toFixed(2)} s`,
        m.mbPerSecond.toFixed(1),
        String(m.messagesPerSecond),
        kibAsMb(m.maxPeakRssKb),
        `${m.wallMs.filter((ms) => ms !== null).length}/${result.reps}`,
      ];
    }),
  ]);
  return table([header, ...rows]);
}

/** The last stdout byte, echo-only beside --preset robot with shedding, and the shed counts. */
export function completionTable(results: PerStream<EchoCompletion>): string {
  return table([
    ['stream', 'echo-only last byte', 'robot (shed) last byte', 'paired ratio', 'shed per run'],
    ...results.map(({ stream, result }) => [
      stream,
      `${(result.echoOnlyMs / 1000).toFixed(3)} s`,
      `${(result.robotMs / 1000).toFixed(3)} s`,
      `${result.pairedRatio.toFixed(2)}×`,
      result.shed.map((count) => (count === null ? '?' : String(count))).join(' '),
    ]),
  ]);
}

/** Allocation per thread and per message. */
export function allocationTable(results: PerStream<AllocationResult>): string {
  return table([
    ['stream', 'thread', 'collections', 'allocated', 'per message'],
    ...results.flatMap(({ stream, result }) =>
      result.isolates
        .slice(0, 2)
        .map((isolate, index) => [
          stream,
          index === 0 ? 'analysis' : 'main',
          String(isolate.collections),
          `${(isolate.allocatedBytes / 1e6).toFixed(1)} MB`,
          `${isolate.bytesPerMessage} B`,
        ]),
    ),
  ]);
}
