import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileHeaderRules } from '../../src/compare/header-diff.js';
import { judgeExchange, judgeExchangeFully } from '../../src/compare/judge.js';
import type { JudgeInput, JudgeRoute } from '../../src/compare/judge.js';
import { leanIdenticalStatus } from '../../src/compare/lean-judge.js';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import type { RoutePlugin } from '../../src/compare/plugin-exchange.js';
import type { GorMessage } from '../../src/protocol/gor-message.js';
import { parseHttpMessage } from '../../src/protocol/http-payload.js';
import { arbitraryResponsePair } from '../helpers/http-responses.js';

const OPTIONS = { maxDiffs: 20, maxBodyBytes: 64 * 1024 };

const request: GorMessage = {
  header: { kind: 'request', id: 'a1', timestamp: 1_000_000_000n },
  payload: Buffer.from('GET /v1/things?x=1 HTTP/1.1\r\nHost: h\r\n\r\n'),
};

const ROUTES: readonly JudgeRoute[] = [
  { name: 'default', comparator: 'json', ignore: undefined },
  { name: 'more headers', comparator: 'json', ignore: undefined, headers: compileHeaderRules([{ headers: ['X-Trace-Id', 'etag'], ignoreHeaders: ['set-cookie'] }]) },
  { name: 'no headers', comparator: 'json', ignore: undefined, headers: compileHeaderRules([{ headers: [], ignoreHeaders: ['content-type', 'location', 'set-cookie'] }]) },
  { name: 'status only', comparator: 'status', ignore: undefined },
  { name: 'text', comparator: 'text', ignore: undefined },
];

function input(route: JudgeRoute, origin: Buffer, replay: Buffer): JudgeInput {
  return {
    id: 'a1',
    route,
    method: 'GET',
    target: '/v1/things?x=1',
    request,
    origin: { header: { kind: 'response', id: 'a1', timestamp: 1_020_000_000n }, payload: origin },
    replay: { header: { kind: 'replay', id: 'a1', timestamp: 1_500_000_000n, duration: 7_000_000n }, payload: replay },
    replayIndex: 0,
  };
}

/** Every field a reporter can read, the lazy ones included. */
function seen(result: ExchangeResult): unknown {
  return {
    verdict: result.verdict,
    reason: result.reason,
    diffs: result.diffs,
    totalDiffs: result.totalDiffs,
    detail: result.detail,
    notes: result.notes,
    id: result.id,
    route: result.route,
    method: result.method,
    path: result.path,
    status: result.status,
    latencyMs: result.latencyMs,
    request: result.request,
    originBody: result.originBody,
    replayBody: result.replayBody,
    replayIndex: result.replayIndex,
    messages: result.messages,
    originHeaders: result.responseHeaders?.('origin'),
    replayHeaders: result.responseHeaders?.('replay'),
  };
}

/** A response's headers read straight from its message, as a reporter without the judged sides would. */
function headersOf(payload: Buffer): ReadonlyArray<readonly [string, string]> {
  const http = parseHttpMessage(payload, 'response');
  return http.ok ? http.headers.entries() : [];
}

test('the lean path and the full engine judge every random pair of responses alike, on every kind of route', () => {
  fc.assert(
    fc.property(arbitraryResponsePair(), fc.constantFrom(...ROUTES), ({ origin, replay }, route) => {
      const exchange = input(route, origin, replay);
      assert.deepStrictEqual(seen(judgeExchange(exchange, OPTIONS)), seen(judgeExchangeFully(exchange, OPTIONS)));
    }),
    { numRuns: 3000 },
  );
});

test('a judged exchange gives the headers of each response as its message holds them, whichever path judged it', () => {
  fc.assert(
    fc.property(arbitraryResponsePair(), fc.constantFrom(...ROUTES), fc.boolean(), ({ origin, replay }, route, sameBytes) => {
      const exchange = input(route, origin, sameBytes ? origin : replay);
      for (const result of [judgeExchange(exchange, OPTIONS), judgeExchangeFully(exchange, OPTIONS)]) {
        assert.deepStrictEqual(result.responseHeaders?.('origin'), headersOf(origin));
        assert.deepStrictEqual(result.responseHeaders?.('replay'), headersOf(sameBytes ? origin : replay));
      }
    }),
    { numRuns: 1000 },
  );
});

test('a replay that differs only in header order, Date and Server takes the lean path', () => {
  const origin = Buffer.from(
    'HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Wed, 01 May 2024 00:00:00 GMT\r\nContent-Type: application/json\r\nSet-Cookie: a=1\r\nContent-Length: 7\r\n\r\n{"a":1}',
  );
  const replay = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Type: application/json\r\nDate: Wed, 01 May 2024 00:00:09 GMT\r\nSet-Cookie: a=1\r\n\r\n{"a":1}');
  assert.equal(leanIdenticalStatus(origin, replay), 200);
  const result = judgeExchange(input(ROUTES[0] as JudgeRoute, origin, replay), OPTIONS);
  assert.deepEqual([result.verdict, result.reason, result.status], ['ok', 'identical', { origin: 200, replay: 200 }]);
  assert.equal(result.replayBody?.toString(), '{"a":1}');
});

test('the lean path never says identical when a compared header, the coding, the status or the body differ', () => {
  const base = (extra: string, body = '{"a":1}', status = '200 OK') => Buffer.from(`HTTP/1.1 ${status}\r\n${extra}Content-Length: ${body.length}\r\n\r\n${body}`);
  const origin = base('Content-Type: application/json\r\n');
  for (const replay of [
    base('Content-Type: application/json; charset=utf-8\r\n'),
    base(''),
    base('Content-Type: application/json\r\nLocation: /x\r\n'),
    base('Content-Type: application/json\r\nContent-Encoding: identity\r\n'),
    base('Content-Type: application/json\r\n', '{"a":2}'),
    base('Content-Type: application/json\r\n', '{"a":1}', '201 Created'),
  ]) {
    assert.equal(leanIdenticalStatus(origin, replay), null, replay.toString());
  }
  // Headers outside the compared set may differ at will.
  assert.equal(leanIdenticalStatus(origin, base('Content-Type: application/json\r\nX-Other: 1\r\nETag: "b"\r\n')), 200);
});

test('a route with a plugin comparator is judged by it whenever the responses differ, lean or not', () => {
  const origin = Buffer.from('HTTP/1.1 200 OK\r\nDate: 1\r\nContent-Length: 2\r\n\r\n{}');
  const replay = Buffer.from('HTTP/1.1 200 OK\r\nDate: 2\r\nContent-Length: 2\r\n\r\n{}');
  let calls = 0;
  const plugin: RoutePlugin = () => {
    calls++;
    return { verdict: 'warn', reason: 'comparator_error', diffs: [], totalDiffs: 0 };
  };
  const route: JudgeRoute = { name: 'p', comparator: 'json', ignore: undefined, plugin };
  const lean = judgeExchange(input(route, origin, replay), OPTIONS);
  const full = judgeExchangeFully(input(route, origin, replay), OPTIONS);
  assert.equal(calls, 2);
  assert.deepStrictEqual(seen(lean), seen(full));
});
