import { spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { NonBlockingReader } from '../../src/echo/non-blocking-reader.js';
import { waitUntil } from '../helpers/run-cli.js';
import { inputPipe, pause, RecordingSink } from './pipes.js';

const BUFFER_BYTES = 1024 * 1024;

test('a non-blocking pipe fed in bursts with idle gaps comes out whole and in order, then ends once', async () => {
  const { readFd, writer } = inputPipe(true);
  const sink = new RecordingSink();
  new NonBlockingReader(readFd, Buffer.allocUnsafe(BUFFER_BYTES)).start(sink);
  const parts = [Buffer.from('a trickle\n'), randomBytes(6 * 1024 * 1024), Buffer.from('after a gap\n'), Buffer.from('last, no LF')];
  for (const part of parts) {
    writer.write(part);
    await pause(20);
  }
  writer.end();
  await sink.ended;
  // The reader's socket owns the descriptor and closed it.
  assert.ok(sink.bytes.equals(Buffer.concat(parts)));
  await pause(20);
  assert.equal(sink.ends, 1);
});

test('a wait returned by the sink holds reading, data and the end of input included, until it settles', async () => {
  const { readFd, writer } = inputPipe(true);
  const sink = new RecordingSink();
  const release = sink.holdNext();
  const reader = new NonBlockingReader(readFd, Buffer.allocUnsafe(BUFFER_BYTES));
  reader.start(sink);
  writer.write('a\n');
  await waitUntil(() => sink.chunks.length === 1, 'the first chunk is delivered');
  writer.end('b\n');
  await pause(50);
  assert.equal(sink.chunks.length, 1, 'nothing is delivered while the wait is pending');
  assert.equal(sink.ends, 0);
  release();
  await sink.ended;
  reader.stop();
  assert.equal(sink.bytes.toString(), 'a\nb\n');
});

test('after stop on an idle pipe nothing more is delivered', async () => {
  const { readFd, writer } = inputPipe(true);
  const sink = new RecordingSink();
  const reader = new NonBlockingReader(readFd, Buffer.allocUnsafe(BUFFER_BYTES));
  reader.start(sink);
  writer.write('x\n');
  await waitUntil(() => sink.chunks.length === 1, 'the input is delivered');
  reader.stop();
  writer.end('y\n');
  await pause(50);
  assert.equal(sink.bytes.toString(), 'x\n');
  assert.equal(sink.ends, 0);
});

// Node gives a child's piped stdin as a socket pair; no socket of its own is on that
// descriptor unless the child makes one, so the reader can be tried on it there.
const SOCKET_HARNESS = `
import { writeSync } from 'node:fs';
const { NonBlockingReader } = await import(process.argv[1]);
const out = [];
new NonBlockingReader(0, Buffer.allocUnsafe(${BUFFER_BYTES})).start({
  chunk: (chunk) => { out.push(Buffer.from(chunk)); return undefined; },
  end: () => { const all = Buffer.concat(out); writeSync(1, all); },
});
`;

test('a socket pair comes out whole and in order', async () => {
  const modulePath = new URL('../../src/echo/non-blocking-reader.js', import.meta.url).href;
  const child = spawn(process.execPath, ['--input-type=module', '-e', SOCKET_HARNESS, modulePath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const received: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => received.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const parts = [Buffer.from('first\n'), randomBytes(4 * 1024 * 1024), Buffer.from('last, no LF')];
  for (const part of parts) {
    child.stdin.write(part);
    await pause(20);
  }
  child.stdin.end();
  assert.equal(await exited, 0);
  assert.ok(Buffer.concat(received).equals(Buffer.concat(parts)));
});
