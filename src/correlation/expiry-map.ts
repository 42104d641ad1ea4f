/** How an ExpiryMap is bounded, what it reads from its values, and whom it tells of removals. */
export interface ExpiryMapOptions<V> {
  /** Entries held at most; beyond it the oldest are evicted. */
  readonly maxEntries: number;
  /**
   * Entries expire `ms` after their last touch, which each value records itself (`touchedAt`):
   * the map keeps nothing per entry but the value, so that holding one costs no extra object.
   */
  readonly ttl?: { readonly ms: number; readonly touchedAt: (value: V) => number };
  /**
   * Bytes held at most, each value weighing `of(value)`; beyond it the oldest are evicted.
   * `of` is read when a value goes in and when it comes out, so a held value must keep its
   * size: delete it, change it, then set it again.
   */
  readonly bytes?: { readonly max: number; readonly of: (value: V) => number };
  /**
   * True when eviction must stop at `oldest`, sparing it and every younger entry; `justSet`
   * is the value whose `set` or `touch` is evicting.
   */
  readonly pinned?: (oldest: V, justSet: V) => boolean;
  /** Told of each value evicted to keep within the bounds, oldest first, once it is out of the map. */
  readonly onEvict?: (value: V) => void;
  /** Told of each value `sweep` removes, oldest first, once it is out of the map. */
  readonly onExpire?: (value: V) => void;
}

const weightless = (): number => 0;
const touchedNever = (): number => 0;
const neverPinned = (): boolean => false;
const nobody = (): void => {};

/**
 * A Map whose order is its expiry order: `touch` puts an entry at the young end, the oldest
 * entries are evicted first beyond `maxEntries` or `bytes.max`, and `sweep` removes expired
 * entries from the old end, stopping at the first that is still alive. That order holds as
 * long as every entry is (re)touched with a time no earlier than the last one.
 *
 * Pure: no clock (`now` is passed in ms), no I/O. Keys and values are never undefined, so
 * that undefined can mean "none".
 */
export class ExpiryMap<K extends {}, V extends {}> {
  /** Entries held at most; a change applies from the next `set` or `touch`. */
  maxEntries: number;
  readonly #entries = new Map<K, V>();
  readonly #ttlMs: number;
  readonly #touchedAt: (value: V) => number;
  readonly #maxBytes: number;
  readonly #bytesOf: (value: V) => number;
  readonly #pinned: (oldest: V, justSet: V) => boolean;
  readonly #onEvict: (value: V) => void;
  readonly #onExpire: (value: V) => void;
  /** Whether values weigh anything: if not, deleting needs no look at the value. */
  readonly #weighed: boolean;
  #bytes = 0;
  /**
   * Walks the keys from the old end, kept from one call to the next: a new iterator would
   * start at the first slot of the table and step over every entry removed from the front
   * since V8 last rebuilt it, which makes each eviction cost as much as the map is long.
   */
  #front: MapIterator<K> | null = null;
  /** The oldest key, once `#front` has moved past it; undefined when it has to be read again. */
  #oldestKey: K | undefined;
  /**
   * Keys added since `#front` last moved. An idle iterator holds on to every table V8 has
   * rebuilt since (until it moves again), so it is dropped after as many additions as the
   * map holds: a new one then costs one walk over the holes, shared by those additions.
   */
  #addedSinceFront = 0;

  constructor(options: ExpiryMapOptions<V>) {
    this.maxEntries = options.maxEntries;
    this.#ttlMs = options.ttl?.ms ?? Infinity;
    this.#touchedAt = options.ttl?.touchedAt ?? touchedNever;
    this.#maxBytes = options.bytes?.max ?? Infinity;
    this.#bytesOf = options.bytes?.of ?? weightless;
    this.#weighed = options.bytes !== undefined;
    this.#pinned = options.pinned ?? neverPinned;
    this.#onEvict = options.onEvict ?? nobody;
    this.#onExpire = options.onExpire ?? nobody;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held, as `bytes.of` weighs the values (0 without it). */
  get bytes(): number {
    return this.#bytes;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /**
   * Holds `value` under `key`: a new key goes to the young end, an existing one keeps its
   * place (as with Map.set). Then evicts the oldest entries beyond the bounds.
   */
  set(key: K, value: V): void {
    if (this.#weighed) {
      const previous = this.#entries.get(key);
      if (previous !== undefined) this.#bytes -= this.#bytesOf(previous);
    }
    this.#add(key, value);
  }

  /** Holds `value` under `key` at the young end, moving an existing key there: its life starts again. */
  touch(key: K, value: V): void {
    this.delete(key);
    this.#add(key, value);
  }

  /** Removes `key` without telling anyone; false when it was not held. */
  delete(key: K): boolean {
    if (this.#weighed) {
      const value = this.#entries.get(key);
      if (value === undefined) return false;
      this.#remove(key, value);
      return true;
    }
    if (key === this.#oldestKey) this.#oldestKey = undefined;
    return this.#entries.delete(key);
  }

  /** Removes, oldest first, every entry last touched `ttl.ms` or longer before `now`. */
  sweep(now: number): void {
    for (let key = this.#oldest(); key !== undefined; key = this.#oldest()) {
      const value = this.#entries.get(key) as V;
      if (this.#touchedAt(value) + this.#ttlMs > now) return;
      this.#remove(key, value);
      this.#onExpire(value);
    }
  }

  /** The values held, oldest first. */
  values(): MapIterator<V> {
    return this.#entries.values();
  }

  /** Removes everything without telling anyone. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
    this.#front = null;
    this.#oldestKey = undefined;
  }

  /** Puts `value` at the young end (or in the place its key holds), then keeps within the bounds. */
  #add(key: K, value: V): void {
    this.#entries.set(key, value);
    if (++this.#addedSinceFront > this.#entries.size) this.#front = null;
    this.#bytes += this.#bytesOf(value);
    this.#evict(value);
  }

  #remove(key: K, value: V): void {
    if (key === this.#oldestKey) this.#oldestKey = undefined;
    this.#entries.delete(key);
    this.#bytes -= this.#bytesOf(value);
  }

  /**
   * The oldest key held, if any. Every key is either `#oldestKey` or ahead of `#front`, since
   * keys are only ever added at the young end; so `#front` never runs out while keys are held.
   * A new `#front` starts from the oldest key, which `#oldestKey` (if set) still is.
   */
  #oldest(): K | undefined {
    if (this.#oldestKey === undefined && this.#entries.size > 0) {
      this.#front ??= this.#entries.keys();
      this.#oldestKey = this.#front.next().value;
      this.#addedSinceFront = 0;
    }
    return this.#oldestKey;
  }

  #withinBounds(): boolean {
    return this.#entries.size <= this.maxEntries && this.#bytes <= this.#maxBytes;
  }

  #evict(justSet: V): void {
    while (!this.#withinBounds()) {
      const key = this.#oldest();
      if (key === undefined) return;
      const oldest = this.#entries.get(key) as V;
      if (this.#pinned(oldest, justSet)) return;
      this.#remove(key, oldest);
      this.#onEvict(oldest);
    }
  }
}
