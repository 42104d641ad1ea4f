import type { GorMessage } from '../protocol/gor-message.js';
import type { CompleteExchange } from './exchange-tracker.js';
import { ExpiryMap } from './expiry-map.js';

/** What is remembered of a completed exchange: everything but its replay. */
export type KeptExchange<R> = Omit<CompleteExchange<R>, 'replay' | 'replayIndex'>;

interface Done<R> {
  readonly exchange: KeptExchange<R>;
  readonly touchedAt: number;
  /** Replays judged so far: the next one gets this `replayIndex`. */
  replays: number;
  /** Bytes held by its request and origin, counted as pending exchanges count them. */
  readonly bytes: number;
}

/**
 * Completed exchanges remembered (with their request and origin) until an extra replay has
 * been seen: with a single replay target there are none, and keeping 2000 exchanges cost
 * ~20 MB of RSS and ~10% of the analysis time on the bench stream.
 */
export const PROBE_COMPLETED = 64;

export interface CompletedOptions {
  readonly ttlMs: number;
  /** Exchanges remembered at most, once extra replays have been seen (PROBE_COMPLETED before). */
  readonly maxCompleted: number;
  /** Bytes their requests and origins may hold, at most (Infinity for no limit). */
  readonly maxBytes: number;
  /** What holding one message costs beside its payload. */
  readonly messageOverheadBytes: number;
}

/**
 * The recently completed exchanges of an ExchangeTracker, kept until their TTL so that a
 * later replay of the same ID (several --output-http targets) is judged too, with a higher
 * `replayIndex`: the last PROBE_COMPLETED of them until any extra replay is seen, then the
 * last `maxCompleted`. An extra replay later than that first window finds its exchange
 * gone; the IDs of the last `maxCompleted` exchanges are kept to notice it, and from then
 * on every exchange is kept. Pure: `now` is passed in.
 */
export class CompletedExchanges<R> {
  readonly #options: CompletedOptions;
  /** Holds PROBE_COMPLETED of them until extra replays are seen, then `maxCompleted`. */
  readonly #done: ExpiryMap<string, Done<R>>;
  /** True once a second replay of some ID has come: several replay targets. */
  #extraReplaysSeen = false;
  /** Until then, the IDs of the last `maxCompleted` completed exchanges (with when they completed), without payloads. */
  readonly #completedIds: ExpiryMap<string, number>;

  constructor(options: CompletedOptions) {
    this.#options = options;
    const { ttlMs, maxCompleted, maxBytes } = options;
    this.#done = new ExpiryMap<string, Done<R>>({
      maxEntries: Math.min(PROBE_COMPLETED, maxCompleted),
      ttl: { ms: ttlMs, touchedAt: (done) => done.touchedAt },
      bytes: { max: maxBytes, of: (done) => done.bytes },
    });
    this.#completedIds = new ExpiryMap<string, number>({
      maxEntries: maxCompleted,
      ttl: { ms: ttlMs, touchedAt: (completedAt) => completedAt },
    });
  }

  has(id: string): boolean {
    return this.#done.has(id);
  }

  /** The original response of a remembered exchange, if any. */
  origin(id: string): GorMessage | null {
    return this.#done.get(id)?.exchange.origin ?? null;
  }

  /** A request reuses this ID (--input-file-loop): a new exchange, whose replay is not an extra one. */
  forget(id: string): void {
    this.#done.delete(id);
    this.#completedIds.delete(id);
  }

  /** An extra replay: its exchange, complete, if it is remembered; else null (the caller holds it). */
  replay(id: string, message: GorMessage): CompleteExchange<R> | null {
    const done = this.#done.get(id);
    if (done === undefined) {
      if (!this.#extraReplaysSeen && this.#completedIds.has(id)) {
        // Too late to be judged (its exchange is no longer kept), but now every completed exchange is.
        this.#switchKeepingOn();
        this.#completedIds.clear();
      }
      return null;
    }
    this.#switchKeepingOn();
    return { ...done.exchange, replay: message, replayIndex: done.replays++ };
  }

  /** Remembers an exchange that has just been judged with `replays` replays. */
  remember(exchange: KeptExchange<R>, replays: number, now: number): void {
    if (replays > 1) this.#switchKeepingOn();
    const { maxCompleted, messageOverheadBytes } = this.#options;
    if (maxCompleted === 0) return;
    const bytes = exchange.request.payload.length + exchange.origin.payload.length + 2 * messageOverheadBytes;
    this.#done.set(exchange.id, { exchange, touchedAt: now, replays, bytes });
    if (!this.#extraReplaysSeen) this.#completedIds.touch(exchange.id, now);
    else if (this.#completedIds.size > 0) this.#completedIds.clear();
  }

  /** Forgets what has passed its TTL. */
  sweep(now: number): void {
    this.#done.sweep(now);
    this.#completedIds.sweep(now);
  }

  clear(): void {
    this.#done.clear();
    this.#completedIds.clear();
  }

  /** Several replay targets: from now on the last `maxCompleted` exchanges are kept. */
  #switchKeepingOn(): void {
    this.#extraReplaysSeen = true;
    this.#done.maxEntries = this.#options.maxCompleted;
  }
}
