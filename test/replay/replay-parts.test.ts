import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, responsePayload } from '../../src/replay/http-replayer.js';
import type { ReplayOutcome } from '../../src/replay/http-replayer.js';
import { ReplayPairs } from '../../src/replay/replay-pairs.js';
import type { CapturedMessage } from '../../src/replay/replay-pairs.js';
import { formatReplayBar, formatReplayLine, ReplayProgress } from '../../src/replay/replay-progress.js';
import { CLEAR_LINE } from '../../src/report/terminal.js';
import type { Clock } from '../../src/judging/clock.js';
import { ReplayQueue } from '../../src/replay/replay-queue.js';
import { parseGorHeader } from '../../src/protocol/gor-file.js';
import { decodeBody } from '../../src/protocol/body-decoder.js';
import { parseHttpMessage } from '../../src/protocol/http-payload.js';

function message(headerLine: string): CapturedMessage {
  const header = parseGorHeader(headerLine);
  assert.ok(header !== null);
  return { headerLine, header, payload: Buffer.from(headerLine) };
}

const OK: ReplayOutcome = { ok: true, replay: { header: { kind: 'replay', id: 'a', timestamp: 1n, duration: 1n }, payload: Buffer.from('HTTP/1.1 200 OK\r\n\r\n') } };

test('an exchange is ready once request, origin and outcome are in, in any order', () => {
  const ready: string[] = [];
  const pairs = new ReplayPairs(10, (request, origin) => ready.push(`${request.headerLine}|${origin.headerLine}`));
  const a = pairs.request(message('1 a 1'));
  pairs.outcome(a, OK);
  assert.deepEqual(ready, []);
  pairs.origin(message('2 a 2'));
  pairs.origin(message('2 b 3'));
  const b = pairs.request(message('1 b 4'));
  pairs.outcome(b, OK);
  assert.deepEqual(ready, ['1 a 1|2 a 2', '1 b 4|2 b 3']);
  pairs.end();
  assert.equal(pairs.withoutOrigin, 0);
});

test('requests whose origin never comes are counted, repeated IDs included', () => {
  const ready: string[] = [];
  const pairs = new ReplayPairs(10, (request) => ready.push(request.headerLine));
  const first = pairs.request(message('1 a 1'));
  const second = pairs.request(message('1 a 2'));
  pairs.origin(message('2 a 3'));
  pairs.outcome(second, OK);
  pairs.outcome(first, OK);
  const lonely = pairs.request(message('1 c 4'));
  pairs.outcome(lonely, { ok: false, error: 'boom' });
  pairs.end();
  assert.deepEqual(ready, ['1 a 2'], 'the origin goes to the latest request of its ID');
  assert.equal(pairs.withoutOrigin, 2);
});

test('answered requests waiting for their origin are given up beyond the cap, in-flight ones never', () => {
  const pairs = new ReplayPairs(2, () => {});
  const inFlight = pairs.request(message('1 a 1'));
  for (const id of ['b', 'c', 'd']) pairs.outcome(pairs.request(message(`1 ${id} 1`)), OK);
  assert.equal(pairs.withoutOrigin, 0, 'the oldest is in flight, so nothing is given up');
  pairs.outcome(inFlight, OK);
  pairs.request(message('1 e 1'));
  assert.equal(pairs.withoutOrigin, 3);
});

test('the queue never runs more than its concurrency and waits for a slot', async () => {
  const queue = new ReplayQueue({ concurrency: 2, ratePerSecond: null });
  const releases: Array<() => void> = [];
  let running = 0;
  let most = 0;
  const task = (): Promise<void> =>
    new Promise<void>((resolve) => {
      running += 1;
      most = Math.max(most, running);
      releases.push(() => {
        running -= 1;
        resolve();
      });
    });
  await queue.submit(task);
  await queue.submit(task);
  let thirdStarted = false;
  const third = queue.submit(task).then(() => {
    thirdStarted = true;
  });
  await Promise.resolve();
  assert.equal(thirdStarted, false);
  releases.shift()?.();
  await third;
  assert.equal(thirdStarted, true);
  assert.equal(most, 2);
  while (releases.length > 0) releases.shift()?.();
  await queue.drain();
  assert.equal(queue.running, 0);
});

test('with a rate, starts are spaced 1000 / rate ms apart', async () => {
  let now = 1000;
  const waits: number[] = [];
  const queue = new ReplayQueue({
    concurrency: 10,
    ratePerSecond: 4,
    now: () => now,
    wait: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  });
  for (let i = 0; i < 3; i++) await queue.submit(async () => {});
  assert.deepEqual(waits, [250, 250]);
});

