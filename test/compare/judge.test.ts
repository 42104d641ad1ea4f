import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { compileIgnorePaths } from '../../src/compare/ignore-paths.js';
import { describeIncomplete, judgeExchange } from '../../src/compare/judge.js';
import type { JudgeInput, JudgeRoute } from '../../src/compare/judge.js';
import type { ComparatorName } from '../../src/compare/comparators.js';
import type { GorMessage, PayloadKind } from '../../src/protocol/gor-message.js';

const OPTIONS = { maxDiffs: 50, maxBodyBytes: 1024 * 1024 };

function response(kind: PayloadKind, body: string | Buffer, status = 200, headers: string[] = [], timestamp = 2_000_000n, duration?: bigint): GorMessage {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = [`HTTP/1.1 ${status} X`, `Content-Length: ${bytes.length}`, ...headers].join('\r\n');
  const header = duration === undefined ? { kind, id: 'id1', timestamp } : { kind, id: 'id1', timestamp, duration };
  return { header, payload: Buffer.concat([Buffer.from(`${head}\r\n\r\n`), bytes]) };
}

const request: GorMessage = {
  header: { kind: 'request', id: 'id1', timestamp: 1_000_000n },
  payload: Buffer.from('POST /v2/robot/query HTTP/1.1\r\nContent-Length: 18\r\nAuthorization: x\r\n\r\n{"robot_id":"664"}'),
};

function judge(origin: GorMessage, replay: GorMessage, comparator: ComparatorName = 'json', ignore: string[] = []) {
  const route: JudgeRoute = { name: 'r', comparator, ignore: ignore.length === 0 ? undefined : compileIgnorePaths(ignore) };
  const input: JudgeInput = { id: 'id1', route, method: 'POST', target: '/v2/robot/query', request, origin, replay, replayIndex: 0 };
  return judgeExchange(input, OPTIONS);
}

test('different status codes are an error before anything else', () => {
  const result = judge(response('response', '{}'), response('replay', '{}', 500));
  assert.equal(result.verdict, 'error');
  assert.equal(result.reason, 'status_mismatch');
  assert.deepEqual(result.status, { origin: 200, replay: 500 });
});

test('byte-identical bodies are ok, even when the comparator would refuse them', () => {
  const body = '{"results":{"hint_list":[]}}';
  const result = judge(response('response', body), response('replay', body), 'input_hint');
  assert.equal(result.verdict, 'ok');
  assert.equal(result.reason, 'identical');
});

test('JSON bodies equal ignoring key order are ok', () => {
  const result = judge(response('response', '{"a":1,"b":[1,2]}'), response('replay', '{"b":[1,2], "a":1.0}'));
  assert.deepEqual([result.verdict, result.reason], ['ok', 'json_equal']);
});

test('a gzip origin and a plain replay with the same JSON are identical once decoded', () => {
  const body = '{"a":1}';
  const result = judge(response('response', gzipSync(body), 200, ['Content-Encoding: gzip']), response('replay', body));
  assert.deepEqual([result.verdict, result.reason], ['ok', 'identical']);
});

test('the json comparator lists differing paths and errs', () => {
  const result = judge(response('response', '{"a":1,"b":2,"c":3}'), response('replay', '{"a":1,"b":5,"d":3}'));
  assert.equal(result.verdict, 'error');
  assert.equal(result.reason, 'body_mismatch');
  assert.equal(result.totalDiffs, 3);
  assert.deepEqual(
    result.diffs.map((d) => [d.path.join('.'), d.kind]),
    [
      ['b', 'changed'],
      ['c', 'removed'],
      ['d', 'added'],
    ],
  );
});

test('ignored paths do not count', () => {
  const result = judge(response('response', '{"a":1,"trace":{"id":1}}'), response('replay', '{"a":1,"trace":{"id":2}}'), 'json', ['trace.id']);
  assert.deepEqual([result.verdict, result.reason], ['ok', 'comparator_ok']);
});

test('input_hint: a non-empty replayed hint_list is a warning, an empty one an error', () => {
  const origin = response('response', '{"results":{"hint_list":["a","b"]}}');
  const warn = judge(origin, response('replay', '{"results":{"hint_list":["a","c"]}}'), 'input_hint');
  assert.deepEqual([warn.verdict, warn.reason], ['warn', 'hint_list_present']);
  assert.equal(warn.totalDiffs, 1);
  const error = judge(origin, response('replay', '{"results":{"hint_list":[]}}'), 'input_hint');
  assert.deepEqual([error.verdict, error.reason], ['error', 'hint_list_empty']);
  const missing = judge(origin, response('replay', '{"error":"x"}'), 'input_hint');
  assert.deepEqual([missing.verdict, missing.reason], ['error', 'hint_list_empty']);
});

