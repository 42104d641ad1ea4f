import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageCounter } from '../../src/judging/message-counter.js';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { recorder } from '../helpers/engine-recorder.js';

const hexLine = (headerLine: string, payload: string): Buffer => {
  const line = toHexLine(headerLine, Buffer.from(payload, 'latin1'));
  return line.subarray(0, line.length - 1);
};

test('the message counter counts lines by type from their header (every request unwatched), and undecodable lines by reason', () => {
  const { sink, counts, results } = recorder();
  const counter = new MessageCounter(sink);
  counter.line(hexLine('1 a 1', 'GET / HTTP/1.1\r\n\r\n'));
  counter.line(hexLine('2 a 2', 'not even HTTP'));
  counter.line(hexLine('3 a 3 4', 'HTTP/1.1 200 OK\r\n\r\n'));
  counter.line(Buffer.from('zz'));
  counter.line(hexLine('4 a 1', 'x'));
  counter.line(Buffer.alloc(0));
  assert.deepEqual(counts, ['message request', 'skipped unwatched', 'message response', 'message replay', 'malformed bad_hex', 'malformed bad_header', 'malformed empty']);
  counter.finish();
  assert.deepEqual(results, [], 'nothing is ever judged');
  assert.equal(counter.pending, 0);
});

test('the message counter counts decoded messages and failed replays the same way', () => {
  const { sink, counts } = recorder();
  const counter = new MessageCounter(sink);
  const request = { header: { kind: 'request', id: 'a', timestamp: 1n }, payload: Buffer.from('GET / HTTP/1.1\r\n\r\n') } as const;
  const origin = { header: { kind: 'response', id: 'a', timestamp: 2n }, payload: Buffer.from('HTTP/1.1 200 OK\r\n\r\n') } as const;
  counter.message(request);
  counter.message({ ...origin, payload: Buffer.alloc(0) });
  counter.replayFailed(request, origin);
  counter.replayFailed(request, null);
  assert.deepEqual(counts, [
    'message request',
    'skipped unwatched',
    'malformed no_payload',
    'message request',
    'skipped unwatched',
    'message response',
    'message request',
    'skipped unwatched',
  ]);
});
