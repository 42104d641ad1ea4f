import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExpiryMap } from '../../src/correlation/expiry-map.js';
import type { ExpiryMapOptions } from '../../src/correlation/expiry-map.js';

/** A held value: it records when it was last touched and what it weighs, as the map's users do. */
interface Item {
  readonly name: string;
  readonly touchedAt: number;
  readonly size: number;
  readonly pin: boolean;
}

const item = (name: string, touchedAt = 0, size = 1, pin = false): Item => ({ name, touchedAt, size, pin });

const TTL_MS = 100;

/** A map of Items with a TTL and byte accounting, recording what it tells. */
function itemMap(options: Partial<ExpiryMapOptions<Item>> = {}): { map: ExpiryMap<string, Item>; evicted: string[]; expired: string[] } {
  const evicted: string[] = [];
  const expired: string[] = [];
  const map = new ExpiryMap<string, Item>({
    maxEntries: 100,
    ttl: { ms: TTL_MS, touchedAt: (value) => value.touchedAt },
    bytes: { max: Infinity, of: (value) => value.size },
    onEvict: (value) => evicted.push(value.name),
    onExpire: (value) => expired.push(value.name),
    ...options,
  });
  return { map, evicted, expired };
}

const names = (map: ExpiryMap<string, Item>): string[] => [...map.values()].map((value) => value.name);

test('sweep removes expired entries oldest first and stops at the first one still alive', () => {
  const { map, expired } = itemMap();
  map.set('a', item('a', 0));
  map.set('b', item('b', 10));
  map.set('c', item('c', 20));
  map.sweep(115);
  assert.deepEqual(expired, ['a', 'b']);
  assert.deepEqual(names(map), ['c']);
  // Order is the contract: an entry behind a live one waits for it, whatever its own time.
  map.set('late', item('late', 0));
  map.sweep(119);
  assert.deepEqual(names(map), ['c', 'late']);
  map.sweep(120);
  assert.deepEqual(expired, ['a', 'b', 'c', 'late']);
  assert.equal(map.size, 0);
});

test('an entry expires exactly ttl after its last touch, not a millisecond earlier', () => {
  const { map, expired } = itemMap();
  map.set('a', item('a', 1_700_000_000_123));
  map.sweep(1_700_000_000_123 + TTL_MS - 1);
  assert.deepEqual(expired, []);
  map.sweep(1_700_000_000_123 + TTL_MS);
  assert.deepEqual(expired, ['a']);
});

test('without a ttl nothing expires', () => {
  const map = new ExpiryMap<string, number>({ maxEntries: 10 });
  map.set('a', 0);
  map.sweep(Number.MAX_SAFE_INTEGER);
  assert.equal(map.size, 1);
});

test('touch moves an entry to the young end and starts its life again', () => {
  const { map, expired, evicted } = itemMap({ maxEntries: 2 });
  map.set('a', item('a', 0));
  map.set('b', item('b', 10));
  map.touch('a', item('a', 20));
  assert.deepEqual(names(map), ['b', 'a']);
  map.sweep(110);
  assert.deepEqual(expired, ['b']);
  map.set('c', item('c', 30));
  map.set('d', item('d', 40));
  assert.deepEqual(evicted, ['a'], 'the touched entry is now the oldest');
  map.touch('new', item('new', 50));
  assert.deepEqual(names(map), ['d', 'new'], 'touching a missing key adds it');
});

test('set of an existing key replaces its value where it stands and reweighs it', () => {
  const { map } = itemMap();
  map.set('a', item('a', 0, 5));
  map.set('b', item('b', 0, 7));
  map.set('a', item('a2', 5, 2));
  assert.deepEqual(names(map), ['a2', 'b']);
  assert.equal(map.bytes, 9);
  assert.equal(map.get('a')?.name, 'a2');
  map.touch('b', item('b2', 6, 1));
  assert.equal(map.bytes, 3);
});

