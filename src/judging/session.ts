import type { Config } from '../config/config.js';
import type { EngineSink } from './engine.js';
import type { Clock } from './clock.js';
import type { ResultSink } from '../report/result-sink.js';
import { exitCodeFor } from '../report/exit-code.js';
import { Stats } from '../report/stats.js';
import { LineSplitter } from '../protocol/line-splitter.js';

/**
 * What a session feeds its lines to: the judging `Engine`, or a `MessageCounter` when no
 * route is watched (which spares loading the judging code at all).
 */
export interface LineAnalyser {
  /** Analyses one input line (without its LF); `now` in ms. */
  line(line: Buffer, now: number): void;
  /** A line too long to analyse (it was echoed all the same). */
  oversized(): void;
  /** Expires what has waited too long. */
  sweep(now: number): void;
  /** End of input: whatever is pending is reported. */
  finish(): void;
  /** Exchanges waiting for a message. */
  readonly pending: number;
}

/** How often pending exchanges are checked for expiry, at most. */
const MAX_SWEEP_INTERVAL_MS = 1000;

/**
 * One run of judging: stats, the engine and the sinks, fed with hex lines (or raw
 * chunks through its splitter) by whichever front end drives it (middleware, compare,
 * replay). `finish()` drains pending exchanges, closes every sink and returns the exit code.
 */
export class Session<A extends LineAnalyser = LineAnalyser> {
  readonly stats: Stats;
  readonly engine: A;
  readonly #config: Config;
  readonly #clock: Clock;
  readonly #sinks: readonly ResultSink[];
  readonly #splitter: LineSplitter;
  readonly #stopTimers: Array<() => void> = [];
  readonly #warn: (message: string) => void;
  #analysisFailures = 0;

  /** `createAnalyser` builds the analyser (usually `(sink) => new Engine(config, sink)`) around the session's sink. */
  constructor(config: Config, sinks: readonly ResultSink[], clock: Clock, warn: (message: string) => void, createAnalyser: (sink: EngineSink) => A) {
    this.#config = config;
    this.#clock = clock;
    this.#sinks = sinks;
    this.#warn = warn;
    this.stats = new Stats(clock.now());
    this.engine = createAnalyser(this.#engineSink());
    this.#splitter = new LineSplitter({
      line: (line) => this.line(line),
      oversized: () => this.engine.oversized(),
      // The analysers copy what they keep (hex decoding makes new buffers).
    }, config.maxLineBytes, { reuseBuffer: true });
    const sweepMs = Math.max(1, Math.min(MAX_SWEEP_INTERVAL_MS, Math.floor(config.ttlMs / 4)));
    this.#stopTimers.push(clock.every(sweepMs, () => this.#guard(() => this.engine.sweep(clock.now()))));
    this.#stopTimers.push(clock.every(Math.min(sweepMs, this.#config.reportIntervalMs), () => this.#tick()));
  }

  /** Analyses one hex line (without LF). Never throws: failures are counted and warned about. */
  line(line: Buffer): void {
    this.#guard(() => this.engine.line(line, this.#clock.now()));
  }

  /** Feeds raw stream bytes; lines are split out and analysed. */
  chunk(chunk: Buffer): void {
    this.#splitter.push(chunk);
  }

  /**
   * Stops the run: pending exchanges become incomplete, outputs are closed, and the exit
   * code is returned. At a real end of input (`inputEnded`) a final line without LF counts as
   * malformed; when reading stopped early (signal, EPIPE) that partial line was merely not read.
   */
  async finish(inputEnded = true): Promise<number> {
    for (const stop of this.#stopTimers) stop();
    if (this.#splitter.end() > 0 && inputEnded) this.stats.malformed();
    this.#guard(() => this.engine.finish());
    this.stats.setPending(0);
    const now = this.#clock.now();
    for (const sink of this.#sinks) {
      try {
        await sink.close(this.stats, now);
      } catch (error) {
        this.#warn(`could not finish output: ${(error as Error).message}`);
      }
    }
    return exitCodeFor(this.stats, this.#config.failOn);
  }

  #tick(): void {
    const now = this.#clock.now();
    this.stats.setPending(this.engine.pending);
    for (const sink of this.#sinks) this.#guard(() => sink.tick?.(now, this.stats));
  }

  #engineSink(): EngineSink {
    return {
      message: (kind) => this.stats.message(kind),
      malformed: (reason) => (reason === 'oversized' ? this.stats.oversized() : this.stats.malformed()),
      skipped: (kind) => this.stats.skip(kind),
      result: (result) => {
        this.stats.exchange(result);
        for (const sink of this.#sinks) this.#guard(() => sink.exchange(result));
      },
    };
  }

  /** Analysis must never stop the mirror: a failure is counted, warned about once, and skipped. */
  #guard(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.#analysisFailures++;
      if (this.#analysisFailures === 1) {
        this.#warn(`analysis failed and was skipped (the echo is unaffected): ${(error as Error).stack ?? String(error)}`);
      }
    }
  }
}
