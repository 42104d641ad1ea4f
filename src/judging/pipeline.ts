import type { PluginComparator } from '../compare/plugin-comparator.js';
import type { Verdict } from '../compare/verdict.js';
import type { Config } from '../config/config.js';
import type { GorMessage } from '../protocol/gor-message.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import type { ResultSink } from '../report/result-sink.js';
import { Stats } from '../report/stats.js';
import type { Analyser, AnalysisSink } from './analyser.js';
import type { Clock } from './clock.js';
import { shortfallLine } from '../report/run-hints.js';
import type { RunFacts } from '../report/run-hints.js';
import { markedClusters } from '../insight/baseline.js';
import { exitCodeFor, failsForTooFew, gateLevel, MIDDLEWARE_GATE, type RateGate } from './exit-policy.js';
import { MessageCounter } from './message-counter.js';
import { Insight, type ExchangeInsight } from '../insight/insight.js';
import { collapsedPaths } from '../insight/fingerprint.js';
import type { ExchangeResult } from '../compare/exchange-result.js';
import { bareClusterExample, clusterExample } from '../report/cluster-example.js';
import { createRedactor, type Redactor } from '../report/redact.js';
import { MIDDLEWARE_SOURCE, runHeader } from './run-header.js';
import type { RunSource } from './run-header.js';

/*
 * How input becomes verdicts. Read this file first.
 *
 *   raw middleware bytes (already echoed) ─ chunk() ─▶ LineSplitter ─┐
 *   hex lines of a capture ──────────────── line() ─────────────────┤
 *   messages of a .gor capture ──────────── message() ──────────────┤
 *   requests whose replay failed ────────── replayFailed() ─────────┤
 *                                                                   ▼
 *   Engine (engine.ts)  decode the header ─▶ route and filter the request
 *                       ─▶ pair request, origin and replay by ID (correlation/)
 *                       ─▶ judge: status, body, the route's comparator (compare/)
 *                                                                   ▼
 *   ExchangeResult ─▶ Stats, Insight (fields, clusters, risk) ─▶ every output (outputs.ts:
 *                     stderr, log, report, JUnit, mismatches), with the exchange's cluster and risk
 *
 *   finish() ─▶ pending exchanges become incomplete ─▶ outputs close ─▶ exit code (exit-policy.ts)
 *
 * With `--echo-only`, a MessageCounter takes the Engine's place: headers are counted,
 * nothing is judged, and the judging code is never loaded. Nothing here reads stdin or
 * writes stdout: the echo (echo/) and the front ends (modes/) do.
 */

/** The judging core as every front end drives it. No method throws: failures are counted and warned about. */
export interface Judging {
  /** Raw middleware bytes, already echoed: split into lines and analysed. */
  chunk(bytes: Buffer): void;
  /** One hex line as gor sends it, without its LF. */
  line(line: Buffer): void;
  /** One message decoded from a `.gor` capture. */
  message(message: GorMessage): void;
  /** A request whose replay could not be obtained: judged incomplete (`replay_failed`) with `detail`. */
  replayFailed(request: GorMessage, origin: GorMessage | null, detail: string): void;
  /** A request the middleware shed under overload (see Analyser.shed). */
  shed(id: string): void;
  /** A message too long to analyse. */
  oversized(): void;
  /** A capture record that is no message at all (a header the middleware protocol cannot carry, a record gor skips). */
  malformed(): void;
  /** Verdict counts so far. */
  readonly exchanges: Readonly<Record<Verdict, number>>;
  /**
   * Ends the run and returns its exit code: pending exchanges become incomplete and every
   * output is closed. A last line without LF is analysed like any other line when
   * `inputEnded`; false (a signal, EPIPE) means the input was not read to its end, so such a
   * partial line was merely not read, and is dropped. When fewer exchanges were judged than
   * the gate needs (at least one), one line says so and why (`replay`: what replay mode
   * knows of it), as the failure when it fails the run, else as a warning; the report holds it too.
   */
  finish(inputEnded?: boolean, replay?: RunFacts['replay']): Promise<number>;
}

/** The outputs a pipeline reports to, and how it warns about the tool itself. */
export interface JudgingOutputs {
  readonly sinks: readonly ResultSink[];
  readonly warn: (message: string) => void;
  /** Says why the run fails when that is not a verdict (too few judged); a warning when absent. */
  readonly fail?: (message: string) => void;
  /** How cluster examples are redacted: the outputs' redactor; one from `config.redact` when absent. */
  readonly redactor?: Redactor;
}

/**
 * Not an option: exists for the bench alone (`npm run bench -- --only insight-cost`), which
 * judges the same stream with and without the insight layer (field statistics, clusters,
 * risk, noise evidence) to measure what that layer costs.
 */
