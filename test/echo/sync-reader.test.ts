import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyncReader } from '../../src/echo/sync-reader.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { closeQuietly, pause, RecordingSink } from './pipes.js';

const tempDir = tempDirs('sync-reader');
const BUFFER_BYTES = 1024 * 1024;

/** A regular file holding `content`, opened for reading. */
function fileWith(content: Buffer): number {
  const path = join(tempDir(), 'input');
  writeFileSync(path, content);
  return openSync(path, 'r');
}

test('a regular file comes out whole and in order, one buffer at a time, yielding to the event loop between slices', async () => {
  const content = randomBytes(20 * 1024 * 1024 + 123);
  const fd = fileWith(content);
  const sink = new RecordingSink();
  new SyncReader(fd, Buffer.allocUnsafe(BUFFER_BYTES)).start(sink);
  let chunksBeforeYield = -1;
  setImmediate(() => {
    chunksBeforeYield = sink.chunks.length;
  });
  await sink.ended;
  closeQuietly(fd);
  assert.ok(sink.bytes.equals(content));
  assert.equal(sink.ends, 1);
  assert.ok(sink.chunks.every((chunk) => chunk.length <= BUFFER_BYTES));
  assert.ok(chunksBeforeYield > 0 && chunksBeforeYield < sink.chunks.length, `an immediate ran after ${chunksBeforeYield} of ${sink.chunks.length} chunks`);
});

test('a final line without LF is delivered as is, and an empty file just ends', async () => {
  const content = Buffer.from('first\nlast line, no LF');
  for (const bytes of [content, Buffer.alloc(0)]) {
    const fd = fileWith(bytes);
    const sink = new RecordingSink();
    new SyncReader(fd, Buffer.allocUnsafe(BUFFER_BYTES)).start(sink);
    await sink.ended;
    closeQuietly(fd);
    assert.ok(sink.bytes.equals(bytes));
    assert.equal(sink.ends, 1);
  }
});

test('a wait returned by the sink holds reading until it settles', async () => {
  const content = randomBytes(3 * BUFFER_BYTES);
  const fd = fileWith(content);
  const sink = new RecordingSink();
  const release = sink.holdNext();
  new SyncReader(fd, Buffer.allocUnsafe(BUFFER_BYTES)).start(sink);
  await pause(50);
  assert.equal(sink.chunks.length, 1, 'nothing is read while the wait is pending');
  release();
  await sink.ended;
  closeQuietly(fd);
  assert.ok(sink.bytes.equals(content));
});

test('after stop, called from within the sink, nothing more is delivered and the input does not end', async () => {
  const fd = fileWith(randomBytes(4 * BUFFER_BYTES));
  const sink = new RecordingSink();
  const reader = new SyncReader(fd, Buffer.allocUnsafe(BUFFER_BYTES));
  sink.onChunk = (count) => {
    if (count === 2) reader.stop();
  };
  reader.start(sink);
  await pause(50);
  closeQuietly(fd);
  assert.equal(sink.chunks.length, 2);
  assert.equal(sink.ends, 0);
});
