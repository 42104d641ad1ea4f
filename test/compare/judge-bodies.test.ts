import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeExchange } from '../../src/compare/judge.js';
import type { JudgeInput } from '../../src/compare/judge.js';
import type { ComparatorName } from '../../src/compare/comparators.js';
import type { GorMessage, PayloadKind } from '../../src/protocol/gor-message.js';

// Which comparator judges bodies that are not both JSON, by Content-Type, and the route's override.

const OPTIONS = { maxDiffs: 50, maxBodyBytes: 1024 * 1024 };

function response(kind: PayloadKind, contentType: string | null, body: string | Buffer): GorMessage {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = ['HTTP/1.1 200 OK', `Content-Length: ${bytes.length}`, ...(contentType === null ? [] : [`Content-Type: ${contentType}`])].join('\r\n');
  return { header: { kind, id: 'id1', timestamp: 2_000_000n }, payload: Buffer.concat([Buffer.from(`${head}\r\n\r\n`), bytes]) };
}

const request: GorMessage = { header: { kind: 'request', id: 'id1', timestamp: 1_000_000n }, payload: Buffer.from('GET /page HTTP/1.1\r\n\r\n') };

function judge(types: readonly [string | null, string | null], origin: string | Buffer, replay: string | Buffer, comparator: ComparatorName = 'json') {
  const input: JudgeInput = {
    id: 'id1',
    route: { name: 'r', comparator, ignore: undefined },
    method: 'GET',
    target: '/page',
    request,
    origin: response('response', types[0], origin),
    replay: response('replay', types[1], replay),
    replayIndex: 0,
  };
  return judgeExchange(input, OPTIONS);
}

const both = (type: string | null): readonly [string | null, string | null] => [type, type];

test('text/*, HTML and XML bodies get a line diff on a json route', () => {
  for (const type of ['text/html; charset=utf-8', 'text/plain', 'application/xml', 'application/rss+xml', null]) {
    const result = judge(both(type), '<a>\n<b>1</b>\n</a>\n', '<a>\n<b>2</b>\n</a>\n');
    assert.deepEqual([result.verdict, result.reason, result.totalDiffs], ['error', 'text_mismatch', 1], String(type));
    assert.deepEqual(result.diffs[0], { path: ['body', 'line', 2], kind: 'changed', origin: '<b>1</b>', replay: '<b>2</b>' });
  }
});

test('a JSON-typed body that does not parse is compared as text; JSON answered by an HTML page says which side', () => {
  const broken = judge(both('application/json'), '{"a":1,\n"b":', '{"a":1,\n"c":');
  assert.deepEqual([broken.reason, broken.totalDiffs, broken.detail], ['text_mismatch', 1, undefined]);
  const page = judge(['application/json', 'text/html'], '{"a":1}', '<html>sign in</html>', 'input_hint');
  assert.deepEqual([page.verdict, page.reason], ['error', 'text_mismatch']);
  assert.equal(page.detail, 'the replayed body is not JSON (text/html)');
});

test('a latin1 JSON body is parsed as JSON in its charset', () => {
  const type = 'application/json; charset=iso-8859-1';
  const equal = judge(both(type), Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), Buffer.from('{ "n": "\\u00e9" }'));
  assert.deepEqual([equal.verdict, equal.reason], ['ok', 'json_equal']);
  const differ = judge(both(type), Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe8, 0x22, 0x7d]));
  assert.deepEqual([differ.reason, differ.diffs], ['body_mismatch', [{ path: ['n'], kind: 'changed', origin: 'é', replay: 'è' }]]);
});

test('form bodies are compared as forms, binary ones by bytes', () => {
  const form = judge(both('application/x-www-form-urlencoded'), 'a=1&b=2', 'b=2&a=3');
  assert.deepEqual([form.reason, form.diffs], ['form_mismatch', [{ path: ['form', 'a'], kind: 'changed', origin: '1', replay: '3' }]]);
  assert.equal(judge(both('application/x-www-form-urlencoded'), 'a=1&b=2', 'b=2&a=1').reason, 'form_equal');
  for (const type of ['image/png', 'application/octet-stream', 'application/x-protobuf']) {
    const binary = judge(both(type), 'abc', 'abd');
    assert.equal(binary.reason, 'binary_mismatch', type);
    assert.match(binary.detail ?? '', /^origin 3 bytes sha256:[0-9a-f]{16}…, replay 3 bytes sha256:[0-9a-f]{16}…$/);
  }
  assert.equal(judge(['text/plain', 'image/png'], 'abc', 'abd').reason, 'binary_mismatch', 'either side binary');
  assert.equal(judge(both('text/plain'), Buffer.from([0xff, 1]), Buffer.from([0xff, 2])).reason, 'binary_mismatch', 'not valid UTF-8');
});

test('a route comparator text, form or binary judges the bodies whatever their type; the seed comparators keep JSON first', () => {
  assert.equal(judge(both('application/json'), '{"a":1}', '{"a":2}', 'text').reason, 'text_mismatch');
  assert.equal(judge(both('application/json'), '{"a":1}', '{"a":2}', 'binary').reason, 'binary_mismatch');
  assert.equal(judge(both('text/plain'), 'a=1&b=2', 'b=2&a=1', 'form').reason, 'form_equal');
  assert.equal(judge(both('text/plain'), '{"a":1}', '{"a":2}').reason, 'body_mismatch', 'JSON bodies take the JSON comparator whatever their type');
  assert.equal(judge(both('text/html'), '{"results":{}}', '{"results":{"x":1}}', 'input_hint').reason, 'hint_list_empty');
  assert.equal(judge(both('text/html'), '<p>1</p>', '<p>2</p>', 'status').reason, 'status_equal');
});
