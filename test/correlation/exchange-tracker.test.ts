import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PROBE_COMPLETED } from '../../src/correlation/completed-exchanges.js';
import { ExchangeTracker, MESSAGE_OVERHEAD_BYTES } from '../../src/correlation/exchange-tracker.js';
import type { TrackerEvent } from '../../src/correlation/exchange-tracker.js';
import type { GorMessage, PayloadKind } from '../../src/protocol/gor-message.js';

const msg = (kind: PayloadKind, id: string, body = ''): GorMessage => ({
  header: { kind, id, timestamp: 1n },
  payload: Buffer.from(body),
});

function tracker(options: Partial<{ ttlMs: number; maxPending: number; maxPendingBytes: number; maxCompleted: number }> = {}): ExchangeTracker<string> {
  return new ExchangeTracker<string>({ ttlMs: 1000, maxPending: 100, maxCompleted: 100, ...options });
}

function feed(t: ExchangeTracker<string>, kind: PayloadKind, id: string, now = 0, body = ''): readonly TrackerEvent<string>[] {
  if (kind === 'request') return t.request(id, msg(kind, id, body), `ctx-${id}`, now);
  if (kind === 'response') return t.response(id, msg(kind, id, body), now);
  return t.replay(id, msg(kind, id, body), now);
}

const types = (events: readonly TrackerEvent<string>[]): string[] => events.map((e) => e.type);

test('every arrival order of the three messages completes the exchange exactly once, on the last message', () => {
  const orders: PayloadKind[][] = [
    ['request', 'response', 'replay'],
    ['request', 'replay', 'response'],
    ['response', 'request', 'replay'],
    ['response', 'replay', 'request'],
    ['replay', 'request', 'response'],
    ['replay', 'response', 'request'],
  ];
  for (const order of orders) {
    const t = tracker();
    const events = order.map((kind) => feed(t, kind, 'a'));
    assert.deepEqual(events.map(types), [[], [], ['complete']], order.join(','));
    const done = events[2]?.[0];
    assert.ok(done?.type === 'complete');
    assert.equal(done.exchange.context, 'ctx-a');
    assert.equal(done.exchange.replayIndex, 0);
    assert.equal(t.pending, 0);
  }
});

test('a second replay for a completed ID is judged too, with replayIndex 1', () => {
  const t = tracker();
  feed(t, 'request', 'a');
  feed(t, 'response', 'a', 0, 'origin');
  feed(t, 'replay', 'a', 0, 'first');
  const events = feed(t, 'replay', 'a', 5, 'second');
  assert.equal(events.length, 1);
  const event = events[0];
  assert.ok(event?.type === 'complete');
  assert.equal(event.exchange.replayIndex, 1);
  assert.equal(event.exchange.replay.payload.toString(), 'second');
  assert.equal(event.exchange.origin.payload.toString(), 'origin');
});

test('extra replays that arrive before the original response are judged too, each once', () => {
  const t = tracker();
  feed(t, 'request', 'a');
  feed(t, 'replay', 'a', 0, 'first');
  feed(t, 'replay', 'a', 0, 'second');
  const events = feed(t, 'response', 'a', 0, 'origin');
  assert.deepEqual(
    events.map((e) => (e.type === 'complete' ? [e.exchange.replayIndex, e.exchange.replay.payload.toString()] : e.type)),
    [
      [0, 'first'],
      [1, 'second'],
    ],
  );
  const third = feed(t, 'replay', 'a', 1, 'third');
  assert.ok(third[0]?.type === 'complete');
  assert.equal(third[0].exchange.replayIndex, 2);
});

test('a request whose ID already completed starts a new exchange (file loop)', () => {
  const t = tracker();
  for (const kind of ['request', 'response', 'replay'] as const) feed(t, kind, 'a');
  assert.deepEqual(types(feed(t, 'request', 'a', 10)), []);
  assert.deepEqual(types(feed(t, 'response', 'a', 10)), []);
  assert.deepEqual(types(feed(t, 'replay', 'a', 10)), ['complete']);
});

