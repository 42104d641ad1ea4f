import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComparatorName } from '../../src/compare/comparators.js';
import { formatPath } from '../../src/compare/ignore-paths.js';
import { judgeExchange } from '../../src/compare/judge.js';
import type { JudgeRoute } from '../../src/compare/judge.js';
import { compileArrayKeys } from '../../src/compare/keyed-arrays.js';
import type { GorMessage, PayloadKind } from '../../src/protocol/gor-message.js';

// The walk's notes in the judgement of an exchange, whichever comparator decides and whether
// or not response headers differ too.

const OPTIONS = { maxDiffs: 50, maxBodyBytes: 1024 * 1024 };
const request: GorMessage = { header: { kind: 'request', id: 'id1', timestamp: 1n }, payload: Buffer.from('POST /a HTTP/1.1\r\n\r\n') };

function response(kind: PayloadKind, body: string, location = '/x'): GorMessage {
  const head = ['HTTP/1.1 200 OK', 'Content-Type: application/json', `Location: ${location}`, `Content-Length: ${Buffer.byteLength(body)}`].join('\r\n');
  return { header: { kind, id: 'id1', timestamp: 2n }, payload: Buffer.from(`${head}\r\n\r\n${body}`) };
}

function judge(origin: string, replay: string, comparator: ComparatorName = 'json', replayLocation?: string) {
  const route: JudgeRoute = { name: 'r', comparator, ignore: undefined, arrayKeys: compileArrayKeys([{ path: 'results.hint_list', field: 'id' }]) };
  const input = {
    id: 'id1',
    route,
    method: 'POST',
    target: '/a',
    request,
    origin: response('response', origin),
    replay: response('replay', replay, replayLocation),
    replayIndex: 0,
  };
  return judgeExchange(input, OPTIONS);
}

const twice = '{"results":{"hint_list":[{"id":1},{"id":1}]}}';

test('notes of a walk that found no difference stay with the ok judgement', () => {
  const result = judge(twice, `${twice} `);
  assert.deepEqual([result.verdict, result.reason, result.notes], ['ok', 'json_equal', undefined], 'bodies equal as JSON are never walked, so carry no note');
  const reordered = judge('{"results":{"hint_list":[{"id":1},{"id":2},{"id":1}]}}', '{"results":{"hint_list":[{"id":2},{"id":1},{"id":1}]}}');
  assert.deepEqual([reordered.verdict, reordered.reason], ['ok', 'comparator_ok']);
  assert.deepEqual(reordered.notes, ['results.hint_list[id=1] is not unique (2 in origin, 2 in replay): its elements are paired in order']);
});

test('notes stay with the judgement of every comparator built on the structural diff, and beside header differences', () => {
  const replay = '{"results":{"hint_list":[{"id":1},{"id":3}]}}';
  const hint = judge(twice, replay, 'input_hint');
  assert.deepEqual([hint.verdict, hint.reason, hint.diffs.map((d) => formatPath(d.path))], ['warn', 'hint_list_present', ['results.hint_list[id=1]', 'results.hint_list[id=3]']]);
  assert.equal(hint.notes?.length, 1);
  const withHeader = judge(twice, replay, 'json', '/moved');
  assert.deepEqual([withHeader.reason, withHeader.diffs[0]?.path, withHeader.notes?.length], ['body_mismatch', ['headers', 'location'], 1]);
  const reordered = '{"results":{"hint_list":[{"id":2},{"id":1},{"id":1}]}}';
  const headerOnly = judge('{"results":{"hint_list":[{"id":1},{"id":2},{"id":1}]}}', reordered, 'json', '/moved');
  assert.deepEqual([headerOnly.reason, headerOnly.totalDiffs, headerOnly.notes?.length], ['header_mismatch', 1, 1]);
});
