import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RingReader, RingWriter, createRing } from '../../src/thread/chunk-ring.js';

test('bytes come out in order, across the wrap, in slices no longer than asked', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 1, max: 50 })), { maxLength: 60 }), (steps) => {
      const ring = createRing(64);
      const writer = new RingWriter(ring, 32);
      const reader = new RingReader(ring, 32);
      const sent: number[] = [];
      const got: number[] = [];
      for (const [chunk, take] of steps) {
        if (writer.write(chunk)) sent.push(...chunk);
        else assert.ok(chunk.length > 64 - writer.backlog, 'refused only when it does not fit');
        const view = reader.next(take);
        if (view !== null) {
          assert.ok(view.length <= take);
          got.push(...view);
          reader.release(view.length);
        }
      }
      for (let view = reader.next(64); view !== null; view = reader.next(64)) {
        got.push(...view);
        reader.release(view.length);
      }
      assert.deepEqual(got, sent);
      assert.equal(writer.backlog, 0);
    }),
  );
});

test('saturation, and the drain signal given once the backlog has halved', () => {
  const ring = createRing(16);
  const writer = new RingWriter(ring, 8);
  const reader = new RingReader(ring, 8);
  assert.equal(writer.write(Buffer.alloc(10, 1)), true);
  assert.equal(writer.saturated, true);
  assert.equal(writer.write(Buffer.alloc(7)), false, 'only 6 bytes are free');
  assert.equal(writer.requestDrainSignal(), true, 'the reader will signal');
  assert.equal(reader.release(reader.next(5)?.length ?? 0), false, 'a backlog of 5 is not yet half of 8');
  assert.equal(reader.release(reader.next(1)?.length ?? 0), true, 'a backlog of 4 is: signal');
  assert.equal(reader.release(reader.next(4)?.length ?? 0), false, 'signalled once per request');
  assert.equal(writer.saturated, false);
  assert.equal(writer.requestDrainSignal(), false, 'already drained: no signal needed');
  assert.equal(reader.next(4), null);
});

test('counts wrap past 2^31 without losing track of the backlog', () => {
  const ring = createRing(8);
  ring.control[0] = 0x7ffffffc;
  ring.control[1] = 0x7ffffffc;
  const writer = new RingWriter(ring, 4);
  const reader = new RingReader(ring, 4);
  assert.equal(writer.write(Buffer.from('abcdef')), true);
  assert.equal(writer.backlog, 6);
  const first = reader.next(8);
  assert.equal(first?.toString(), 'abcd', 'up to the end of the ring');
  reader.release(4);
  assert.equal(reader.next(8)?.toString(), 'ef');
});

test('readable() resolves at once when there is data, and when data comes later', async () => {
  const ring = createRing(8);
  const writer = new RingWriter(ring, 4);
  const reader = new RingReader(ring, 4);
  const later = reader.readable();
  writer.write(Buffer.from('x'));
  await later;
  await reader.readable();
  assert.equal(reader.next(8)?.toString(), 'x');
});

test('a capacity that is not a power of two is refused', () => {
  assert.throws(() => createRing(100), /power of two/);
});

test('stop() ends a pending readable() with nothing to read, and every later one', async () => {
  const ring = createRing(8);
  const reader = new RingReader(ring, 4);
  const pending = reader.readable();
  reader.stop();
  await pending;
  await reader.readable();
  assert.equal(reader.next(8), null);
});
