import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import { Engine } from '../../src/judging/engine.js';
import type { GorMessage } from '../../src/protocol/gor-message.js';
import { recorder } from '../helpers/engine-recorder.js';
import { fixturePath, readGorFixture } from '../helpers/gor-stream.js';

const records = readGorFixture(fixturePath('exchanges', 'robot-regressions.gor')).records;
const messageOf = (id: string, type: string): GorMessage => {
  const record = records.find((candidate) => candidate.header?.id === id && candidate.headerLine.startsWith(`${type} `));
  assert.ok(record !== undefined && record.header !== null);
  return { header: record.header, payload: record.payload };
};

test('a failed replay of a watched request is judged at once as incomplete replay_failed, with its origin', () => {
  const { sink, results, counts } = recorder();
  const engine = new Engine(
    loadConfig({ preset: 'robot' }, undefined, () => ''),
    sink,
  );
  engine.replayFailed(messageOf('b20200000000000000000006', '1'), messageOf('b20200000000000000000006', '2'), 'socket hang up', 0);
  assert.equal(results.length, 1);
  const [result] = results;
  assert.equal(result?.verdict, 'incomplete');
  assert.equal(result?.reason, 'replay_failed');
  assert.equal(result?.detail, 'socket hang up');
  assert.equal(result?.route, 'query');
  assert.equal(result?.status.origin, 200);
  assert.equal(result?.status.replay, null);
  assert.ok(result?.messages.origin !== null && result?.messages.replay === null);
  assert.deepEqual(counts, ['message request', 'message response']);
  assert.equal(engine.pending, 0, 'nothing is left pending');
  engine.finish();
  assert.equal(results.length, 1);
});

test('a failed replay of an unwatched request is counted as skipped, an empty or non-request message as malformed', () => {
  const { sink, results, counts } = recorder();
  const engine = new Engine(
    loadConfig({ preset: 'robot' }, undefined, () => ''),
    sink,
  );
  engine.replayFailed(messageOf('b20000000000000000000009', '1'), messageOf('b20000000000000000000009', '2'), 'timeout', 0);
  engine.replayFailed({ header: { kind: 'request', id: 'empty', timestamp: 1n }, payload: Buffer.alloc(0) }, null, 'timeout', 0);
  engine.replayFailed(messageOf('b20200000000000000000006', '2'), null, 'timeout', 0);
  assert.deepEqual(results, []);
  assert.deepEqual(counts, ['message request', 'skipped unwatched', 'malformed no_payload', 'malformed bad_header']);
});
