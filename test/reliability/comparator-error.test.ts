import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPARATORS } from '../../src/compare/comparators.js';
import type { Comparator, ComparatorName } from '../../src/compare/comparators.js';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { judgeExchange } from '../../src/compare/judge.js';
import type { JudgeInput } from '../../src/compare/judge.js';
import type { GorMessage, PayloadKind } from '../../src/protocol/gor-message.js';

const OPTIONS = { maxDiffs: 50, maxBodyBytes: 1024 * 1024 };

function message(kind: PayloadKind, id: string, http: string): GorMessage {
  return { header: { kind, id, timestamp: 1_000_000n, duration: 500_000n }, payload: Buffer.from(http, 'latin1') };
}

function response(kind: PayloadKind, id: string, body: string, status = 200): GorMessage {
  return message(kind, id, `HTTP/1.1 ${status} OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** An exchange on a route judged by `comparator` whose two bodies differ (so the comparator is consulted). */
function exchange(id: string, comparator: ComparatorName, origin = '{"a":1}', replay = '{"a":2}'): JudgeInput {
  return {
    id,
    route: { name: `route-${comparator}`, comparator, ignore: undefined },
    method: 'POST',
    target: '/v2/robot/query',
    request: message('request', id, 'POST /v2/robot/query HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}'),
    origin: response('response', id, origin),
    replay: response('replay', id, replay),
    replayIndex: 0,
  };
}

/** The built-in comparators with `name` replaced by one that throws `thrown`. */
function throwing(name: ComparatorName, thrown: () => unknown): Readonly<Record<ComparatorName, Comparator>> {
  return {
    ...COMPARATORS,
    [name]: () => {
      throw thrown();
    },
  };
}

test('a comparator that throws gives that exchange an error verdict with reason comparator_error and the message as detail', () => {
  const result = judgeExchange(
    exchange('e1', 'json'),
    OPTIONS,
    throwing('json', () => new TypeError('boom in plugin')),
  );
  assert.equal(result.verdict, 'error');
  assert.equal(result.reason, 'comparator_error');
  assert.match(result.detail ?? '', /comparator json failed: boom in plugin/);
  assert.equal(result.id, 'e1');
  assert.deepEqual(result.status, { origin: 200, replay: 200 });
  assert.equal(result.originBody?.toString(), '{"a":1}', 'the bodies are still reported for the reader');
});

test('a comparator that overflows the stack is caught like any other throw', () => {
  const recurse = (depth: number): number => recurse(depth + 1) + 1;
  const comparators: Readonly<Record<ComparatorName, Comparator>> = {
    ...COMPARATORS,
    input_hint: () => {
      recurse(0);
      return { verdict: 'ok', reason: 'comparator_ok', diffs: [], totalDiffs: 0 };
    },
  };
  const result = judgeExchange(exchange('deep', 'input_hint'), OPTIONS, comparators);
  assert.deepEqual([result.verdict, result.reason], ['error', 'comparator_error']);
  assert.match(result.detail ?? '', /Maximum call stack size exceeded/);
});

test('one throwing comparator affects only its own exchanges: the others, before and after, are judged as usual', () => {
  const comparators = throwing('query', () => new Error('query comparator bug'));
  const inputs = [
    exchange('before', 'json'),
    exchange('bad-1', 'query'),
    exchange('identical', 'query', '{"a":1}', '{"a":1}'),
    exchange('hint', 'input_hint', '{"results":{"hint_list":[1]}}', '{"results":{"hint_list":[2]}}'),
    exchange('bad-2', 'query'),
    exchange('after', 'json', '{"a":1,"b":2}', '{"b":2,"a":1}'),
  ];
  const results = inputs.map((input) => judgeExchange(input, OPTIONS, comparators));
  const summary = results.map((result: ExchangeResult) => [result.id, result.verdict, result.reason]);
  assert.deepEqual(summary, [
    ['before', 'error', 'body_mismatch'],
    ['bad-1', 'error', 'comparator_error'],
    // Byte-identical bodies never reach the comparator.
    ['identical', 'ok', 'identical'],
    ['hint', 'warn', 'hint_list_present'],
    ['bad-2', 'error', 'comparator_error'],
    ['after', 'ok', 'json_equal'],
  ]);
});

test('without a third argument the built-in comparators judge, as before the seam existed', () => {
  const withDefault = judgeExchange(exchange('d', 'json'), OPTIONS);
  const explicit = judgeExchange(exchange('d', 'json'), OPTIONS, COMPARATORS);
  assert.deepEqual([withDefault.verdict, withDefault.reason, withDefault.totalDiffs], ['error', 'body_mismatch', 1]);
  assert.deepEqual([explicit.verdict, explicit.reason, explicit.totalDiffs], ['error', 'body_mismatch', 1]);
});

test('a comparator that throws something other than an Error (null, a string) is still comparator_error', () => {
  for (const thrown of [null, undefined, 'plain string']) {
    const result = judgeExchange(
      exchange('odd', 'json'),
      OPTIONS,
      throwing('json', () => thrown),
    );
    assert.deepEqual([result.verdict, result.reason], ['error', 'comparator_error'], `throwing ${String(thrown)}`);
  }
});

test('a status comparator that throws is comparator_error too', () => {
  const result = judgeExchange(
    exchange('s', 'status'),
    OPTIONS,
    throwing('status', () => new Error('status plugin bug')),
  );
  assert.deepEqual([result.verdict, result.reason], ['error', 'comparator_error']);
});