test('a captured request is rebuilt: hop-by-hop fields dropped, chunked body de-chunked with its length', () => {
  const payload = Buffer.from(
    'POST /q?x=1 HTTP/1.1\r\nhost: api.example\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nX-Trace: 1\r\nX-Trace: 2\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
  );
  const built = buildRequest(payload, { target: new URL('http://127.0.0.1:9'), rewriteHost: false, maxResponseBytes: 1 << 20 });
  assert.ok(!('error' in built));
  assert.equal(built.method, 'POST');
  assert.equal(built.target, '/q?x=1');
  assert.deepEqual(built.headers, ['host', 'api.example', 'X-Trace', '1', 'X-Trace', '2', 'Content-Length', '5']);
  assert.equal(built.body.toString(), 'abcde');
  const rewritten = buildRequest(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n'), { target: new URL('http://127.0.0.1:9'), rewriteHost: true, maxResponseBytes: 1 << 20 });
  assert.ok(!('error' in rewritten));
  assert.deepEqual(rewritten.headers, ['Host', '127.0.0.1:9']);
  assert.match((buildRequest(Buffer.from('garbage'), { target: new URL('http://h'), rewriteHost: false, maxResponseBytes: 1 }) as { error: string }).error, /^unreadable request/);
});

test('a chunked answer is re-chunked into one chunk, headers as received, so it decodes to the body', () => {
  const body = Buffer.from('{"a":1}');
  const payload = responsePayload({ httpVersion: '1.1', statusCode: 200, statusMessage: 'OK', rawHeaders: ['transfer-encoding', 'chunked', 'X-A', 'b'] }, body);
  assert.equal(payload.toString(), 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nX-A: b\r\n\r\n7\r\n{"a":1}\r\n0\r\n\r\n');
  const parsed = parseHttpMessage(payload, 'response');
  assert.ok(parsed.ok);
  const decoded = decodeBody(parsed, { maxBytes: 100 });
  assert.ok(decoded.ok && decoded.body.equals(body));
  assert.equal(responsePayload({ httpVersion: '1.1', statusCode: 204, statusMessage: '', rawHeaders: [] }, Buffer.alloc(0)).toString(), 'HTTP/1.1 204\r\n\r\n');
});

test('progress shows done/total, rate and failures', () => {
  const figures = { done: 40, total: 100, failed: 1, errors: 2, elapsedMs: 2000 };
  assert.equal(formatReplayBar(figures), 'replay [##########..............] 40/100 40% | 20.0 req/s | 2 errors, 1 failed');
  assert.equal(formatReplayLine(figures), 'replay: 40/100 sent, 20.0 req/s, 2 errors, 1 failed');
  assert.equal(formatReplayLine({ ...figures, total: null, errors: 1 }), 'replay: 40 sent, 20.0 req/s, 1 error, 1 failed');
});

function manualClock(): Clock & { fire(): void } {
  const tasks: Array<() => void> = [];
  return {
    now: () => 0,
    every: (_ms, task) => {
      tasks.push(task);
      return () => tasks.splice(tasks.indexOf(task), 1);
    },
    fire: () => {
      for (const task of tasks) task();
    },
  };
}

test('on a terminal the bar redraws in place and is cleared before any other line', () => {
  const written: string[] = [];
  const clock = manualClock();
  const progress = new ReplayProgress({ stderr: { write: (text: string) => written.push(text), isTTY: true }, env: {} }, 10_000, clock);
  progress.start(() => ({ done: 1, total: 2, failed: 0, errors: 0, elapsedMs: 1000 }));
  clock.fire();
  progress.io.stderr.write('error  query 1 body_mismatch\n');
  progress.io.stderr.write('next line\n');
  clock.fire();
  progress.stop();
  clock.fire();
  const bar = `${CLEAR_LINE}replay [############............] 1/2 50% | 1.0 req/s | 0 errors, 0 failed`;
  assert.deepEqual(written, [bar, CLEAR_LINE, 'error  query 1 body_mismatch\n', 'next line\n', bar, CLEAR_LINE]);
});

test('off a terminal, progress is plain lines at the interval; interval 0 shows nothing anywhere', () => {
  const written: string[] = [];
  const clock = manualClock();
  const io = { stderr: { write: (text: string) => written.push(text) }, env: {} };
  const progress = new ReplayProgress(io, 1000, clock);
  progress.start(() => ({ done: 3, total: null, failed: 1, errors: 0, elapsedMs: 1000 }));
  clock.fire();
  progress.stop();
  assert.deepEqual(written, ['replay: 3 sent, 3.0 req/s, 0 errors, 1 failed\n']);
  const silent = new ReplayProgress(io, 0, clock);
  silent.start(() => ({ done: 3, total: null, failed: 1, errors: 0, elapsedMs: 1000 }));
  const silentBar = new ReplayProgress({ stderr: { write: (text: string) => written.push(text), isTTY: true }, env: {} }, 0, clock);
  silentBar.start(() => ({ done: 3, total: null, failed: 1, errors: 0, elapsedMs: 1000 }));
  clock.fire();
  assert.equal(written.length, 1, 'interval 0 turns the bar off too');
});
