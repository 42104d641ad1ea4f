import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import { Engine } from '../../src/judging/engine.js';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { recorder } from '../helpers/engine-recorder.js';
import { fixturePath, readGorFixture } from '../helpers/gor-stream.js';

const records = readGorFixture(fixturePath('exchanges', 'robot-regressions.gor')).records;
const lineOf = (id: string, type: string): Buffer => {
  const record = records.find((candidate) => candidate.header?.id === id && candidate.headerLine.startsWith(`${type} `));
  assert.ok(record !== undefined);
  const line = toHexLine(record.headerLine, record.payload);
  return line.subarray(0, line.length - 1);
};

test('a failed replay of a watched request is judged at once as incomplete replay_failed, with its origin', () => {
  const { sink, results, counts } = recorder();
  const engine = new Engine(loadConfig({ preset: 'robot' }, undefined, () => ''), sink);
  engine.replayFailed(lineOf('b20200000000000000000006', '1'), lineOf('b20200000000000000000006', '2'), 'socket hang up', 0);
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

test('a failed replay of an unwatched request is counted as skipped, a bad line as malformed', () => {
  const { sink, results, counts } = recorder();
  const engine = new Engine(loadConfig({ preset: 'robot' }, undefined, () => ''), sink);
  engine.replayFailed(lineOf('b20000000000000000000009', '1'), lineOf('b20000000000000000000009', '2'), 'timeout', 0);
  engine.replayFailed(Buffer.from('zz'), null, 'timeout', 0);
  engine.replayFailed(lineOf('b20200000000000000000006', '2'), null, 'timeout', 0);
  assert.deepEqual(results, []);
  assert.deepEqual(counts, ['message request', 'skipped unwatched', 'malformed bad_hex', 'malformed bad_header']);
});
