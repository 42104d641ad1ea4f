import { ExpiryMap } from '../correlation/expiry-map.js';
import type { GorHeader } from '../protocol/gor-message.js';
import type { ReplayOutcome } from './http-replayer.js';

/** A captured message with a valid meta line. */
export interface CapturedMessage {
  readonly headerLine: string;
  readonly header: GorHeader;
  readonly payload: Buffer;
}

/** One captured request being replayed: what has arrived for it so far. */
export interface ReplayEntry {
  readonly request: CapturedMessage;
  origin: CapturedMessage | null;
  outcome: ReplayOutcome | null;
  /** A later request with the same ID took over its place: no origin will come for it. */
  detached: boolean;
}

/** Called once per exchange that has its request, its recorded origin and a replay outcome. */
export type ReplayReady = (request: CapturedMessage, origin: CapturedMessage, outcome: ReplayOutcome) => void;

/**
 * Joins each replayed request with its recorded original response (type 2), which may
 * come before or after the request in the capture, and with the outcome of sending it.
 * An exchange is handed to `ready` once all three are known. Requests whose original never
 * comes are counted in `withoutOrigin` (sent, not judged). At most `maxHeld` answered
 * requests wait for their original, and as many early originals for their request; the
 * oldest beyond that are given up (and counted). Pure: no I/O, no clock.
 */
export class ReplayPairs {
  readonly #ready: ReplayReady;
  readonly #byId: ExpiryMap<string, ReplayEntry>;
  readonly #earlyOrigins: ExpiryMap<string, CapturedMessage>;
  #withoutOrigin = 0;

  constructor(maxHeld: number, ready: ReplayReady) {
    const maxEntries = Math.max(1, maxHeld);
    this.#ready = ready;
    this.#byId = new ExpiryMap<string, ReplayEntry>({
      maxEntries,
      // Still in flight: it cannot be given up yet, and neither can anything younger.
      pinned: (oldest) => oldest.outcome === null,
      onEvict: () => {
        this.#withoutOrigin += 1;
      },
    });
    this.#earlyOrigins = new ExpiryMap<string, CapturedMessage>({ maxEntries });
  }

  /** Requests sent that had no recorded original response (so far; final after `end`). */
  get withoutOrigin(): number {
    return this.#withoutOrigin;
  }

  /** A request was read; returns its entry, to be given its outcome later. Answered requests beyond `maxHeld` are given up. */
  request(request: CapturedMessage): ReplayEntry {
    const { id } = request.header;
    const previous = this.#byId.get(id);
    if (previous !== undefined) {
      // A repeated ID (--input-file-loop): later originals belong to the new request.
      previous.detached = true;
      this.#byId.delete(id);
      this.#settle(previous);
    }
    const origin = this.#earlyOrigins.get(id) ?? null;
    this.#earlyOrigins.delete(id);
    const entry: ReplayEntry = { request, origin, outcome: null, detached: false };
    this.#byId.set(id, entry);
    return entry;
  }

  /** A recorded original response was read. A second one for the same request is ignored. */
  origin(origin: CapturedMessage): void {
    const { id } = origin.header;
    const entry = this.#byId.get(id);
    if (entry !== undefined) {
      if (entry.origin !== null) return;
      entry.origin = origin;
      this.#settle(entry);
      return;
    }
    this.#earlyOrigins.set(id, origin);
  }

  /** The request of `entry` was answered or failed. */
  outcome(entry: ReplayEntry, outcome: ReplayOutcome): void {
    entry.outcome = outcome;
    this.#settle(entry);
  }

  /** End of input, every outcome in: requests still without an original are counted. */
  end(): void {
    for (const entry of this.#byId.values()) {
      if (entry.origin === null) this.#withoutOrigin += 1;
    }
    this.#byId.clear();
    this.#earlyOrigins.clear();
  }

  #settle(entry: ReplayEntry): void {
    if (entry.outcome === null) return;
    const id = entry.request.header.id;
    if (entry.origin !== null) {
      if (this.#byId.get(id) === entry) this.#byId.delete(id);
      this.#ready(entry.request, entry.origin, entry.outcome);
    } else if (entry.detached) {
      this.#withoutOrigin += 1;
    }
  }
}
