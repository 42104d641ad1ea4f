import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { ComparatorName } from '../../src/compare/comparators.js';
import { compileHeaderRules } from '../../src/compare/header-diff.js';
import { formatPath, type PathSegment } from '../../src/compare/ignore-paths.js';
import { judgeExchange } from '../../src/compare/judge.js';
import type { JudgeRoute } from '../../src/compare/judge.js';
import type { GorMessage, PayloadKind } from '../../src/protocol/gor-message.js';

// Where the header step sits in judging an exchange: after the status check, beside the body.

const OPTIONS = { maxDiffs: 50, maxBodyBytes: 1024 * 1024 };

function response(kind: PayloadKind, status: number, headers: string[], body: string | Buffer = '{}'): GorMessage {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = [`HTTP/1.1 ${status} X`, ...headers, `Content-Length: ${bytes.length}`].join('\r\n');
  return { header: { kind, id: 'id1', timestamp: 2n }, payload: Buffer.concat([Buffer.from(`${head}\r\n\r\n`), bytes]) };
}

const request: GorMessage = { header: { kind: 'request', id: 'id1', timestamp: 1n }, payload: Buffer.from('GET /a HTTP/1.1\r\n\r\n') };

function judge(origin: GorMessage, replay: GorMessage, route: Partial<JudgeRoute> = {}, comparator: ComparatorName = 'json') {
  const judged: JudgeRoute = { name: 'r', comparator, ignore: undefined, ...route };
  return judgeExchange({ id: 'id1', route: judged, method: 'GET', target: '/a', request, origin, replay, replayIndex: 0 }, OPTIONS);
}

const paths = (result: { diffs: readonly { path: readonly PathSegment[] }[] }): string[] => result.diffs.map((d) => formatPath(d.path));

test('a 302 whose Location moved to another host is an error header_mismatch, though the bodies are identical', () => {
  const result = judge(response('response', 302, ['Location: https://app.example/next']), response('replay', 302, ['Location: https://evil.example/next']));
  assert.deepEqual([result.verdict, result.reason, result.totalDiffs], ['error', 'header_mismatch', 1]);
  assert.deepEqual(result.diffs, [{ path: ['headers', 'location'], kind: 'changed', origin: 'https://app.example/next', replay: 'https://evil.example/next' }]);
});

test('a Content-Type change is an error even when the JSON bodies are equal ignoring key order', () => {
  const result = judge(response('response', 200, ['Content-Type: application/json'], '{"a":1,"b":2}'), response('replay', 200, ['Content-Type: text/html'], '{"b":2,"a":1}'));
  assert.deepEqual([result.verdict, result.reason, paths(result)], ['error', 'header_mismatch', ['headers.content-type']]);
});

test('a Set-Cookie losing HttpOnly; Secure is an error naming the cookie', () => {
  const result = judge(response('response', 200, ['Set-Cookie: sid=abc; Path=/; HttpOnly; Secure']), response('replay', 200, ['Set-Cookie: sid=def; Path=/']));
  assert.deepEqual([result.verdict, result.reason, paths(result)], ['error', 'header_mismatch', ['headers.set-cookie.sid']]);
});

test('headers outside the set do not count: responses differing only in Date, ETag, Server, request ID and framing are ok', () => {
  const origin = response('response', 200, ['Date: Mon, 1 Jan 2026 00:00:00 GMT', 'ETag: "1"', 'Server: a', 'X-Request-Id: 1', 'Content-Encoding: gzip'], gzipSync('{"a":1}'));
  const replay = response('replay', 200, ['Date: Mon, 1 Jan 2026 00:00:09 GMT', 'ETag: "2"', 'Server: b', 'X-Request-Id: 2'], '{"a":1}');
  assert.deepEqual([judge(origin, replay).verdict, judge(origin, replay).reason], ['ok', 'identical']);
});

test('different status codes are judged first: a redirect to 200 is status_mismatch, its Location not compared', () => {
  const result = judge(response('response', 302, ['Location: /x']), response('replay', 200, []));
  assert.deepEqual([result.reason, result.diffs.length], ['status_mismatch', 0]);
});

test('a body mismatch and a header mismatch together keep the body reason and list both, headers first', () => {
  const result = judge(response('response', 200, ['Content-Type: application/json'], '{"n":1}'), response('replay', 200, ['Content-Type: text/plain'], '{"n":2}'));
  assert.deepEqual([result.verdict, result.reason, result.totalDiffs, paths(result)], ['error', 'body_mismatch', 2, ['headers.content-type', 'n']]);
  const text = judge(response('response', 200, ['Location: /a'], 'a'), response('replay', 200, ['Location: /b'], 'b'));
  assert.deepEqual([text.reason, paths(text)], ['text_mismatch', ['headers.location', 'body.line[1]']]);
});

test('a warning comparator with a header difference becomes an error header_mismatch', () => {
  const origin = response('response', 200, ['Content-Type: application/json'], '{"results":{"hint_list":["a"]}}');
  const replay = response('replay', 200, ['Content-Type: text/html'], '{"results":{"hint_list":["b"]}}');
  const result = judge(origin, replay, {}, 'input_hint');
  assert.deepEqual([result.verdict, result.reason, paths(result)], ['error', 'header_mismatch', ['headers.content-type', 'results.hint_list[0]']]);
});

test('the status comparator skips the body, not the headers', () => {
  const result = judge(response('response', 200, ['Location: /a'], 'x'), response('replay', 200, ['Location: /b'], 'y'), {}, 'status');
  assert.deepEqual([result.verdict, result.reason], ['error', 'header_mismatch']);
});

test("the route's header rules decide: an ignored Content-Type is ok, an added header compared", () => {
  const origin = response('response', 200, ['Content-Type: application/json', 'X-Version: 1']);
  const replay = response('replay', 200, ['Content-Type: text/html', 'X-Version: 2']);
  const ignored = judge(origin, replay, { headers: compileHeaderRules([{ headers: [], ignoreHeaders: ['content-type'] }]) });
  assert.deepEqual([ignored.verdict, ignored.reason], ['ok', 'identical']);
  const added = judge(origin, replay, { headers: compileHeaderRules([{ headers: ['x-version'], ignoreHeaders: ['content-type'] }]) });
  assert.deepEqual([added.reason, paths(added)], ['header_mismatch', ['headers.x-version']]);
});

test('byte-identical responses stay ok identical, whatever headers they carry', () => {
  const same = response('response', 302, ['Location: /a', 'Set-Cookie: sid=1; HttpOnly', 'Content-Type: text/html']);
  const result = judge(same, { ...same, header: { kind: 'replay', id: 'id1', timestamp: 3n } });
  assert.deepEqual([result.verdict, result.reason], ['ok', 'identical']);
});
