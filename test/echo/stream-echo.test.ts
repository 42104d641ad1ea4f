import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { startEcho } from '../../src/echo/stream-echo.js';

test('the stream echo writes every chunk unchanged and in order, then hands it to analysis', async () => {
  const input = new PassThrough();
  const written: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk);
      callback();
    },
  });
  const analysed: string[] = [];
  const echo = startEcho(
    input,
    output,
    (chunk) => {
      analysed.push(`${written.length}:${chunk.toString()}`);
      return undefined;
    },
    () => {},
  );
  input.write('ab\n');
  input.write('cd');
  input.end('\n');
  assert.equal((await echo.done).end, 'input_ended');
  assert.equal(Buffer.concat(written).toString(), 'ab\ncd\n');
  // Each chunk was already written when analysis saw it.
  assert.deepEqual(analysed, ['1:ab\n', '2:cd', '3:\n']);
});

test('reading waits while analysis is behind, then carries on', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let release: () => void = () => {};
  const backlog = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  const echo = startEcho(
    input,
    output,
    () => (++calls === 1 ? backlog : undefined),
    () => {},
  );
  input.write('a\n');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(input.isPaused(), true);
  release();
  await backlog;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(input.isPaused(), false);
  input.end('b\n');
  assert.equal((await echo.done).end, 'input_ended');
  assert.equal(calls, 2);
});

test('an error on the output (the reader left) ends the echo quietly', async () => {
  const input = new PassThrough();
  const output = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('EPIPE'), { code: 'EPIPE' }));
    },
  });
  const echo = startEcho(
    input,
    output,
    () => undefined,
    () => {},
  );
  input.write('a\n');
  assert.equal((await echo.done).end, 'output_closed');
});
