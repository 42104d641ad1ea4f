import type { PayloadKind } from '../protocol/gor-message.js';
import type { ExchangeResult } from '../compare/exchange-result.js';
import type { Reason, Verdict } from '../compare/verdict.js';
import type { RouteRule } from '../compare/route-matcher.js';
import { NoiseCollector } from '../insight/noise-collector.js';
import type { Suggestions } from '../insight/report-format.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { LatencyPercentiles } from './latency-histogram.js';
import type { Baseline } from '../insight/baseline.js';
import type { Insight } from '../insight/insight.js';
import type { HistogramData, RunHeader } from '../insight/report-format.js';

/** Why a message or exchange was not compared. */
export type SkipKind = 'unwatched' | 'filtered' | 'evicted' | 'orphaned' | 'shed';

/** Counts per verdict. */
export type VerdictCounts = Record<Verdict, number>;

/** Origin and replay latency percentiles, in ms. */
export interface LatencySummary {
  readonly origin: LatencyPercentiles;
  readonly replay: LatencyPercentiles;
}

/** One route's line in the summary. */
export interface RouteSummary extends Readonly<VerdictCounts> {
  readonly latencyMs: LatencySummary;
}

/**
 * The summary report: what `--report PATH.json` holds and what the final stderr table shows.
 * Routes and reasons are sorted by name so that successive reports diff cleanly.
 */
export interface SummaryReport {
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly elapsedSeconds: number;
  /** Compared exchanges by verdict; extra replays of one ID count once each. */
  readonly exchanges: Readonly<VerdictCounts>;
  /** How many of `exchanges` were a second or later replay of the same ID. */
  readonly extraReplays: number;
  /** Exchanges waiting for a message when the report was taken. */
  readonly pending: number;
  readonly skipped: Readonly<Record<SkipKind, number>>;
  readonly messages: {
    readonly request: number;
    readonly response: number;
    readonly replay: number;
    readonly malformed: number;
    readonly oversized: number;
  };
  /** Averages over the whole run. */
  readonly rates: { readonly messagesPerSecond: number; readonly exchangesPerSecond: number };
  /** Latency over all routes. */
  readonly latencyMs: LatencySummary;
  readonly routes: Readonly<Record<string, RouteSummary>>;
  /** Count per reason seen; reasons never seen are absent. */
  readonly reasons: Readonly<Partial<Record<Reason, number>>>;
  /** What the run warned about at its end (nothing judged, and the likely cause); empty otherwise. */
  readonly warnings: readonly string[];
}

interface RouteCounters {
  readonly verdicts: VerdictCounts;
  readonly origin: LatencyHistogram;
  readonly replay: LatencyHistogram;
}

const zeroVerdicts = (): VerdictCounts => ({ ok: 0, warn: 0, error: 0, incomplete: 0 });

/**
 * Run counters for the progress line, the summary table, the JSON report and the exit code.
 * Pure: no clock inside; the caller passes `now` (ms since the epoch) where time matters.
 * Memory is bounded by the number of routes, not by traffic (latencies go to histograms).
 */
export class Stats {
  readonly startedAt: number;
  readonly messages = { request: 0, response: 0, replay: 0, malformed: 0, oversized: 0 };
  readonly exchanges: VerdictCounts = zeroVerdicts();
  readonly skipped: Record<SkipKind, number> = { unwatched: 0, filtered: 0, evicted: 0, orphaned: 0, shed: 0 };
  readonly reasons = new Map<Reason, number>();
  #extraReplays = 0;
  #pending = 0;
  #pendingBytes = 0;
  readonly #warnings: string[] = [];
  readonly #routes = new Map<string, RouteCounters>();
  readonly #origin = new LatencyHistogram();
  readonly #replay = new LatencyHistogram();
  /** Field statistics, clusters and risk, fed by the judging pipeline; null for counters alone. */
  insight: Insight | null = null;
  /** What the report says of the run itself, set by the judging pipeline (with the gates' result at the end). */
  run: RunHeader | null = null;
  /** The clusters of a previous run's report, which the report's are marked against (`--baseline`); null without. */
  baseline: Baseline | null = null;
  readonly #noise: NoiseCollector;
  readonly #observesNoise: boolean;

  /**
   * `startedAt`: when the run began, in ms since the epoch; `routes`: the configured routes, for the noise suggestions' config fragment;
   * `noise` false: no noise evidence is collected (for the bench's measure of its cost).
   */
  constructor(startedAt: number, routes: readonly RouteRule[] = [], noise = true) {
    this.startedAt = startedAt;
    this.#noise = new NoiseCollector(routes);
    this.#observesNoise = noise;
  }

  /** Counts one well-formed message of the given kind. */
  message(kind: PayloadKind): void {
    this.messages[kind] += 1;
  }

  /** Counts one input line that did not decode as a GoReplay message. */
  malformed(): void {
    this.messages.malformed += 1;
  }

