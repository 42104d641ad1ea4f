import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EchoEnd } from '../../src/echo/echo.js';
import { FdOutput } from '../../src/echo/fd-output.js';
import { waitUntil } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { closeQuietly, collect, outputPipe } from './pipes.js';

const tempDir = tempDirs('fd-output');

test('a chunk a full pipe refuses is queued, the write waits for it, and the reader gets every byte in order', async () => {
  const { writeFd, reader } = outputPipe();
  const output = new FdOutput(writeFd);
  const chunk = randomBytes(1024 * 1024);
  const flushed = output.write(chunk);
  assert.ok(flushed instanceof Promise, 'the pipe holds less than the chunk: the rest waits');
  // The caller may reuse its buffer at once: what was queued is a copy.
  const expected = Buffer.from(chunk);
  chunk.fill(0);
  const received = collect(reader);
  reader.resume();
  await flushed;
  let closedAs: EchoEnd | undefined;
  output.close('input_ended', (end) => {
    closedAs = end;
  });
  assert.equal(closedAs, 'input_ended');
  assert.ok((await received).equals(expected));
});

test('a write after the reader left returns false (EPIPE), without throwing', async () => {
  const { writeFd, reader } = outputPipe();
  const output = new FdOutput(writeFd);
  assert.equal(output.write(Buffer.from('seen\n')), undefined);
  reader.destroy();
  await new Promise((resolve) => reader.once('close', resolve));
  assert.equal(output.write(Buffer.from('lost\n')), false);
  output.close('output_closed', () => {});
});

test('the reader leaving while a chunk is queued is reported through onGone, and the wait still settles', async () => {
  const { writeFd, reader } = outputPipe();
  const output = new FdOutput(writeFd);
  let gone = 0;
  output.onGone(() => {
    gone += 1;
  });
  const flushed = output.write(randomBytes(1024 * 1024));
  assert.ok(flushed instanceof Promise);
  reader.destroy();
  await flushed;
  await waitUntil(() => gone > 0, 'the failed write is reported');
  assert.equal(gone, 1);
  output.close('output_closed', () => {});
});

test('a regular file is written synchronously to the end', () => {
  const path = join(tempDir(), 'out');
  const fd = openSync(path, 'w');
  const output = new FdOutput(fd);
  const chunk = randomBytes(3 * 1024 * 1024);
  assert.equal(output.write(chunk), undefined);
  output.close('input_ended', () => {});
  closeQuietly(fd);
  assert.ok(readFileSync(path).equals(chunk));
});
