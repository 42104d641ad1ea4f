import { CLEAR_LINE } from '../report/terminal.js';
import type { Clock } from '../judging/clock.js';
import type { SinkIo } from '../judging/outputs.js';

/** Where replay stands. */
export interface ReplayFigures {
  /** Requests answered or failed. */
  readonly done: number;
  /** Requests in the capture, when known before the end (not for stdin). */
  readonly total: number | null;
  /** Requests that timed out or whose connection failed. */
  readonly failed: number;
  /** Exchanges judged `error` so far. */
  readonly errors: number;
  readonly elapsedMs: number;
}

const BAR_WIDTH = 24;
/** How often the bar is redrawn on a terminal. */
export const BAR_REDRAW_MS = 200;

function rate(figures: ReplayFigures): string {
  const seconds = figures.elapsedMs / 1000;
  return `${(seconds > 0 ? figures.done / seconds : 0).toFixed(1)} req/s`;
}

function counts(figures: ReplayFigures): string {
  return `${figures.errors} error${figures.errors === 1 ? '' : 's'}, ${figures.failed} failed`;
}

/** The terminal bar, without newline: `replay [#####.....] 40/100 40% | 85.2 req/s | 2 errors, 1 failed`. */
export function formatReplayBar(figures: ReplayFigures): string {
  if (figures.total === null || figures.total === 0) return `replay ${figures.done} sent | ${rate(figures)} | ${counts(figures)}`;
  const share = Math.min(1, figures.done / figures.total);
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  return `replay ${bar} ${figures.done}/${figures.total} ${Math.floor(share * 100)}% | ${rate(figures)} | ${counts(figures)}`;
}

/** A plain progress line, without newline: `replay: 40/100 sent, 85.2 req/s, 2 errors, 1 failed`. */
export function formatReplayLine(figures: ReplayFigures): string {
  const done = figures.total === null ? `${figures.done}` : `${figures.done}/${figures.total}`;
  return `replay: ${done} sent, ${rate(figures)}, ${counts(figures)}`;
}

/**
 * Replay progress on stderr: on a terminal a bar redrawn in place every BAR_REDRAW_MS;
 * otherwise a plain line every `intervalMs`. With `intervalMs` 0 (`--progress-interval 0`,
 * `--quiet`) there is neither. `io` is the wrapped I/O every other output must write
 * through, so that the bar is cleared before their lines.
 */
export class ReplayProgress {
  readonly #io: SinkIo;
  readonly #isTTY: boolean;
  readonly #intervalMs: number;
  readonly #clock: Clock;
  #barOnScreen = false;
  #stop: (() => void) | null = null;

  constructor(io: SinkIo, intervalMs: number, clock: Clock) {
    this.#io = io;
    this.#isTTY = io.stderr.isTTY === true;
    this.#intervalMs = intervalMs;
    this.#clock = clock;
  }

  /** The process I/O with a stderr that clears the bar before writing. */
  get io(): SinkIo {
    const stderr = {
      write: (text: string): unknown => {
        this.#clear();
        return this.#io.stderr.write(text);
      },
      isTTY: this.#isTTY,
    };
    return { stderr, env: this.#io.env };
  }

  /** Starts drawing; `figures` is asked for the current state at each redraw. */
  start(figures: () => ReplayFigures): void {
    if (this.#intervalMs === 0) return;
    if (this.#isTTY) {
      this.#stop = this.#clock.every(BAR_REDRAW_MS, () => {
        this.#io.stderr.write(CLEAR_LINE + formatReplayBar(figures()));
        this.#barOnScreen = true;
      });
    } else {
      this.#stop = this.#clock.every(this.#intervalMs, () => this.#io.stderr.write(`${formatReplayLine(figures())}\n`));
    }
  }

  /** Stops drawing and clears the bar. */
  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.#clear();
  }

  #clear(): void {
    if (!this.#barOnScreen) return;
    this.#barOnScreen = false;
    this.#io.stderr.write(CLEAR_LINE);
  }
}
