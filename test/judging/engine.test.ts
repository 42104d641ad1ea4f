import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import { Engine } from '../../src/judging/engine.js';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { recorder } from '../helpers/engine-recorder.js';

const line = (headerLine: string, payload: string): Buffer => {
  const hex = toHexLine(headerLine, Buffer.from(payload, 'latin1'));
  return hex.subarray(0, hex.length - 1);
};
const REQUEST = 'POST /v2/robot/query HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"robot_id":"r-001"}';
const response = (body: string): string => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const robot = () => loadConfig({ preset: 'robot' }, undefined, () => '');

/** Feeds a watched exchange to a fresh robot engine: REQUEST, then `origin`, then each replay (in order); returns its results. */
function judged(id: string, origin: string, ...replays: string[]): ReturnType<typeof recorder>['results'] {
  const { sink, results } = recorder();
  const engine = new Engine(robot(), sink);
  engine.line(line(`1 ${id} 1000000`, REQUEST), 0);
  engine.line(line(`2 ${id} 2000000`, origin), 0);
  replays.forEach((replay, i) => {
    engine.line(line(`3 ${id} 3000000 ${500000 + i}`, replay), 0);
  });
  return results;
}

test('a replay identical to its origin shares the origin payload and is judged identical', () => {
  const body = '{"code":0,"results":{"a":1}}';
  const results = judged('aa', response(body), response(body));
  assert.equal(results.length, 1);
  const [result] = results;
  assert.equal(result?.reason, 'identical');
  assert.equal(result?.messages.replay?.payload, result?.messages.origin?.payload, 'one buffer for both');
  assert.equal(result?.messages.replay?.header.duration, 500000n, 'the replay keeps its own header');
  assert.deepEqual(result?.status, { origin: 200, replay: 200 });
  assert.equal(result?.request.body?.toString(), '{"robot_id":"r-001"}', 'the request is described on demand');
  assert.equal(result?.originBody?.toString(), body, 'bodies are decoded on demand');
  assert.equal(result?.replayBody?.toString(), body);
});

test('a replay differing in one byte is decoded on its own and compared', () => {
  const [result] = judged('bb', response('{"code":0,"results":{"a":1}}'), response('{"code":0,"results":{"a":2}}'));
  assert.equal(result?.verdict, 'error');
  assert.notEqual(result?.messages.replay?.payload, result?.messages.origin?.payload);
  assert.equal(result?.replayBody?.toString(), '{"code":0,"results":{"a":2}}');
});

test('identical gzip responses are judged identical without decoding, and decoded when asked', async () => {
  const { gzipSync } = await import('node:zlib');
  const body = gzipSync('{"code":0,"results":{"a":1}}').toString('latin1');
  const gzipped = `HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const [result] = judged('gz', gzipped, gzipped);
  assert.equal(result?.reason, 'identical');
  assert.equal(result?.originBody?.toString(), '{"code":0,"results":{"a":1}}');
});

test('a replay that came before its origin is decoded as before', () => {
  const { sink, results } = recorder();
  const engine = new Engine(robot(), sink);
  const body = '{"code":0}';
  engine.line(line('1 cc 1000000', REQUEST), 0);
  engine.line(line('3 cc 3000000 500000', response(body)), 0);
  engine.line(line('2 cc 2000000', response(body)), 0);
  assert.equal(results[0]?.reason, 'identical');
});

test('an extra replay identical to a completed origin is judged identical too', () => {
  const body = '{"code":0}';
  const results = judged('dd', response(body), response(body), response(body));
  assert.deepEqual(
    results.map((result) => [result.reason, result.replayIndex]),
    [
      ['identical', 0],
      ['identical', 1],
    ],
  );
});