test('intention: a non-empty replayed intention_list is ok, an empty or missing one an error', () => {
  const origin = response('response', '{"results":{"intention_list":[1]}}');
  assert.equal(judge(origin, response('replay', '{"results":{"intention_list":[2]}}'), 'intention').verdict, 'ok');
  assert.equal(judge(origin, response('replay', '{"results":{"intention_list":null}}'), 'intention').reason, 'intention_list_empty');
  assert.equal(judge(origin, response('replay', '{"results":[]}'), 'intention').reason, 'intention_list_empty');
});

test('the status comparator ignores bodies', () => {
  assert.deepEqual([judge(response('response', 'a'), response('replay', 'b'), 'status').verdict], ['ok']);
});

test('a body that should be JSON but is not is compared as text', () => {
  const result = judge(response('response', '{"a":1}'), response('replay', '<html>oops</html>'));
  assert.deepEqual([result.verdict, result.reason], ['error', 'text_mismatch']);
  assert.deepEqual(result.diffs, [{ path: ['body', 'line', 1], kind: 'changed', origin: '{"a":1}', replay: '<html>oops</html>' }]);
  assert.match(result.detail ?? '', /replayed body is not JSON/);
  assert.equal(judge(response('response', 'same text'), response('replay', 'same text')).verdict, 'ok');
});

test('an undecodable body is an error naming the failure', () => {
  const result = judge(response('response', Buffer.from('not gzip'), 200, ['Content-Encoding: gzip']), response('replay', '{}'));
  assert.deepEqual([result.verdict, result.reason], ['error', 'undecodable_body']);
  assert.match(result.detail ?? '', /bad_encoding/);
});

test('latencies come from the headers: origin = type-2 minus type-1 timestamp, replay = type-3 duration', () => {
  const result = judge(response('response', '{}', 200, [], 6_500_000n), response('replay', '{}', 200, [], 99n, 3_250_000n));
  assert.deepEqual(result.latencyMs, { origin: 5.5, replay: 3.25 });
});

test('the result carries request headers and body for reporting', () => {
  const result = judge(response('response', '{}'), response('replay', '{}'));
  assert.equal(result.request.body?.toString(), '{"robot_id":"664"}');
  assert.deepEqual(result.request.headers[1], ['Authorization', 'x']);
  assert.equal(result.path, '/v2/robot/query');
});

test('incomplete exchanges are described with what is known', () => {
  const route: JudgeRoute = { name: 'r', comparator: 'json', ignore: undefined };
  const input: JudgeInput = { id: 'id1', route, method: 'POST', target: '/q', request, origin: response('response', '{}'), replay: null, replayIndex: 0 };
  const result = describeIncomplete(input, 'missing_replay', OPTIONS);
  assert.deepEqual([result.verdict, result.reason, result.status.origin, result.status.replay], ['incomplete', 'missing_replay', 200, null]);
});

test('numbers are judged by exact value: IDs beyond double precision differ, 1 and 1.0 do not', () => {
  const big = judge(response('response', '{"id":12345678901234567890}'), response('replay', '{"id":12345678901234567891}'));
  assert.deepEqual([big.verdict, big.reason, big.totalDiffs], ['error', 'body_mismatch', 1]);
  assert.deepEqual(
    big.diffs.map((d) => [d.path.join('.'), d.kind, String(d.origin), String(d.replay)]),
    [['id', 'changed', '12345678901234567890', '12345678901234567891']],
  );
  const same = judge(response('response', '{"n":1,"id":12345678901234567890}'), response('replay', '{"id":12345678901234567890, "n":1.0}'));
  assert.deepEqual([same.verdict, same.reason], ['ok', 'json_equal']);
  const identical = judge(response('response', '{"id":12345678901234567890}'), response('replay', '{"id":12345678901234567890}'));
  assert.deepEqual([identical.verdict, identical.reason], ['ok', 'identical']);
});

test('every body comparator sees numbers beyond double precision', () => {
  const hints = (id: string): string => `{"trace":"t","results":{"hint_list":[{"id":${id}}],"intention_list":[{"id":${id}}]}}`;
  const origin = response('response', hints('12345678901234567890'));
  const replay = response('replay', hints('12345678901234567891').replace('"t"', '"u"'));
  const verdicts = (['json', 'query', 'input_hint', 'intention'] as const).map((name) => {
    const result = judge(origin, replay, name, ['trace']);
    return [name, result.verdict, result.reason, result.totalDiffs];
  });
  assert.deepEqual(verdicts, [
    ['json', 'error', 'body_mismatch', 2],
    ['query', 'error', 'body_mismatch', 2],
    ['input_hint', 'warn', 'hint_list_present', 2],
    ['intention', 'ok', 'intention_list_present', 2],
  ]);
  const ignored = judge(origin, replay, 'input_hint', ['trace', 'results.*[*].id']);
  assert.deepEqual([ignored.verdict, ignored.reason], ['ok', 'comparator_ok']);
});
