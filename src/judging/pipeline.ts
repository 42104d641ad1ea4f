import type { Verdict } from '../compare/verdict.js';
import type { Config } from '../config/config.js';
import type { GorMessage } from '../protocol/gor-message.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import type { ResultSink } from '../report/result-sink.js';
import { Stats } from '../report/stats.js';
import type { Analyser, AnalysisSink } from './analyser.js';
import type { Clock } from './clock.js';
import { exitCodeFor, STRICT_GATE } from './exit-policy.js';
import type { RateGate } from './exit-policy.js';
import { MessageCounter } from './message-counter.js';

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
 *   ExchangeResult ─▶ Stats and every output (outputs.ts: stderr, log, report, JUnit, mismatches)
 *
 *   finish() ─▶ pending exchanges become incomplete ─▶ outputs close ─▶ exit code (exit-policy.ts)
 *
 * With no route watched, a MessageCounter takes the Engine's place: headers are counted,
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
  /** A message too long to analyse. */
  oversized(): void;
  /** Input that is no message at all (a capture cut inside a line). */
  malformed(): void;
  /** Verdict counts so far. */
  readonly exchanges: Readonly<Record<Verdict, number>>;
  /**
   * Ends the run and returns its exit code: pending exchanges become incomplete and every
   * output is closed. `inputEnded` false (a signal, EPIPE) means the input was not read to
   * its end, so a partial last line was merely not read rather than malformed.
   */
  finish(inputEnded?: boolean): Promise<number>;
}

/** The outputs a pipeline reports to, and how it warns about the tool itself. */
export interface JudgingOutputs {
  readonly sinks: readonly ResultSink[];
  readonly warn: (message: string) => void;
}

/** How often pending exchanges are checked for expiry, at most. */
const MAX_SWEEP_INTERVAL_MS = 1000;

/**
 * Starts judging by `config`, reporting to `outputs`; `gate` decides the exit code with
 * `config.failOn`. The Engine is loaded only when a route is watched.
 */
export async function startJudging(config: Config, outputs: JudgingOutputs, clock: Clock, gate: RateGate = STRICT_GATE): Promise<Judging> {
  if (config.routes.length === 0) return new JudgingPipeline(config, outputs, clock, gate, (sink) => new MessageCounter(sink));
  const { Engine } = await import('./engine.js');
  return new JudgingPipeline(config, outputs, clock, gate, (sink) => new Engine(config, sink));
}

class JudgingPipeline implements Judging {
  readonly #stats: Stats;
  readonly #analyser: Analyser;
  readonly #config: Config;
  readonly #clock: Clock;
  readonly #gate: RateGate;
  readonly #sinks: readonly ResultSink[];
  readonly #warn: (message: string) => void;
  readonly #splitter: LineSplitter;
  readonly #stopTimers: Array<() => void> = [];
  #analysisFailures = 0;

  constructor(config: Config, outputs: JudgingOutputs, clock: Clock, gate: RateGate, createAnalyser: (sink: AnalysisSink) => Analyser) {
    this.#config = config;
    this.#clock = clock;
    this.#gate = gate;
    this.#sinks = outputs.sinks;
    this.#warn = outputs.warn;
    this.#stats = new Stats(clock.now());
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
    this.#splitter.push(bytes);
  }

  line(line: Buffer): void {
    // Written out rather than through #guard: this runs once per message.
    try {
      this.#analyser.line(line, this.#clock.now());
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

  oversized(): void {
    this.#stats.oversized();
  }

  malformed(): void {
    this.#stats.malformed();
  }

  async finish(inputEnded = true): Promise<number> {
    for (const stop of this.#stopTimers) stop();
    if (this.#splitter.end() > 0 && inputEnded) this.#stats.malformed();
    this.#guard(() => this.#analyser.finish());
    this.#stats.setPending(0);
    const now = this.#clock.now();
    for (const sink of this.#sinks) {
      try {
        await sink.close(this.#stats, now);
      } catch (error) {
        this.#warn(`could not finish output: ${(error as Error).message}`);
      }
    }
    return exitCodeFor(this.#stats.exchanges, this.#config.failOn, this.#gate);
  }

  #tick(): void {
    const now = this.#clock.now();
    this.#stats.setPending(this.#analyser.pending);
    for (const sink of this.#sinks) this.#guard(() => sink.tick?.(now, this.#stats));
  }

  #analysisSink(): AnalysisSink {
    return {
      message: (kind) => this.#stats.message(kind),
      malformed: (reason) => (reason === 'oversized' ? this.#stats.oversized() : this.#stats.malformed()),
      skipped: (kind) => this.#stats.skip(kind),
      result: (result) => {
        this.#stats.exchange(result);
        for (const sink of this.#sinks) this.#guard(() => sink.exchange(result));
      },
    };
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