  /** Counts one input line longer than the analysis limit (echoed, not analysed). */
  oversized(): void {
    this.messages.oversized += 1;
  }

  /** Counts one exchange or message that was not compared, and why. */
  skip(kind: SkipKind): void {
    this.skipped[kind] += 1;
  }

  /** Records a warning about the whole run, for the report. */
  warning(text: string): void {
    this.#warnings.push(text);
  }

  /** Sets how many exchanges are waiting for a message, and the bytes they hold. Negative values count as 0. */
  setPending(count: number, bytes = 0): void {
    this.#pending = Math.max(0, count);
    this.#pendingBytes = Math.max(0, bytes);
  }

  /** Exchanges waiting for a message, as last set. */
  get pending(): number {
    return this.#pending;
  }

  /** Bytes held by the pending exchanges, as last set. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Compared exchanges that were a second or later replay of one ID. */
  get extraReplays(): number {
    return this.#extraReplays;
  }

  /** Every message counted so far, malformed and oversized lines included. */
  get messageTotal(): number {
    const m = this.messages;
    return m.request + m.response + m.replay + m.malformed + m.oversized;
  }

  /** Compared exchanges so far, all verdicts. */
  get exchangeTotal(): number {
    const e = this.exchanges;
    return e.ok + e.warn + e.error + e.incomplete;
  }

  /** Counts one judged exchange: its verdict, reason, route and latencies (nulls skipped); `paths`: `collapsedPaths(result.diffs)` when the caller has them. */
  exchange(result: ExchangeResult, paths?: readonly string[]): void {
    this.exchanges[result.verdict] += 1;
    this.reasons.set(result.reason, (this.reasons.get(result.reason) ?? 0) + 1);
    if (result.replayIndex > 0) this.#extraReplays += 1;
    let route = this.#routes.get(result.route);
    if (route === undefined) {
      route = { verdicts: zeroVerdicts(), origin: new LatencyHistogram(), replay: new LatencyHistogram() };
      this.#routes.set(result.route, route);
    }
    route.verdicts[result.verdict] += 1;
    if (this.#observesNoise) this.#noise.observe(result, paths);
    const { origin, replay } = result.latencyMs;
    if (origin !== null) {
      route.origin.record(origin);
      this.#origin.record(origin);
    }
    if (replay !== null) {
      route.replay.record(replay);
      this.#replay.record(replay);
    }
  }

  /** The latency histograms as mergeable data, overall and by route (sorted by name). */
  latencyData(): { origin: HistogramData; replay: HistogramData; routes: Record<string, { origin: HistogramData; replay: HistogramData }> } {
    const routes: Record<string, { origin: HistogramData; replay: HistogramData }> = {};
    for (const name of [...this.#routes.keys()].sort()) {
      const route = this.#routes.get(name)!;
      Object.defineProperty(routes, name, { enumerable: true, writable: true, configurable: true, value: { origin: route.origin.toData(), replay: route.replay.toData() } });
    }
    return { origin: this.#origin.toData(), replay: this.#replay.toData(), routes };
  }

  /** The noise suggestions so far, with their evidence: the report's `suggestions`. */
  suggestions(): Suggestions {
    return this.#noise.suggestions();
  }

  /** The summary as of `now` (ms since the epoch); a fresh object each call. */
  snapshot(now: number): SummaryReport {
    const elapsedSeconds = Math.max(0, now - this.startedAt) / 1000;
    const perSecond = (count: number): number => (elapsedSeconds > 0 ? Math.round((count / elapsedSeconds) * 100) / 100 : 0);
    const routes: Record<string, RouteSummary> = {};
    for (const name of [...this.#routes.keys()].sort()) {
      const route = this.#routes.get(name)!;
      // defineProperty, because a route may be named `__proto__`.
      Object.defineProperty(routes, name, {
        enumerable: true,
        writable: true,
        configurable: true,
        value: {
          ...route.verdicts,
          latencyMs: { origin: route.origin.percentiles(), replay: route.replay.percentiles() },
        },
      });
    }
    const reasons: Partial<Record<Reason, number>> = {};
    for (const reason of [...this.reasons.keys()].sort()) reasons[reason] = this.reasons.get(reason)!;
    return {
      startedAt: new Date(this.startedAt).toISOString(),
      updatedAt: new Date(now).toISOString(),
      elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
      exchanges: { ...this.exchanges },
      extraReplays: this.#extraReplays,
      pending: this.#pending,
      skipped: { ...this.skipped },
      messages: { ...this.messages },
      rates: {
        messagesPerSecond: perSecond(this.messageTotal),
        exchangesPerSecond: perSecond(this.exchangeTotal),
      },
      latencyMs: { origin: this.#origin.percentiles(), replay: this.#replay.percentiles() },
      routes,
      reasons,
      warnings: [...this.#warnings],
    };
  }
}