test('beyond maxEntries the oldest entries are evicted, oldest first, and a new bound applies from the next set', () => {
  const { map, evicted, expired } = itemMap({ maxEntries: 2 });
  for (const name of ['a', 'b', 'c']) map.set(name, item(name));
  assert.deepEqual(evicted, ['a']);
  assert.deepEqual(names(map), ['b', 'c']);
  map.maxEntries = 1;
  assert.equal(map.size, 2, 'nothing is evicted until the next set');
  map.set('d', item('d'));
  assert.deepEqual(evicted, ['a', 'b', 'c']);
  assert.deepEqual(names(map), ['d']);
  assert.deepEqual(expired, [], 'evictions are not expiries');
});

test('beyond the byte limit the oldest entries are evicted until the rest fit', () => {
  const { map, evicted } = itemMap({ bytes: { max: 10, of: (value) => value.size } });
  for (const name of ['a', 'b', 'c']) map.set(name, item(name, 0, 4));
  assert.deepEqual(evicted, ['a']);
  assert.equal(map.bytes, 8);
  map.set('big', item('big', 0, 9));
  assert.deepEqual(evicted, ['a', 'b', 'c']);
  assert.equal(map.bytes, 9);
  map.set('huge', item('huge', 0, 11));
  assert.deepEqual(evicted, ['a', 'b', 'c', 'big', 'huge'], 'an entry larger than the limit by itself is not held');
  assert.equal(map.bytes, 0);
  assert.equal(map.size, 0);
});

test('eviction stops at a pinned entry, sparing it and everything younger', () => {
  const { map, evicted } = itemMap({ maxEntries: 1, pinned: (oldest) => oldest.pin });
  map.set('a', item('a', 0, 1, true));
  map.set('b', item('b'));
  map.set('c', item('c'));
  assert.deepEqual(evicted, []);
  assert.deepEqual(names(map), ['a', 'b', 'c']);
  map.set('a', item('a', 0, 1, false));
  assert.deepEqual(evicted, ['a', 'b']);
  assert.deepEqual(names(map), ['c']);
});

test('a pin on the value just set holds it even when it alone exceeds the byte limit', () => {
  const { map, evicted } = itemMap({ bytes: { max: 5, of: (value) => value.size }, pinned: (oldest, justSet) => oldest === justSet });
  map.set('small', item('small', 0, 2));
  map.set('big', item('big', 0, 8));
  assert.deepEqual(evicted, ['small']);
  assert.deepEqual(names(map), ['big']);
  map.set('next', item('next', 0, 1));
  assert.deepEqual(evicted, ['small', 'big']);
});

test('delete and clear release bytes and tell no one', () => {
  const { map, evicted, expired } = itemMap();
  map.set('a', item('a', 0, 3));
  map.set('b', item('b', 0, 4));
  assert.equal(map.delete('a'), true);
  assert.equal(map.delete('a'), false);
  assert.equal(map.has('a'), false);
  assert.equal(map.bytes, 4);
  map.sweep(50);
  map.clear();
  assert.equal(map.bytes, 0);
  assert.equal(map.size, 0);
  assert.deepEqual([evicted, expired], [[], []]);
  map.set('c', item('c', 60));
  map.sweep(160);
  assert.deepEqual(expired, ['c'], 'a cleared map works as a new one');
  const keys = new ExpiryMap<string, number>({ maxEntries: 2 });
  keys.set('x', 1);
  assert.equal(keys.delete('x'), true);
  assert.equal(keys.delete('x'), false);
  assert.equal(keys.bytes, 0, 'without bytes.of values weigh nothing');
});

type Op =
  | { readonly op: 'set' | 'touch'; readonly key: string; readonly size: number; readonly pin: boolean }
  | { readonly op: 'delete'; readonly key: string }
  | { readonly op: 'sweep' }
  | { readonly op: 'wait'; readonly ms: number };