test('a repeated request ID while the first is pending reports the first as incomplete', () => {
  const t = tracker();
  feed(t, 'request', 'a');
  const events = feed(t, 'request', 'a', 1);
  assert.deepEqual(types(events), ['incomplete']);
  assert.ok(events[0]?.type === 'incomplete');
  assert.deepEqual(events[0].missing, ['missing_replay', 'missing_origin']);
});

test('pending exchanges expire after the TTL and name what is missing', () => {
  const t = tracker({ ttlMs: 1000 });
  feed(t, 'request', 'a', 0);
  feed(t, 'response', 'a', 100);
  feed(t, 'request', 'b', 500);
  feed(t, 'replay', 'b', 600);
  assert.deepEqual(t.sweep(1099), []);
  const first = t.sweep(1100);
  assert.equal(first.length, 1);
  assert.ok(first[0]?.type === 'incomplete');
  assert.equal(first[0].exchange.id, 'a');
  assert.deepEqual(first[0].missing, ['missing_replay']);
  const second = t.sweep(1600);
  assert.ok(second[0]?.type === 'incomplete');
  assert.deepEqual(second[0].missing, ['missing_origin']);
  assert.equal(t.pending, 0);
});

test('responses whose request never comes expire as orphans', () => {
  const t = tracker({ ttlMs: 10 });
  feed(t, 'response', 'x', 0);
  feed(t, 'replay', 'x', 0);
  const events = t.sweep(10);
  assert.deepEqual(events, [{ type: 'orphaned', id: 'x', messages: 2 }]);
});

test('discard drops orphans of an unwatched request but never a watched exchange', () => {
  const t = tracker();
  feed(t, 'response', 'x');
  t.discard('x');
  assert.equal(t.pending, 0);
  feed(t, 'request', 'y');
  t.discard('y');
  assert.equal(t.pending, 1);
});

test('beyond maxPending the oldest pending exchange is evicted and reported', () => {
  const t = tracker({ maxPending: 2 });
  feed(t, 'request', 'a', 0);
  feed(t, 'request', 'b', 1);
  feed(t, 'request', 'a', 2); // a is re-created, so b is now oldest... a reported incomplete first
  const events = feed(t, 'request', 'c', 3);
  assert.deepEqual(types(events), ['evicted']);
  assert.ok(events[0]?.type === 'evicted');
  assert.equal(events[0].exchange.id, 'b');
  assert.equal(t.pending, 2);
});

/** What the tracker counts for one held message with a payload of `n` bytes. */
const held = (n: number): number => n + MESSAGE_OVERHEAD_BYTES;

test('beyond maxPendingBytes the oldest pending exchanges are evicted and reported', () => {
  const t = tracker({ maxPendingBytes: held(40) * 2 + 20 });
  feed(t, 'request', 'a', 0, 'x'.repeat(40));
  feed(t, 'request', 'b', 1, 'x'.repeat(40));
  assert.equal(t.pendingBytes, held(40) * 2);
  // c's request brings the total over the cap: a, the oldest, goes.
  const events = feed(t, 'request', 'c', 2, 'x'.repeat(30));
  assert.deepEqual(
    events.map((e) => (e.type === 'evicted' ? e.exchange.id : e.type)),
    ['a'],
  );
  assert.equal(t.pendingBytes, held(40) + held(30));
  assert.equal(t.pending, 2);
  // An origin for b touches b, so c is now the oldest and goes.
  const more = feed(t, 'response', 'b', 3, 'y'.repeat(50));
  assert.deepEqual(
    more.map((e) => (e.type === 'evicted' ? e.exchange.id : e.type)),
    ['c'],
  );
  assert.equal(t.pendingBytes, held(40) + held(50));
  // Completing b releases its bytes.
  assert.deepEqual(types(feed(t, 'replay', 'b', 4, 'z'.repeat(60))), ['complete']);
  assert.equal(t.pendingBytes, 0);
  assert.equal(t.pending, 0);
});

