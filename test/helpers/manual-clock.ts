import type { Clock } from '../../src/judging/clock.js';

/** A clock the test moves by hand: `advance` runs every periodic task that falls due, in time order. */
export class ManualClock implements Clock {
  #now: number;
  #tasks: Array<{ every: number; next: number; task: () => void; stopped: boolean }> = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, task: () => void): () => void {
    const entry = { every: ms, next: this.#now + ms, task, stopped: false };
    this.#tasks.push(entry);
    return () => {
      entry.stopped = true;
    };
  }

  /** Moves time forward by `ms`, running each task at every due time on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#tasks.filter((entry) => !entry.stopped && entry.next <= end).sort((a, b) => a.next - b.next)[0];
      if (due === undefined) break;
      this.#now = due.next;
      due.next += due.every;
      due.task();
    }
    this.#now = end;
  }
}
