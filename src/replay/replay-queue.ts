/** Settings of {@link ReplayQueue}. */
export interface ReplayQueueOptions {
  /** Most tasks running at once (at least 1). */
  readonly concurrency: number;
  /** Most task starts per second; null for no limit. */
  readonly ratePerSecond: number | null;
  /** Current time in ms; injected for tests. */
  readonly now?: () => number;
  /** Resolves after `ms`; injected for tests. */
  readonly wait?: (ms: number) => Promise<void>;
}

const realWait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts tasks with at most `concurrency` running and, with a rate, starts spaced at least
 * 1000 / rate ms apart. `submit` resolves once its task has *started*, so a producer that
 * awaits it reads its input no faster than the tasks can run (bounded memory). A task's
 * rejection is the task's own business: the queue ignores it, so tasks should not reject.
 */
export class ReplayQueue {
  readonly #concurrency: number;
  readonly #spacingMs: number;
  readonly #now: () => number;
  readonly #wait: (ms: number) => Promise<void>;
  #running = 0;
  #nextStart = Number.NEGATIVE_INFINITY;
  #slotFreed: (() => void) | null = null;
  #idle: (() => void) | null = null;

  constructor(options: ReplayQueueOptions) {
    this.#concurrency = Math.max(1, Math.floor(options.concurrency));
    this.#spacingMs = options.ratePerSecond === null || options.ratePerSecond <= 0 ? 0 : 1000 / options.ratePerSecond;
    this.#now = options.now ?? Date.now;
    this.#wait = options.wait ?? realWait;
  }

  /** Tasks started and not yet settled. */
  get running(): number {
    return this.#running;
  }

  /** Waits for a free slot (and the rate), starts `task`, and resolves once it has started. Call one at a time. */
  async submit(task: () => Promise<void>): Promise<void> {
    while (this.#running >= this.#concurrency) {
      await new Promise<void>((resolve) => {
        this.#slotFreed = resolve;
      });
    }
    if (this.#spacingMs > 0) {
      const now = this.#now();
      const start = Math.max(now, this.#nextStart);
      this.#nextStart = start + this.#spacingMs;
      if (start > now) await this.#wait(start - now);
    }
    this.#running += 1;
    void task()
      .catch(() => {})
      .finally(() => {
        this.#running -= 1;
        const freed = this.#slotFreed;
        this.#slotFreed = null;
        freed?.();
        if (this.#running === 0) {
          const idle = this.#idle;
          this.#idle = null;
          idle?.();
        }
      });
  }

  /** Resolves once every started task has settled. */
  async drain(): Promise<void> {
    if (this.#running === 0) return;
    await new Promise<void>((resolve) => {
      this.#idle = resolve;
    });
  }
}
