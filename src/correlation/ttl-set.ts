/**
 * A set of keys that forget themselves `ttlMs` after they were added, holding at most
 * `maxSize` (the oldest go first). Pure: the caller passes `now`.
 */
export class TtlSet {
  readonly #ttlMs: number;
  readonly #maxSize: number;
  readonly #deadlines = new Map<string, number>();

  constructor(ttlMs: number, maxSize: number) {
    this.#ttlMs = ttlMs;
    this.#maxSize = maxSize;
  }

  get size(): number {
    return this.#deadlines.size;
  }

  add(key: string, now: number): void {
    this.#deadlines.delete(key);
    this.#deadlines.set(key, now + this.#ttlMs);
    if (this.#deadlines.size > this.#maxSize) {
      const oldest = this.#deadlines.keys().next().value;
      if (oldest !== undefined) this.#deadlines.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.#deadlines.has(key);
  }

  delete(key: string): void {
    this.#deadlines.delete(key);
  }

  /** Forgets every key whose time is up. */
  sweep(now: number): void {
    for (const [key, deadline] of this.#deadlines) {
      if (deadline > now) break;
      this.#deadlines.delete(key);
    }
  }
}
