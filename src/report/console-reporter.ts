import type { ChalkInstance } from 'chalk';
import type { ExchangeResult } from '../compare/exchange-result.js';
import { formatExchangeDetails, formatExchangeLine, sanitizeForTerminal } from './exchange-lines.js';
import type { Redactor } from './redact.js';
import type { Stats } from './stats.js';
import { CLEAR_LINE } from './terminal.js';
import { formatProgress, formatSummary } from './summary-table.js';
import { formatBaselineLine } from './baseline-line.js';
import type { BaselineSummary } from '../insight/report-format.js';
import { formatRegressions } from './regression-summary.js';
import type { Insight } from '../insight/insight.js';
import { suggestionLines } from './suggestion-lines.js';
import type { Suggestions } from '../insight/report-format.js';

/**
 * `quiet`: nothing per exchange and no progress; `default`: one line per non-ok exchange; `verbose`: also
 * ok exchanges (one line), and under each non-ok line its bodies and full difference list.
 */
export type ConsoleMode = 'quiet' | 'default' | 'verbose';

/** Options for {@link ConsoleReporter}. */
export interface ConsoleReporterOptions {
  /** Where text goes: stderr in production. Each call is whole lines, or one progress redraw. */
  readonly write: (text: string) => void;
  /** A chalk instance at the level chosen by `colorLevel`. */
  readonly chalk: ChalkInstance;
  readonly mode: ConsoleMode;
  readonly redactor: Redactor;
  /** Largest body shown in verbose mode, in bytes (`--log-body-limit`). */
  readonly bodyLimit: number;
}

/**
 * The human report on stderr: exchanges, progress, the final summary and the tool's own
 * warnings. Holds only the progress state (last count and time, and whether a progress line
 * is on screen unterminated); every value is redacted before it is written. Never throws
 * unless `write` does.
 */
export class ConsoleReporter {
  readonly #options: ConsoleReporterOptions;
  #progressOnScreen = false;
  #lastProgressAt: number | undefined;
  #lastMessageTotal = 0;

  constructor(options: ConsoleReporterOptions) {
    this.#options = options;
  }

  /** Reports one judged exchange according to the mode. */
  exchange(result: ExchangeResult): void {
    const { mode, chalk, redactor } = this.#options;
    if (mode === 'quiet' || (mode === 'default' && result.verdict === 'ok')) return;
    let text = formatExchangeLine(result, chalk, redactor);
    if (mode === 'verbose' && result.verdict !== 'ok') {
      text += `\n${formatExchangeDetails(result, chalk, redactor, this.#options.bodyLimit)}`;
    }
    this.#emit(`${text}\n`);
  }

  /**
   * Writes the progress line for `stats` at `now` (ms): counts per verdict, messages per
   * second since the previous call (since the start for the first), and pending exchanges.
   * On a terminal (`isTTY`) it redraws one line in place; otherwise it writes a plain line.
   * Nothing in quiet mode (which prints only warnings and the summary); otherwise the caller
   * decides when, and whether, progress is shown.
   */
  progress(stats: Stats, now: number, isTTY: boolean): void {
    if (this.#options.mode === 'quiet') return;
    const since = this.#lastProgressAt ?? stats.startedAt;
    const seconds = (now - since) / 1000;
    const messages = stats.messageTotal;
    const rate = seconds > 0 ? (messages - this.#lastMessageTotal) / seconds : 0;
    this.#lastProgressAt = now;
    this.#lastMessageTotal = messages;
    const line = formatProgress({ exchanges: stats.exchanges, messagesPerSecond: Math.max(0, rate), pending: stats.pending }, this.#options.chalk);
    if (isTTY) {
      this.#options.write(CLEAR_LINE + line);
      this.#progressOnScreen = true;
    } else {
      this.#emit(`${line}\n`);
    }
  }

  /** Writes the final summary table for `stats` at `now` (ms). Printed in every mode. */
  summary(stats: Stats, now: number): void {
    this.#emit(formatSummary(stats.snapshot(now), this.#options.chalk));
  }

  /** Writes the regressions found (see formatRegressions); nothing when no exchange differed. The caller decides when. */
  regressions(insight: Insight): void {
    const text = formatRegressions(insight, this.#options.chalk);
    if (text !== '') this.#emit(text);
  }

  /** Writes how the run's clusters compare with the baseline's (see formatBaselineLine). */
  baseline(summary: BaselineSummary): void {
    this.#emit(formatBaselineLine(summary));
  }

  /** Writes one line per noise suggestion (see suggestionLines). The caller decides when: the last lines of a run. */
  suggestions(suggestions: Suggestions): void {
    for (const line of suggestionLines(suggestions)) this.notice(line);
  }

  /** Writes a line about the run (`goreplay-diff: …`): what it watches, why it fails. The caller decides when. */
  notice(text: string): void {
    this.#emit(`goreplay-diff: ${sanitizeForTerminal(text)}\n`);
  }

  /** Writes a warning about the tool itself (`goreplay-diff: warning: …`). Printed in every mode. */
  warn(text: string): void {
    const { chalk } = this.#options;
    this.#emit(`${chalk.yellow('goreplay-diff: warning:')} ${sanitizeForTerminal(text)}\n`);
  }

  /** Writes whole lines, first clearing an unterminated progress line so they do not append to it. */
  #emit(text: string): void {
    if (this.#progressOnScreen) {
      this.#progressOnScreen = false;
      text = CLEAR_LINE + text;
    }
    this.#options.write(text);
  }
}