export interface JudgingInternals {
  readonly withoutInsight?: boolean;
}

const NO_PATHS: readonly string[] = Object.freeze([]);

/** How often pending exchanges are checked for expiry, at most. */
const MAX_SWEEP_INTERVAL_MS = 1000;

/**
 * Starts judging by `config`, reporting to `outputs`; `gate` decides the exit code with
 * `config.failOn`; `plugins` are the comparators of the loaded modules (see plugin-loader.ts).
 * The Engine is loaded only when something is judged (not `--echo-only`).
 */
export async function startJudging(
  config: Config,
  outputs: JudgingOutputs,
  clock: Clock,
  gate: RateGate = MIDDLEWARE_GATE,
  source: RunSource = MIDDLEWARE_SOURCE,
  plugins: ReadonlyMap<string, PluginComparator> = new Map(),
  internals: JudgingInternals = {},
): Promise<Judging> {
  if (config.echoOnly) return new JudgingPipeline(config, outputs, clock, gate, source, (sink) => new MessageCounter(sink), internals);
  const [{ Engine }, { bindPlugins }] = await Promise.all([import('./engine.js'), import('../compare/plugin-exchange.js')]);
  // Timed by the run's clock, so tests can make a comparator slow without waiting.
  const bound = bindPlugins(plugins, { timeoutMs: config.comparatorTimeoutMs, now: () => clock.now() });
  return new JudgingPipeline(config, outputs, clock, gate, source, (sink) => new Engine(config, sink, bound), internals);
}

class JudgingPipeline implements Judging {
  readonly #stats: Stats;
  readonly #insight: Insight | null;
  readonly #analyser: Analyser;
  readonly #config: Config;
  readonly #clock: Clock;
  readonly #gate: RateGate;
  readonly #sinks: readonly ResultSink[];
  readonly #warn: (message: string) => void;
  readonly #fail: (message: string) => void;
  readonly #splitter: LineSplitter;
  /** The time the chunk being split was taken at; null outside `chunk`. */
  #chunkTime: number | null = null;
  readonly #stopTimers: Array<() => void> = [];
  #analysisFailures = 0;

