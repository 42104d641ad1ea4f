import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fdEchoSupported, startFdEcho } from '../../src/echo/fd-echo.js';
import { waitUntil } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { closeQuietly, collect, inputPipe, outputPipe, pause } from './pipes.js';

const tempDir = tempDirs('fd-echo');

test('pipes and files are served by the descriptor echo', () => {
  const { readFd, writer } = inputPipe();
  const path = join(tempDir(), 'file');
  writeFileSync(path, '');
  const fileFd = openSync(path, 'r');
  assert.equal(fdEchoSupported(readFd), true);
  assert.equal(fdEchoSupported(fileFd), true);
  assert.equal(fdEchoSupported(-1), false);
  writer.destroy();
  closeQuietly(readFd);
  closeQuietly(fileFd);
});

test('from a blocking pipe to a slow pipe reader: byte for byte, analysed after the echo, the last line without LF kept', async () => {
  const input = inputPipe();
  const output = outputPipe();
  let echoed = 0;
  let analysed = 0;
  output.reader.on('data', (chunk: Buffer) => {
    echoed += chunk.length;
  });
  const received = collect(output.reader);
  const echo = startFdEcho(
    input.readFd,
    output.writeFd,
    (chunk) => {
      analysed += chunk.length;
      assert.ok(analysed <= echoed + 1024 * 1024, 'analysis never runs ahead of what was written');
      return undefined;
    },
    () => {},
  );
  const content = Buffer.concat([randomBytes(6 * 1024 * 1024), Buffer.from('\nlast, no LF')]);
  input.writer.end(content);
  // A reader that takes its time: the echo waits for it instead of holding the input in memory.
  output.reader.pause();
  await pause(50);
  output.reader.resume();
  assert.deepEqual(await echo.done, { end: 'input_ended' });
  closeQuietly(input.readFd);
  assert.ok((await received).equals(content));
  assert.equal(analysed, content.length);
});

test('stopped while the input pipe is idle: the echo ends at once and nothing more is echoed', async () => {
  const input = inputPipe();
  const output = outputPipe();
  const received = collect(output.reader);
  output.reader.resume();
  let analysed = 0;
  const echo = startFdEcho(
    input.readFd,
    output.writeFd,
    (chunk) => {
      analysed += chunk.length;
      return undefined;
    },
    () => {},
  );
  input.writer.write('one line\n');
  await waitUntil(() => analysed === 9, 'the line is echoed');
  await pause(20);
  echo.stop();
  assert.deepEqual(await echo.done, { end: 'stopped' });
  await pause(20);
  input.writer.destroy();
  closeQuietly(input.readFd);
  assert.equal((await received).toString(), 'one line\n');
  assert.equal(analysed, 9);
});

test('from a regular file, whole and in order', async () => {
  const path = join(tempDir(), 'input');
  const content = randomBytes(10 * 1024 * 1024);
  writeFileSync(path, content);
  const inputFd = openSync(path, 'r');
  const output = outputPipe();
  const received = collect(output.reader);
  output.reader.resume();
  const echo = startFdEcho(
    inputFd,
    output.writeFd,
    () => undefined,
    () => {},
  );
  assert.equal((await echo.done).end, 'input_ended');
  closeQuietly(inputFd);
  assert.ok((await received).equals(content));
});