const key = fc.integer({ min: 0, max: 40 }).map((n) => `k${n}`);
const ops: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('set' as const, 'touch' as const), key, size: fc.integer({ min: 0, max: 6 }), pin: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({ op: fc.constant('sweep' as const) }),
  fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: TTL_MS }) }),
);

/** The map as a list, oldest first: what ExpiryMap must behave like. */
class ListModel {
  readonly entries: { key: string; value: Item }[] = [];
  readonly evicted: string[] = [];
  readonly expired: string[] = [];
  readonly #maxEntries: number;
  readonly #maxBytes: number | null;
  readonly #pinned: (oldest: Item, justSet: Item) => boolean;

  /** `maxBytes` null: values weigh nothing. */
  constructor(maxEntries: number, maxBytes: number | null, pinned: (oldest: Item, justSet: Item) => boolean) {
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#pinned = pinned;
  }

  bytes(): number {
    return this.#maxBytes === null ? 0 : this.entries.reduce((sum, entry) => sum + entry.value.size, 0);
  }

  set(key: string, value: Item, moves: boolean): void {
    const at = this.entries.findIndex((entry) => entry.key === key);
    if (at >= 0 && !moves) this.entries[at] = { key, value };
    else {
      if (at >= 0) this.entries.splice(at, 1);
      this.entries.push({ key, value });
    }
    while (this.entries.length > this.#maxEntries || this.bytes() > (this.#maxBytes ?? Infinity)) {
      const oldest = this.entries[0];
      if (oldest === undefined || this.#pinned(oldest.value, value)) break;
      this.entries.shift();
      this.evicted.push(oldest.value.name);
    }
  }

  delete(key: string): boolean {
    const at = this.entries.findIndex((entry) => entry.key === key);
    if (at >= 0) this.entries.splice(at, 1);
    return at >= 0;
  }

  sweep(now: number): void {
    for (let oldest = this.entries[0]; oldest !== undefined && oldest.value.touchedAt + TTL_MS <= now; oldest = this.entries[0]) {
      this.entries.shift();
      this.expired.push(oldest.value.name);
    }
  }
}

test('any sequence of operations leaves the map as a plain list model would', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 30 }),
      fc.option(fc.integer({ min: 0, max: 100 })),
      fc.boolean(),
      fc.array(ops, { maxLength: 300, size: 'max' }),
      (maxEntries, maxBytes, pinJustSet, sequence) => {
        const pinned = (oldest: Item, justSet: Item): boolean => oldest.pin || (pinJustSet && oldest === justSet);
        const evicted: string[] = [];
        const expired: string[] = [];
        const map = new ExpiryMap<string, Item>({
          maxEntries,
          ttl: { ms: TTL_MS, touchedAt: (value) => value.touchedAt },
          ...(maxBytes === null ? {} : { bytes: { max: maxBytes, of: (value: Item) => value.size } }),
          pinned,
          onEvict: (value) => evicted.push(value.name),
          onExpire: (value) => expired.push(value.name),
        });
        const model = new ListModel(maxEntries, maxBytes, pinned);
        let now = 0;
        let serial = 0;
        for (const step of sequence) {
          if (step.op === 'wait') now += step.ms;
          else if (step.op === 'sweep') {
            map.sweep(now);
            model.sweep(now);
          } else if (step.op === 'delete') assert.equal(map.delete(step.key), model.delete(step.key));
          else {
            const value = item(`${step.key}#${serial++}`, now, step.size, step.pin);
            map[step.op](step.key, value);
            model.set(step.key, value, step.op === 'touch');
          }
          assert.deepEqual(
            names(map),
            model.entries.map((entry) => entry.value.name),
          );
          assert.equal(map.bytes, model.bytes());
          assert.equal(map.size, model.entries.length);
        }
        assert.deepEqual(evicted, model.evicted);
        assert.deepEqual(expired, model.expired);
      },
    ),
    { numRuns: 300 },
  );
});