  constructor(
    config: Config,
    outputs: JudgingOutputs,
    clock: Clock,
    gate: RateGate,
    source: RunSource,
    createAnalyser: (sink: AnalysisSink) => Analyser,
    internals: JudgingInternals,
  ) {
    this.#config = config;
    this.#clock = clock;
    this.#gate = gate;
    this.#sinks = outputs.sinks;
    this.#warn = outputs.warn;
    this.#fail = outputs.fail ?? outputs.warn;
    const withInsight = internals.withoutInsight !== true;
    this.#stats = new Stats(clock.now(), config.routes, withInsight);
    const redactor = outputs.redactor ?? createRedactor({ bodyPaths: config.redact });
    this.#insight = new Insight({
      maxFieldPaths: config.maxFieldPaths,
      maxClusters: config.maxClusters,
      // Only the JSON and HTML reports show examples' content.
      example: config.report === null && config.html === null ? bareClusterExample : (result, at) => clusterExample(result, at, redactor, config.log.bodyLimit),
    });
    if (!withInsight) this.#insight = null;
    this.#stats.insight = this.#insight;
    this.#stats.baseline = config.baseline;
    this.#stats.run = runHeader(config, source, gate, { failOnNew: config.failOnNew });
    this.#analyser = createAnalyser(this.#analysisSink());
    // The analysers copy what they keep, so the splitter may hand out views of one reused buffer.
    this.#splitter = new LineSplitter({ line: (line) => this.line(line), oversized: () => this.oversized() }, config.maxLineBytes, { reuseBuffer: true });
    const sweepMs = Math.max(1, Math.min(MAX_SWEEP_INTERVAL_MS, Math.floor(config.ttlMs / 4)));
    this.#stopTimers.push(clock.every(sweepMs, () => this.#guard(() => this.#analyser.sweep(clock.now()))));
    this.#stopTimers.push(clock.every(Math.min(sweepMs, config.reportIntervalMs), () => this.#tick()));
  }

  get exchanges(): Readonly<Record<Verdict, number>> {
    return this.#stats.exchanges;
  }

  chunk(bytes: Buffer): void {
    // Read once per chunk, not per line (each reading made a heap number): a 64 KiB
    // slice is judged in about a millisecond; a 1 MiB chunk in process or a slow comparator takes
    // longer, and a line's time is its chunk's start, which can only shorten its TTL.
    this.#chunkTime = this.#clock.now();
    this.#splitter.push(bytes);
    this.#chunkTime = null;
  }

  line(line: Buffer): void {
    // Written out rather than through #guard: this runs once per message.
    try {
      this.#analyser.line(line, this.#chunkTime ?? this.#clock.now());
    } catch (error) {
      this.#failed(error);
    }
  }

  message(message: GorMessage): void {
    this.#guard(() => this.#analyser.message(message, this.#clock.now()));
  }

  replayFailed(request: GorMessage, origin: GorMessage | null, detail: string): void {
    this.#guard(() => this.#analyser.replayFailed(request, origin, detail, this.#clock.now()));
  }

  shed(id: string): void {
    this.#guard(() => this.#analyser.shed(id, this.#clock.now()));
  }

  oversized(): void {
    this.#stats.oversized();
  }

  malformed(): void {
    this.#stats.malformed();
  }

  async finish(inputEnded = true, replay?: RunFacts['replay']): Promise<number> {
    for (const stop of this.#stopTimers) stop();
    this.#chunkTime = null; // a chunk whose splitting threw would have left it set
    // The input's last line, LF or not, is judged like any other; unless reading stopped early.
    this.#splitter.end(inputEnded);
    this.#guard(() => this.#analyser.finish());
    this.#stats.setPending(0);
    const now = this.#clock.now();
    let shortfall: string | null = null;
    this.#guard(() => {
      shortfall = this.#shortfall(now, replay);
    });
    if (shortfall !== null) this.#stats.warning(shortfall);
    const failOn = gateLevel(this.#config.failOn, this.#config.failOnNew);
    // --fail-on-new: only the exchanges of clusters the baseline did not have are failing.
    const onlyNew = this.#config.failOnNew ? markedClusters(this.#insight?.clustersSnapshot() ?? { items: [], overflow: 0 }, this.#config.baseline).clusters : undefined;
    const code = exitCodeFor(this.#stats.exchanges, failOn, this.#gate, onlyNew);
    const run = this.#stats.run;
    if (run !== null) this.#stats.run = { ...run, gates: { ...run.gates, result: code === 0 ? 'pass' : 'fail' } };
    for (const sink of this.#sinks) {
      try {
        await sink.close(this.#stats, now);
      } catch (error) {
        this.#warn(`could not finish output: ${(error as Error).message}`);
      }
    }
    const { exchanges } = this.#stats;
    // After the summary, so that it is the last thing a CI log shows.
    if (shortfall !== null) (failsForTooFew(exchanges, failOn, this.#gate) ? this.#fail : this.#warn)(shortfall);
    return code;
  }

  /** Why too few exchanges were judged, or null; never with --echo-only, which judges nothing on purpose. */
  #shortfall(now: number, replay: RunFacts['replay']): string | null {
    if (this.#config.echoOnly) return null;
    const { exchanges, messages, skipped, reasons } = this.#stats.snapshot(now);
    const facts: RunFacts = { exchanges, messages, skipped, reasons, routes: this.#config.routes.map((route) => route.name), ...(replay === undefined ? {} : { replay }) };
    return shortfallLine(facts, Math.max(1, this.#gate.minSamples));
  }

  #tick(): void {
    const now = this.#clock.now();
    this.#stats.setPending(this.#analyser.pending, this.#analyser.pendingBytes);
    for (const sink of this.#sinks) this.#guard(() => sink.tick?.(now, this.#stats));
  }

  #analysisSink(): AnalysisSink {
    return {
      message: (kind) => this.#stats.message(kind),
      malformed: (reason) => (reason === 'oversized' ? this.#stats.oversized() : this.#stats.malformed()),
      skipped: (kind) => this.#stats.skip(kind),
      result: (result) => {
        // Taken once for the noise evidence, the field statistics and the fingerprint (none without them).
        const paths = this.#insight === null ? NO_PATHS : collapsedPaths(result.diffs);
        this.#stats.exchange(result, paths);
        const insight = this.#insightOf(result, paths);
        for (const sink of this.#sinks) this.#guard(() => sink.exchange(result, insight));
      },
    };
  }

  /** The exchange's cluster and risk (null for an ok one), counted in the field statistics and clusters. */
  #insightOf(result: ExchangeResult, paths: readonly string[]): ExchangeInsight | null {
    if (this.#insight === null) return null;
    try {
      return this.#insight.add(result, this.#clock.now(), paths);
    } catch (error) {
      this.#failed(error);
      return null;
    }
  }

  /** Analysis must never stop the mirror: a failure is counted, warned about once, and skipped. */
  #guard(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    this.#analysisFailures++;
    if (this.#analysisFailures === 1) {
      this.#warn(`analysis failed and was skipped (the echo is unaffected): ${(error as Error).stack ?? String(error)}`);
    }
  }
}
