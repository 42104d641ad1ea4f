import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { constants, openSync, readSync } from 'node:fs';
import { ThreadPoolReader } from '../../src/echo/thread-pool-reader.js';
import { waitUntil } from '../helpers/run-cli.js';
import { closeQuietly, inputPipe, pause, RecordingSink } from './pipes.js';

const BUFFER_BYTES = 1024 * 1024;

test('bytes written to a blocking pipe come out whole and in order, and the end of input ends the reader once', async () => {
  const { readFd, writer } = inputPipe();
  const sink = new RecordingSink();
  const reader = new ThreadPoolReader(readFd, Buffer.allocUnsafe(BUFFER_BYTES));
  reader.start(sink);
  const big = randomBytes(5 * 1024 * 1024);
  writer.write('first line\n');
  await waitUntil(() => sink.chunks.length > 0, 'the first line is delivered');
  writer.write(big);
  writer.end('last line, no LF');
  await sink.ended;
  closeQuietly(readFd);
  assert.ok(sink.bytes.equals(Buffer.concat([Buffer.from('first line\n'), big, Buffer.from('last line, no LF')])));
  assert.equal(sink.ends, 1);
  assert.equal(reader.readPending, false);
});

test('a wait returned by the sink holds the next read until it settles', async () => {
  const { readFd, writer } = inputPipe();
  const sink = new RecordingSink();
  const release = sink.holdNext();
  new ThreadPoolReader(readFd, Buffer.allocUnsafe(BUFFER_BYTES)).start(sink);
  writer.write('a\n');
  await waitUntil(() => sink.chunks.length === 1, 'the first chunk is delivered');
  writer.write('b\n');
  await pause(50);
  assert.equal(sink.chunks.length, 1, 'nothing is read while the wait is pending');
  release();
  writer.end();
  await sink.ended;
  closeQuietly(readFd);
  assert.equal(sink.bytes.toString(), 'a\nb\n');
});

test('stop ends a read waiting on an idle pipe with one byte that is never delivered, and the pipe stays usable', async () => {
  const { path, readFd, writer } = inputPipe();
  const sink = new RecordingSink();
  const reader = new ThreadPoolReader(readFd, Buffer.allocUnsafe(BUFFER_BYTES));
  reader.start(sink);
  writer.write('x\n');
  await waitUntil(() => sink.chunks.length === 1, 'the input is delivered');
  await waitUntil(() => reader.readPending, 'a read waits for more');
  assert.equal(reader.stop(), false, 'the waiting read could be ended');
  await waitUntil(() => !reader.readPending, 'the waiting read returns');
  // The byte that ended the read is gone: the next reader of the pipe gets only what comes next.
  writer.write('next\n');
  const next = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const buffer = Buffer.alloc(16);
  let length = -1;
  await waitUntil(() => {
    try {
      length = readSync(next, buffer);
      return true;
    } catch {
      return false;
    }
  }, 'the next bytes arrive');
  closeQuietly(next);
  closeQuietly(readFd);
  writer.destroy();
  assert.equal(buffer.subarray(0, length).toString(), 'next\n');
  assert.equal(sink.bytes.toString(), 'x\n');
  assert.equal(sink.ends, 0);
});

test('a pipe that is non-blocking already (its read fails with EAGAIN) is read in non-blocking mode instead', async () => {
  const { readFd, writer } = inputPipe(true);
  const sink = new RecordingSink();
  new ThreadPoolReader(readFd, Buffer.allocUnsafe(BUFFER_BYTES)).start(sink);
  await pause(20);
  const big = randomBytes(3 * 1024 * 1024);
  writer.write('after a pause\n');
  writer.end(big);
  await sink.ended;
  // The non-blocking reader's socket owns the descriptor and closed it.
  assert.ok(sink.bytes.equals(Buffer.concat([Buffer.from('after a pause\n'), big])));
  assert.equal(sink.ends, 1);
});
