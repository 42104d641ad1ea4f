import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { FAIL_ON_RANK } from '../compare/verdict.js';
import type { Verdict } from '../compare/verdict.js';
import type { ResultSink } from './result-sink.js';
import { Stats } from './stats.js';

/** What the metrics of a run are built from, besides the judged exchanges. */
export interface RunMetricsOptions {
  /** The configured route names: every route × verdict series exists from the start, at 0, so rates and alerts see it. */
  readonly routes: readonly string[];
  readonly version: string;
  /** Node's default process metrics (`process_*`, `nodejs_*`): for a scraped process, not for a pushed batch run. */
  readonly processMetrics: boolean;
  /** Bytes echoed but not yet analysed; 0 where the analysis runs on the echo's own thread. */
  readonly analysisLagBytes?: () => number;
}

/** A run's Prometheus registry and the sink that feeds it. */
export interface RunMetrics {
  readonly registry: Registry;
  /** Counts each judged exchange; keeps the run's Stats, read when the metrics are collected. */
  readonly sink: ResultSink;
}

/**
 * Response durations in seconds: OpenTelemetry's advised HTTP buckets, 5 ms to 10 s.
 * The same for both sides, so origin and replay quantiles compare bucket for bucket.
 */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const PREFIX = 'goreplay_diff_';
const VERDICTS = Object.keys(FAIL_ON_RANK) as Verdict[];

/**
 * The metrics of one run, named as Prometheus advises: one prefix, base units, `_total` on
 * counters, label values never in names, labels of bounded cardinality (`route` is the
 * configured route's name, never a request path). Message, skip and pending counts are read
 * from the run's Stats when scraped, so they are the report's own numbers and cost nothing
 * per message; exchanges, reasons, risk and durations are counted as each exchange is
 * judged. The skipped kinds and message types are the keys of Stats' own counters, so a
 * kind added there is exported with no change here.
 */
export function createRunMetrics(options: RunMetricsOptions): RunMetrics {
  const registry = new Registry();
  const registers = [registry];
  // Stand-in until the pipeline hands over its Stats: all zeros, with the same keys.
  let stats = new Stats(0);
  new Counter({
    name: `${PREFIX}messages_total`,
    help: 'Input lines by type: request, response, replay, malformed (not a GoReplay message), oversized (echoed, not analysed)',
    labelNames: ['type'],
    registers,
    collect() {
      this.reset();
      for (const [type, count] of Object.entries(stats.messages)) this.inc({ type }, count);
    },
  });
  new Counter({
    name: `${PREFIX}skipped_total`,
    help: 'Requests or exchanges not compared, by why: unwatched, filtered, evicted, orphaned',
    labelNames: ['kind'],
    registers,
    collect() {
      this.reset();
      for (const [kind, count] of Object.entries(stats.skipped)) this.inc({ kind }, count);
    },
  });
  new Gauge({ name: `${PREFIX}pending_exchanges`, help: 'Exchanges waiting for a message', registers, collect: gaugeOf(() => stats.pending) });
  new Gauge({
    name: `${PREFIX}pending_bytes`,
    help: 'Bytes held by pending exchanges, as --max-pending-size counts them',
    registers,
    collect: gaugeOf(() => stats.pendingBytes),
  });
  const lag = options.analysisLagBytes ?? (() => 0);
  new Gauge({ name: `${PREFIX}analysis_lag_bytes`, help: 'Bytes echoed and not yet analysed', registers, collect: gaugeOf(lag) });
  new Gauge({ name: `${PREFIX}build_info`, help: 'The running version, always 1', labelNames: ['version'], registers }).set({ version: options.version }, 1);
  const exchanges = new Counter({ name: `${PREFIX}exchanges_total`, help: 'Judged exchanges by route and verdict', labelNames: ['route', 'verdict'], registers });
  const reasons = new Counter({ name: `${PREFIX}reasons_total`, help: 'Judged exchanges by route and reason', labelNames: ['route', 'reason'], registers });
  const risks = new Counter({ name: `${PREFIX}risk_total`, help: 'Non-ok exchanges by route and risk: high, medium, low', labelNames: ['route', 'risk'], registers });
  const durations = new Histogram({
    name: `${PREFIX}response_duration_seconds`,
    help: 'Response durations by route and side: origin (production) and replay (the candidate), from gor headers',
    labelNames: ['route', 'side'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  for (const route of options.routes) {
    for (const verdict of VERDICTS) exchanges.inc({ route, verdict }, 0);
    for (const side of ['origin', 'replay']) durations.zero({ route, side });
  }
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const sink: ResultSink = {
    exchange(result, insight) {
      const { route } = result;
      exchanges.inc({ route, verdict: result.verdict });
      reasons.inc({ route, reason: result.reason });
      // The risk the report counts, taken once by the judging pipeline (null for an ok exchange).
      if (insight !== null && insight !== undefined) risks.inc({ route, risk: insight.risk });
      const { origin, replay } = result.latencyMs;
      if (origin !== null) durations.observe({ route, side: 'origin' }, origin / 1000);
      if (replay !== null) durations.observe({ route, side: 'replay' }, replay / 1000);
    },
    tick(_now, current) {
      stats = current;
    },
    async close(final) {
      stats = final;
    },
  };
  return { registry, sink };
}

function gaugeOf(read: () => number): (this: Gauge) => void {
  return function collect(this: Gauge) {
    this.set(read());
  };
}