test('held bytes are released by expiry, discard, a repeated request and drain', () => {
  const t = tracker({ maxPendingBytes: 100_000 });
  feed(t, 'request', 'a', 0, 'x'.repeat(10));
  feed(t, 'response', 'o', 0, 'x'.repeat(20));
  assert.equal(t.pendingBytes, held(10) + held(20));
  t.discard('o');
  assert.equal(t.pendingBytes, held(10));
  feed(t, 'request', 'a', 1, 'x'.repeat(5));
  assert.equal(t.pendingBytes, held(5), 'the repeated request replaced the first');
  t.sweep(2000);
  assert.equal(t.pendingBytes, 0);
  feed(t, 'request', 'b', 3000, 'x'.repeat(7));
  t.drain();
  assert.equal(t.pendingBytes, 0);
});

test('one exchange larger than maxPendingBytes is still held and judged', () => {
  const t = tracker({ maxPendingBytes: held(10) });
  feed(t, 'request', 'small', 0, 'x');
  const events = feed(t, 'request', 'big', 1, 'x'.repeat(50));
  assert.deepEqual(types(events), ['evicted']);
  feed(t, 'response', 'big', 2, 'y'.repeat(50));
  assert.deepEqual(types(feed(t, 'replay', 'big', 3, 'y')), ['complete']);
});

test('completed exchanges kept for extra replays hold at most a quarter of maxPendingBytes', () => {
  // Each kept exchange holds its request and origin: a quarter of the cap fits two.
  const t = tracker({ maxPendingBytes: held(25) * 2 * 2 * 4 });
  for (const id of ['a', 'b', 'c']) for (const kind of ['request', 'response', 'replay'] as const) feed(t, kind, id, 0, 'x'.repeat(25));
  assert.equal(t.heldOrigin('a'), null);
  assert.deepEqual(types(feed(t, 'replay', 'b', 1)), ['complete']);
  assert.deepEqual(types(feed(t, 'replay', 'c', 1)), ['complete']);
});

test('a flood of responses without requests never pushes out watched exchanges', () => {
  const t = tracker({ maxPending: 8 });
  for (let i = 0; i < 4; i++) feed(t, 'request', `w${i}`, i);
  const flood: string[] = [];
  for (let i = 0; i < 50; i++) {
    for (const event of feed(t, 'response', `o${i}`, 10 + i)) flood.push(event.type);
  }
  // A quarter of maxPending (2) is held; every other orphan is reported at once, nothing evicted.
  assert.equal(flood.filter((type) => type === 'evicted').length, 0);
  assert.equal(flood.filter((type) => type === 'orphaned').length, 48);
  assert.equal(t.pending, 6);
  // A held orphan still pairs with its request when that comes.
  feed(t, 'request', 'o0', 70);
  assert.deepEqual(types(feed(t, 'replay', 'o0', 71)), ['complete']);
});

test('drain reports every pending exchange at end of input', () => {
  const t = tracker();
  feed(t, 'request', 'a');
  feed(t, 'response', 'o');
  for (const kind of ['request', 'response', 'replay'] as const) feed(t, kind, 'done');
  assert.deepEqual(types(t.drain()).sort(), ['incomplete', 'orphaned']);
  assert.equal(t.pending, 0);
});

test('for any interleaving of N exchanges, each complete exchange is judged exactly once', () => {
  const kinds: PayloadKind[] = ['request', 'response', 'replay'];
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: 8 })
        .chain((n) => fc.shuffledSubarray(Array.from({ length: n }, (_, i) => kinds.map((kind) => [kind, `id${i}`] as const)).flat(), { minLength: n * 3, maxLength: n * 3 })),
      (order) => {
        const t = tracker();
        const completed: string[] = [];
        for (const [kind, id] of order) {
          for (const event of feed(t, kind, id)) if (event.type === 'complete') completed.push(event.exchange.id);
        }
        const ids = new Set(order.map(([, id]) => id));
        assert.deepEqual([...completed].sort(), [...ids].sort());
        assert.equal(t.pending, 0);
      },
    ),
    { numRuns: 300 },
  );
});

