import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEcho } from '../../src/echo/echo.js';
import type { EchoEnd } from '../../src/echo/echo.js';
import type { EchoOutput } from '../../src/echo/echo-output.js';
import type { ChunkSink, InputReader } from '../../src/echo/input-reader.js';

/** A reader the test drives by hand through `sink`. */
class HandReader implements InputReader {
  sink: ChunkSink | null = null;
  stops = 0;
  start(sink: ChunkSink): void {
    this.sink = sink;
  }
  stop(): void {
    this.stops += 1;
  }
  deliver(text: string): Promise<void> | undefined {
    assert.ok(this.sink !== null);
    return this.sink.chunk(Buffer.from(text));
  }
}

/** An output that records what it was given; `next` is what its next write returns. */
class RecordingOutput implements EchoOutput {
  readonly written: string[] = [];
  next: Promise<void> | undefined | false = undefined;
  gone: () => void = () => {};
  closedWith: EchoEnd | null = null;
  write(chunk: Buffer): Promise<void> | undefined | false {
    const result = this.next;
    this.next = undefined;
    if (result !== false) this.written.push(chunk.toString());
    return result;
  }
  onGone(listener: () => void): void {
    this.gone = listener;
  }
  close(end: EchoEnd, closed: (end: EchoEnd) => void): void {
    this.closedWith = end;
    closed(end);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Whether `promise` has settled after the microtasks queued so far have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test('each chunk is written, then analysed, and reading goes on at once when neither waits', async () => {
  const reader = new HandReader();
  const output = new RecordingOutput();
  const analysed: string[] = [];
  const echo = runEcho(
    reader,
    output,
    (chunk) => {
      analysed.push(`${output.written.length}:${chunk.toString()}`);
      return undefined;
    },
    () => {},
  );
  assert.equal(reader.deliver('a\n'), undefined);
  assert.equal(reader.deliver('b'), undefined);
  reader.sink?.end();
  assert.deepEqual(await echo.done, { end: 'input_ended' });
  assert.deepEqual(output.written, ['a\n', 'b']);
  assert.deepEqual(analysed, ['1:a\n', '2:b'], 'each chunk was written before it was analysed');
  assert.equal(reader.stops, 1);
});

test('a full output, a lagging analysis, or both make reading wait until all of them settle', async () => {
  const reader = new HandReader();
  const output = new RecordingOutput();
  let backlog: Promise<void> | undefined;
  runEcho(
    reader,
    output,
    () => backlog,
    () => {},
  );
  const flushed = deferred();
  output.next = flushed.promise;
  assert.equal(reader.deliver('full output\n'), flushed.promise);
  const lag = deferred();
  backlog = lag.promise;
  assert.equal(reader.deliver('lagging analysis\n'), lag.promise);
  const both = [deferred(), deferred()] as const;
  output.next = both[0].promise;
  backlog = both[1].promise;
  const wait = reader.deliver('both\n');
  assert.ok(wait !== undefined);
  both[0].resolve();
  assert.equal(await settled(wait), false, 'the analysis is still behind');
  both[1].resolve();
  assert.equal(await settled(wait), true);
});

test('an analysis that throws is reported and the echo goes on', async () => {
  const reader = new HandReader();
  const output = new RecordingOutput();
  const errors: unknown[] = [];
  const echo = runEcho(
    reader,
    output,
    () => {
      throw new Error('bug');
    },
    (error) => errors.push(error),
  );
  assert.equal(reader.deliver('x\n'), undefined);
  reader.deliver('y\n');
  reader.sink?.end();
  assert.equal((await echo.done).end, 'input_ended');
  assert.deepEqual(output.written, ['x\n', 'y\n']);
  assert.equal(errors.length, 2);
});

test('an output whose reader left ends the echo with output_closed, stops the reader, and the chunk is not analysed', async () => {
  const reader = new HandReader();
  const output = new RecordingOutput();
  let analysed = 0;
  const echo = runEcho(
    reader,
    output,
    () => {
      analysed += 1;
      return undefined;
    },
    () => {},
  );
  output.next = false;
  assert.equal(reader.deliver('lost\n'), undefined);
  assert.deepEqual(await echo.done, { end: 'output_closed' });
  assert.equal(analysed, 0);
  assert.equal(reader.stops, 1);
  assert.equal(output.closedWith, 'output_closed');
});

test('the first end counts: a reader leaving later, a stop after the end, or a second stop change nothing', async () => {
  const reader = new HandReader();
  const output = new RecordingOutput();
  const echo = runEcho(
    reader,
    output,
    () => undefined,
    () => {},
  );
  output.gone();
  echo.stop();
  reader.sink?.end();
  assert.equal((await echo.done).end, 'output_closed');
  assert.equal(reader.stops, 1);
});
