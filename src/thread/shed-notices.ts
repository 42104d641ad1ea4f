/** Quiet time after which an overload is over and its count is told. */
export const SHED_QUIET_MS = 1000;

/**
 * The two stderr lines of an overload: one when shedding starts, one with the count once it
 * has stopped for SHED_QUIET_MS. Under a steady overload the backlog drains to half its
 * bound and refills every few milliseconds; each of those is part of the same overload, not
 * a new pair of lines. `end()` tells an overload still going at the end of the run.
 */
export class ShedNotices {
  readonly #warn: (message: string) => void;
  readonly #schedule: (run: () => void, ms: number) => { cancel(): void };
  /** Requests shed in the overload being told; null when there is none. */
  #count: number | null = null;
  #quiet: { cancel(): void } | null = null;

  constructor(warn: (message: string) => void, schedule: (run: () => void, ms: number) => { cancel(): void } = unrefTimer) {
    this.#warn = warn;
    this.#schedule = schedule;
  }

  started(): void {
    this.#quiet?.cancel();
    this.#quiet = null;
    if (this.#count !== null) return;
    this.#count = 0;
    this.#warn('the analysis is falling behind: new exchanges are shed (not analysed, counted as skipped) until it catches up; --overload wait judges every exchange');
  }

  stopped(shed: number): void {
    this.#count = (this.#count ?? 0) + shed;
    this.#quiet?.cancel();
    this.#quiet = this.#schedule(() => this.end(), SHED_QUIET_MS);
  }

  end(): void {
    this.#quiet?.cancel();
    this.#quiet = null;
    const count = this.#count;
    if (count === null) return;
    this.#count = null;
    this.#warn(`the analysis caught up: ${count} exchange${count === 1 ? ' was' : 's were'} shed`);
  }
}

function unrefTimer(run: () => void, ms: number): { cancel(): void } {
  const timer = setTimeout(run, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}