test('heldOrigin gives the original response held for a pending or recently completed ID', () => {
  const t = tracker();
  assert.equal(t.heldOrigin('a'), null);
  feed(t, 'request', 'a');
  assert.equal(t.heldOrigin('a'), null);
  feed(t, 'response', 'a', 0, 'origin');
  assert.equal(t.heldOrigin('a')?.payload.toString(), 'origin');
  feed(t, 'replay', 'a', 0, 'replay');
  assert.equal(t.heldOrigin('a')?.payload.toString(), 'origin', 'kept for extra replays');
  feed(t, 'response', 'b', 0, 'orphan origin');
  assert.equal(t.heldOrigin('b')?.payload.toString(), 'orphan origin');
  t.sweep(5000);
  assert.equal(t.heldOrigin('a'), null, 'forgotten after its TTL');
  assert.equal(t.heldOrigin('b'), null);
});

test('until an extra replay is seen only the last PROBE_COMPLETED exchanges are kept; a late one turns keeping on', () => {
  const t = tracker({ maxCompleted: 1000 });
  const complete = (id: string): void => {
    for (const kind of ['request', 'response', 'replay'] as const) feed(t, kind, id);
  };
  for (let i = 0; i <= PROBE_COMPLETED; i++) complete(`x${i}`);
  assert.equal(t.heldOrigin('x0'), null, 'the oldest fell out of the window');
  assert.notEqual(t.heldOrigin(`x${PROBE_COMPLETED}`), null);
  // x0's second replay comes too late to be judged: it waits as an orphan...
  assert.deepEqual(types(feed(t, 'replay', 'x0')), []);
  // ...but from now on every completed exchange is kept, up to maxCompleted.
  for (let i = 0; i < 3 * PROBE_COMPLETED; i++) complete(`y${i}`);
  assert.deepEqual(types(feed(t, 'replay', 'y0')), ['complete']);
  assert.deepEqual(types(t.drain()), ['orphaned']);
});

test('an extra replay that comes before its exchange completes also turns keeping on', () => {
  const t = tracker({ maxCompleted: 1000 });
  feed(t, 'request', 'a');
  feed(t, 'replay', 'a');
  feed(t, 'replay', 'a');
  assert.deepEqual(types(feed(t, 'response', 'a')), ['complete', 'complete']);
  for (let i = 0; i < 2 * PROBE_COMPLETED; i++) for (const kind of ['request', 'response', 'replay'] as const) feed(t, kind, `z${i}`);
  assert.deepEqual(types(feed(t, 'replay', 'z0')), ['complete']);
});

test('a reused ID (file loop) does not count as a second replay', () => {
  const t = tracker({ maxCompleted: 1000 });
  const complete = (id: string): void => {
    for (const kind of ['request', 'response', 'replay'] as const) feed(t, kind, id);
  };
  complete('loop');
  // The same ID again, as --input-file-loop sends it: a new exchange, not an extra replay.
  complete('loop');
  for (let i = 0; i <= PROBE_COMPLETED; i++) complete(`x${i}`);
  assert.equal(t.heldOrigin('x0'), null, 'still only the last PROBE_COMPLETED exchanges are kept');
});

test('a replay completes its exchange exactly when it would not be held: replayCompletes says so before it arrives', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom<PayloadKind>('request', 'response', 'replay'), fc.constantFrom('a', 'b', 'c')), { maxLength: 30 }), (messages) => {
      const t = tracker();
      for (const [i, [kind, id]] of messages.entries()) {
        if (kind !== 'replay') {
          feed(t, kind, id, i);
          continue;
        }
        const completes = t.replayCompletes(id);
        const before = t.pendingBytes;
        const events = feed(t, kind, id, i);
        // Judged at once and nothing more held; else held (or dropped as orphaned), never judged.
        if (completes) {
          assert.ok(events.some((event) => event.type === 'complete'));
          assert.ok(t.pendingBytes <= before);
        } else assert.ok(!events.some((event) => event.type === 'complete'), `${kind} ${id} at ${i}`);
      }
    }),
  );
});
