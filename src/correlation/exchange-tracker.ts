import type { GorMessage } from '../protocol/gor-message.js';
import { CompletedExchanges } from './completed-exchanges.js';

/** What is missing from an exchange that never completed. */
export type Missing = 'missing_replay' | 'missing_origin';

/** A watched request with whatever answers have arrived for it. */
export interface PendingExchange<R> {
  readonly id: string;
  /** What the caller attached to the request (its route, parsed request line...). */
  readonly context: R;
  readonly request: GorMessage;
  readonly origin: GorMessage | null;
  readonly replay: GorMessage | null;
}

/** A complete exchange, ready to judge. `replayIndex` > 0 marks an extra replayed response. */
export interface CompleteExchange<R> extends PendingExchange<R> {
  readonly origin: GorMessage;
  readonly replay: GorMessage;
  readonly replayIndex: number;
}

export type TrackerEvent<R> =
  | { readonly type: 'complete'; readonly exchange: CompleteExchange<R> }
  | { readonly type: 'incomplete'; readonly exchange: PendingExchange<R>; readonly missing: readonly Missing[] }
  | { readonly type: 'evicted'; readonly exchange: PendingExchange<R> }
  /** Responses whose request never came (or came unwatched after they expired). */
  | { readonly type: 'orphaned'; readonly id: string; readonly messages: number };

interface Entry<R> {
  readonly id: string;
  deadline: number;
  context: R | null;
  request: GorMessage | null;
  origin: GorMessage | null;
  replay: GorMessage | null;
  /** Replays beyond the first that came before the exchange could complete (several --output-http). */
  extraReplays: GorMessage[] | null;
  /** Bytes held by this entry: its payloads plus MESSAGE_OVERHEAD_BYTES per message. */
  bytes: number;
}

/** Orphans may take at most 1/ORPHAN_SHARE of the pending entries. */
const ORPHAN_SHARE = 4;

/** Extra replays held per pending exchange, at most; more than that many targets is not a real set-up. */
const MAX_EARLY_REPLAYS = 16;

/**
 * What holding one message costs beside its payload: its header, buffer and entry objects
 * (measured: ~785 bytes of V8 heap per pending request, Node 20). Counted with the payload,
 * so that `maxPendingBytes` bounds memory rather than just payload bytes.
 */
export const MESSAGE_OVERHEAD_BYTES = 800;

/** Completed exchanges kept for extra replays may hold at most 1/DONE_SHARE of `maxPendingBytes`. */
const DONE_SHARE = 4;

export interface TrackerOptions {
  readonly ttlMs: number;
  readonly maxPending: number;
  /**
   * Bytes held by pending exchanges, at most (unlimited when absent): each message counts
   * its payload plus MESSAGE_OVERHEAD_BYTES. Beyond it the oldest are evicted, like beyond
   * `maxPending`. Completed exchanges remembered for extra replays hold at most a quarter
   * of it on top.
   */
  readonly maxPendingBytes?: number;
  /** How many completed exchanges are remembered for extra replays (each holds its request and origin). */
  readonly maxCompleted: number;
}

/**
 * Joins requests, original responses and replayed responses by ID, in any arrival order.
 * Pure: the caller passes `now` (ms) and gets events back; no timers, no I/O.
 *
 * - An exchange completes once it has all three messages and is reported once, plus once
 *   per extra replay that arrived before it completed (several --output-http targets). The most
 *   recent completed exchanges are remembered (CompletedExchanges, which says how many), so
 *   a later replay with the same ID is judged too, with a higher `replayIndex`; one that
 *   comes too late is reported orphaned. A request whose ID completed before starts afresh
 *   (--input-file-loop).
 * - Responses for IDs with no request yet are held as orphans until their request comes,
 *   up to a quarter of `maxPending`; beyond that they are reported orphaned at once.
 * - Pending entries expire `ttlMs` after their last message; at most `maxPending` are
 *   held, with at most `maxPendingBytes` of payloads, the oldest being evicted (and
 *   reported) first.
 */
