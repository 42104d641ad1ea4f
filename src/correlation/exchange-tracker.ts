import type { GorMessage } from '../protocol/gor-message.js';
import { CompletedExchanges } from './completed-exchanges.js';
import { ExpiryMap } from './expiry-map.js';

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
  /** When its last message came (ms): it expires `ttlMs` later. */
  touchedAt: number;
  context: R | null;
  request: GorMessage | null;
  origin: GorMessage | null;
  replay: GorMessage | null;
  /** Replays beyond the first that came before the exchange could complete (several --output-http). */
  extraReplays: GorMessage[] | null;
  /** Bytes held by this entry: its payloads plus MESSAGE_OVERHEAD_BYTES per message. */
  bytes: number;
}

const NO_EVENTS: readonly never[] = Object.freeze([]);

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
  /** Every message takes its entry out and puts it back at the young end, so the oldest expire first. */
  readonly #entries: ExpiryMap<string, Entry<R>>;
  readonly #done: CompletedExchanges<R>;
  /** Entries with no request yet; capped so a flood of them can never push out watched exchanges. */
  #orphans = 0;
  readonly #maxOrphans: number;
  /** What the call in progress reports; the entries evicted or expired by `#entries` are added as they go. */
  #events: TrackerEvent<R>[] = [];

  constructor(options: TrackerOptions) {
    const maxPendingBytes = options.maxPendingBytes ?? Infinity;
    this.#entries = new ExpiryMap<string, Entry<R>>({
      maxEntries: options.maxPending,
      ttl: { ms: options.ttlMs, touchedAt: (entry) => entry.touchedAt },
      bytes: { max: maxPendingBytes, of: (entry) => entry.bytes },
      // The exchange a message has just come for stays, even alone over maxPendingBytes, so it can still be judged.
      pinned: (oldest, justSet) => oldest === justSet,
      onEvict: (entry) => this.#reportEvicted(entry),
      onExpire: (entry) => this.#reportExpired(entry),
    });
    this.#maxOrphans = Math.max(1, Math.floor(options.maxPending / ORPHAN_SHARE));
    this.#done = new CompletedExchanges<R>({
      ttlMs: options.ttlMs,
      maxCompleted: options.maxCompleted,
      maxBytes: maxPendingBytes / DONE_SHARE,
      messageOverheadBytes: MESSAGE_OVERHEAD_BYTES,
    });
  }

  /** Bytes held by pending exchanges, as `maxPendingBytes` counts them (not counting completed ones kept for extra replays). */
  get pendingBytes(): number {
    return this.#entries.bytes;
  }

  /** Entries awaiting a message (orphans included). */
  get pending(): number {
    return this.#entries.size;
  }

  /** A watched request arrived. */
  request(id: string, message: GorMessage, context: R, now: number): readonly TrackerEvent<R>[] {
    this.#done.forget(id);
    let entry = this.#entries.get(id);
    if (entry !== undefined && entry.request !== null) {
      // A repeated ID starts a new exchange; the unfinished earlier one is reported first.
      this.#remove(entry);
      this.#events.push(incomplete(entry));
      entry = undefined;
    }
    if (entry === undefined) entry = newEntry(id, now);
    else this.#orphans--;
    entry.request = message;
    entry.context = context;
    return this.#received(entry, message, now);
  }

  /** An original response arrived. */
  response(id: string, message: GorMessage, now: number): readonly TrackerEvent<R>[] {
    if (this.#done.has(id)) return this.#take();
    const entry = this.#entries.get(id) ?? this.#newOrphan(id, now);
    if (entry === null || entry.origin !== null) return this.#take();
    entry.origin = message;
    return this.#received(entry, message, now);
  }

  /** A replayed response arrived. */
  replay(id: string, message: GorMessage, now: number): readonly TrackerEvent<R>[] {
    const extra = this.#done.replay(id, message);
    if (extra !== null) {
      this.#events.push({ type: 'complete', exchange: extra });
      return this.#take();
    }
    const entry = this.#entries.get(id) ?? this.#newOrphan(id, now);
    if (entry === null) return this.#take();
    if (entry.replay === null) entry.replay = message;
    else if ((entry.extraReplays ??= []).length < MAX_EARLY_REPLAYS) entry.extraReplays.push(message);
    else return this.#received(entry, null, now);
    return this.#received(entry, message, now);
  }

  /** Whether a replay of this ID would be judged at once and not held (its exchange awaits only it, or completed already). */
  replayCompletes(id: string): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined) return this.#done.has(id);
    return entry.request !== null && entry.origin !== null && entry.replay === null && entry.context !== null;
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

  /** Expires every entry whose TTL has passed since its last message. */
  sweep(now: number): readonly TrackerEvent<R>[] {
    this.#entries.sweep(now);
    this.#done.sweep(now);
    return this.#take();
  }

  /** End of input: everything still pending is reported. */
  drain(): readonly TrackerEvent<R>[] {
    for (const entry of this.#entries.values()) this.#events.push(expired(entry));
    this.#entries.clear();
    this.#done.clear();
    this.#orphans = 0;
    return this.#take();
  }

  /** Hands over what the call in progress reports; the next call starts a new list. */
  #take(): readonly TrackerEvent<R>[] {
    const events = this.#events;
    // Most messages report nothing: the list is then kept for the next call, not replaced.
    if (events.length === 0) return NO_EVENTS;
    this.#events = [];
    return events;
  }

  /**
   * An entry for a response whose request has not come (yet). Beyond a quarter of
   * `maxPending` such entries, the response is reported orphaned at once instead of held.
   */
  #newOrphan(id: string, now: number): Entry<R> | null {
    if (this.#orphans >= this.#maxOrphans) {
      this.#events.push({ type: 'orphaned', id, messages: 1 });
      return null;
    }
    this.#orphans++;
    return newEntry(id, now);
  }

  #remove(entry: Entry<R>): void {
    this.#entries.delete(entry.id);
    this.#entryLeft(entry);
  }

  /** Keeps the orphan count right when an entry leaves. */
  #entryLeft(entry: Entry<R>): void {
    if (entry.request === null) this.#orphans--;
  }

  #reportEvicted(entry: Entry<R>): void {
    this.#entryLeft(entry);
    this.#events.push(
      entry.request !== null && entry.context !== null ? { type: 'evicted', exchange: pending(entry) } : { type: 'orphaned', id: entry.id, messages: count(entry) },
    );
  }

  #reportExpired(entry: Entry<R>): void {
    this.#entryLeft(entry);
    this.#events.push(expired(entry));
  }

  /**
   * `entry` got a message (`message`, or null when it is not kept): completes the exchange
   * if it can, else puts the entry back at the young end, evicting the oldest beyond the bounds.
   */
  #received(entry: Entry<R>, message: GorMessage | null, now: number): readonly TrackerEvent<R>[] {
    // Out of the map while its size changes, so that the map's byte count follows.
    this.#entries.delete(entry.id);
    if (message !== null) entry.bytes += message.payload.length + MESSAGE_OVERHEAD_BYTES;
    if (entry.request === null || entry.origin === null || entry.replay === null || entry.context === null) {
      entry.touchedAt = now;
      this.#entries.set(entry.id, entry);
      return this.#take();
    }
    const exchange: CompleteExchange<R> = { id: entry.id, context: entry.context, request: entry.request, origin: entry.origin, replay: entry.replay, replayIndex: 0 };
    this.#events.push({ type: 'complete', exchange });
    const extra = entry.extraReplays ?? [];
    for (const [i, replay] of extra.entries()) this.#events.push({ type: 'complete', exchange: { ...exchange, replay, replayIndex: i + 1 } });
    this.#done.remember({ id: entry.id, context: entry.context, request: entry.request, origin: entry.origin }, 1 + extra.length, now);
    return this.#take();
  }
}

function newEntry<R>(id: string, now: number): Entry<R> {
  return { id, touchedAt: now, context: null, request: null, origin: null, replay: null, extraReplays: null, bytes: 0 };
}

function pending<R>(entry: Entry<R>): PendingExchange<R> {
  return { id: entry.id, context: entry.context as R, request: entry.request as GorMessage, origin: entry.origin, replay: entry.replay };
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
