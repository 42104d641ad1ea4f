import type { GorMessage } from '../protocol/gor-message.js';
import type { CompleteExchange } from './exchange-tracker.js';

/** What is remembered of a completed exchange: everything but its replay. */
export type KeptExchange<R> = Omit<CompleteExchange<R>, 'replay' | 'replayIndex'>;

interface Done<R> {
  readonly exchange: KeptExchange<R>;
  readonly deadline: number;
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
  readonly #done = new Map<string, Done<R>>();
  #bytes = 0;
  /** True once a second replay of some ID has come: several replay targets. */
  #extraReplaysSeen = false;
  /** Until then, the IDs (and expiry) of the last `maxCompleted` completed exchanges, without payloads. */
  readonly #completedIds = new Map<string, number>();

  constructor(options: CompletedOptions) {
    this.#options = options;
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
    this.#remove(id);
    this.#completedIds.delete(id);
  }

  /** An extra replay: its exchange, complete, if it is remembered; else null (the caller holds it). */
  replay(id: string, message: GorMessage): CompleteExchange<R> | null {
    const done = this.#done.get(id);
    if (done === undefined) {
      if (!this.#extraReplaysSeen && this.#completedIds.has(id)) {
        // Too late to be judged (its exchange is no longer kept), but now every completed exchange is.
        this.#extraReplaysSeen = true;
        this.#completedIds.clear();
      }
      return null;
    }
    this.#extraReplaysSeen = true;
    return { ...done.exchange, replay: message, replayIndex: done.replays++ };
  }

  /** Remembers an exchange that has just been judged with `replays` replays. */
  remember(exchange: KeptExchange<R>, replays: number, now: number): void {
    if (replays > 1) this.#extraReplaysSeen = true;
    const { maxCompleted, maxBytes, messageOverheadBytes, ttlMs } = this.#options;
    if (maxCompleted === 0) return;
    const bytes = exchange.request.payload.length + exchange.origin.payload.length + 2 * messageOverheadBytes;
    this.#done.set(exchange.id, { exchange, deadline: now + ttlMs, replays, bytes });
    this.#bytes += bytes;
    if (!this.#extraReplaysSeen) {
      this.#completedIds.delete(exchange.id);
      this.#completedIds.set(exchange.id, now + ttlMs);
      if (this.#completedIds.size > maxCompleted) this.#completedIds.delete(this.#completedIds.keys().next().value as string);
    } else if (this.#completedIds.size > 0) this.#completedIds.clear();
    const limit = this.#extraReplaysSeen ? maxCompleted : Math.min(PROBE_COMPLETED, maxCompleted);
    while (this.#done.size > limit || this.#bytes > maxBytes) {
      const oldest = this.#done.keys().next().value;
      if (oldest === undefined) break;
      this.#remove(oldest);
    }
  }

  /** Forgets what has passed its TTL. */
  sweep(now: number): void {
    for (const done of this.#done.values()) {
      if (done.deadline > now) break;
      this.#remove(done.exchange.id);
    }
    for (const [id, deadline] of this.#completedIds) {
      if (deadline > now) break;
      this.#completedIds.delete(id);
    }
  }

  clear(): void {
    this.#done.clear();
    this.#completedIds.clear();
    this.#bytes = 0;
  }

  #remove(id: string): void {
    const done = this.#done.get(id);
    if (done === undefined) return;
    this.#done.delete(id);
    this.#bytes -= done.bytes;
  }
}