export class ExchangeTracker<R> {
  readonly #ttlMs: number;
  readonly #maxPending: number;
  readonly #maxPendingBytes: number;
  /** Bytes held by `#entries`, as `maxPendingBytes` counts them. */
  #bytes = 0;
  /** Insertion order is expiry order, since every touch re-inserts the entry. */
  readonly #entries = new Map<string, Entry<R>>();
  readonly #done: CompletedExchanges<R>;
  /** Entries with no request yet; capped so a flood of them can never push out watched exchanges. */
  #orphans = 0;

  constructor(options: TrackerOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxPending = options.maxPending;
    this.#maxPendingBytes = options.maxPendingBytes ?? Infinity;
    this.#done = new CompletedExchanges<R>({
      ttlMs: options.ttlMs,
      maxCompleted: options.maxCompleted,
      maxBytes: this.#maxPendingBytes / DONE_SHARE,
      messageOverheadBytes: MESSAGE_OVERHEAD_BYTES,
    });
  }

  /** Bytes held by pending exchanges, as `maxPendingBytes` counts them (not counting completed ones kept for extra replays). */
  get pendingBytes(): number {
    return this.#bytes;
  }

  /** Entries awaiting a message (orphans included). */
  get pending(): number {
    return this.#entries.size;
  }

  /** A watched request arrived. */
  request(id: string, message: GorMessage, context: R, now: number): TrackerEvent<R>[] {
    const events: TrackerEvent<R>[] = [];
    this.#done.forget(id);
    let entry = this.#entries.get(id);
    if (entry !== undefined && entry.request !== null) {
      // A repeated ID starts a new exchange; the unfinished earlier one is reported first.
      this.#remove(entry);
      events.push(incomplete(entry));
      entry = undefined;
    }
    if (entry === undefined) entry = this.#create(id, now, events);
    else this.#orphans--;
    entry.request = message;
    entry.context = context;
    this.#hold(entry, message);
    return this.#after(entry, now, events);
  }

  /** An original response arrived. */
  response(id: string, message: GorMessage, now: number): TrackerEvent<R>[] {
    const events: TrackerEvent<R>[] = [];
    if (this.#done.has(id)) return events;
    const entry = this.#entries.get(id) ?? this.#createOrphan(id, now, events);
    if (entry === null || entry.origin !== null) return events;
    entry.origin = message;
    this.#hold(entry, message);
    return this.#after(entry, now, events);
  }

  /** A replayed response arrived. */
  replay(id: string, message: GorMessage, now: number): TrackerEvent<R>[] {
    const events: TrackerEvent<R>[] = [];
    const extra = this.#done.replay(id, message);
    if (extra !== null) {
      events.push({ type: 'complete', exchange: extra });
      return events;
    }
    const entry = this.#entries.get(id) ?? this.#createOrphan(id, now, events);
    if (entry === null) return events;
    if (entry.replay === null) entry.replay = message;
    else if ((entry.extraReplays ??= []).length < MAX_EARLY_REPLAYS) entry.extraReplays.push(message);
    else return this.#after(entry, now, events);
    this.#hold(entry, message);
    return this.#after(entry, now, events);
  }

  /** The original response held for this ID (pending or recently completed), if any. */
  heldOrigin(id: string): GorMessage | null {
    return this.#entries.get(id)?.origin ?? this.#done.origin(id);
  }

  /** Forgets an ID whose request turned out not to be watched (drops its orphans). */
  discard(id: string): void {
    const entry = this.#entries.get(id);
    if (entry !== undefined && entry.request === null) this.#remove(entry);
  }

  /** Expires every entry whose deadline has passed. */
  sweep(now: number): TrackerEvent<R>[] {
    const events: TrackerEvent<R>[] = [];
    for (const entry of this.#entries.values()) {
      if (entry.deadline > now) break;
      this.#remove(entry);
      events.push(expired(entry));
    }
    this.#done.sweep(now);
    return events;
  }

  /** End of input: everything still pending is reported. */
  drain(): TrackerEvent<R>[] {
    const events = [...this.#entries.values()].map((entry) => expired(entry));
    this.#entries.clear();
    this.#done.clear();
    this.#orphans = 0;
    this.#bytes = 0;
    return events;
  }

  #create(id: string, now: number, events: TrackerEvent<R>[]): Entry<R> {
    const entry: Entry<R> = {
      id, deadline: now + this.#ttlMs, context: null, request: null, origin: null, replay: null, extraReplays: null, bytes: 0,
    };
    this.#entries.set(id, entry);
    this.#evictOldest(entry, events, () => this.#entries.size > this.#maxPending);
    return entry;
  }

  /** Counts a message as held by `entry` (`#after` then enforces the byte cap). */
  #hold(entry: Entry<R>, message: GorMessage): void {
    const bytes = message.payload.length + MESSAGE_OVERHEAD_BYTES;
    entry.bytes += bytes;
    this.#bytes += bytes;
  }

  /** Evicts the oldest entries (never `keep`) while `over()` holds, reporting each. */
  #evictOldest(keep: Entry<R>, events: TrackerEvent<R>[], over: () => boolean): void {
    while (over()) {
      const oldest = this.#entries.values().next().value;
      if (oldest === undefined || oldest === keep) break;
      this.#remove(oldest);
      events.push(oldest.request !== null && oldest.context !== null
        ? { type: 'evicted', exchange: pending(oldest) }
        : { type: 'orphaned', id: oldest.id, messages: count(oldest) });
    }
  }

  /**
   * An entry for a response whose request has not come (yet). Beyond a quarter of
   * `maxPending` such entries, the response is reported orphaned at once instead of held.
   */
  #createOrphan(id: string, now: number, events: TrackerEvent<R>[]): Entry<R> | null {
    if (this.#orphans >= Math.max(1, Math.floor(this.#maxPending / ORPHAN_SHARE))) {
      events.push({ type: 'orphaned', id, messages: 1 });
      return null;
    }
    this.#orphans++;
    return this.#create(id, now, events);
  }

  #remove(entry: Entry<R>): void {
    this.#entries.delete(entry.id);
    this.#bytes -= entry.bytes;
    if (entry.request === null) this.#orphans--;
  }

  /** Re-inserts the entry at the young end, or completes it if it can. */
  #after(entry: Entry<R>, now: number, events: TrackerEvent<R>[]): TrackerEvent<R>[] {
    this.#entries.delete(entry.id);
    if (entry.request === null || entry.origin === null || entry.replay === null || entry.context === null) {
      entry.deadline = now + this.#ttlMs;
      this.#entries.set(entry.id, entry);
      this.#evictOldest(entry, events, () => this.#bytes > this.#maxPendingBytes);
      return events;
    }
    this.#bytes -= entry.bytes;
    const exchange: CompleteExchange<R> = {
      id: entry.id, context: entry.context, request: entry.request, origin: entry.origin,
      replay: entry.replay, replayIndex: 0,
    };
    events.push({ type: 'complete', exchange });
    const extra = entry.extraReplays ?? [];
    extra.forEach((replay, i) => events.push({ type: 'complete', exchange: { ...exchange, replay, replayIndex: i + 1 } }));
    this.#done.remember({ id: entry.id, context: entry.context, request: entry.request, origin: entry.origin }, 1 + extra.length, now);
    return events;
  }
}

function pending<R>(entry: Entry<R>): PendingExchange<R> {
  return {
    id: entry.id, context: entry.context as R, request: entry.request as GorMessage,
    origin: entry.origin, replay: entry.replay,
  };
}

function incomplete<R>(entry: Entry<R>): TrackerEvent<R> {
  const missing: Missing[] = [];
  if (entry.replay === null) missing.push('missing_replay');
  if (entry.origin === null) missing.push('missing_origin');
  return { type: 'incomplete', exchange: pending(entry), missing };
}

function expired<R>(entry: Entry<R>): TrackerEvent<R> {
  if (entry.request === null || entry.context === null) {
    return { type: 'orphaned', id: entry.id, messages: count(entry) };
  }
  return incomplete(entry);
}

function count<R>(entry: Entry<R>): number {
  return (entry.request ? 1 : 0) + (entry.origin ? 1 : 0) + (entry.replay ? 1 : 0);
}
