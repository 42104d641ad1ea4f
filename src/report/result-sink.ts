import type { ExchangeResult } from '../compare/exchange-result.js';
import type { ExchangeInsight } from '../insight/insight.js';
import type { Stats } from './stats.js';

/** A consumer of judged exchanges (console, log, report file, mismatch file). */
export interface ResultSink {
  /** One judged exchange; `insight` is its cluster and risk, null for an ok one (or when they could not be had). */
  exchange(result: ExchangeResult, insight?: ExchangeInsight | null): void;
  /** Periodic work (progress line, report file); `now` in ms. */
  tick?(now: number, stats: Stats): void;
  /** Final output; called once at the end with the final stats. */
  close(stats: Stats, now: number): Promise<void>;
}
