import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stats } from '../../src/report/stats.js';
import { exchangeResult } from '../helpers/exchange-result.js';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';

const START = Date.parse('2024-05-01T10:00:00.000Z');

/** An exchange result with sensible defaults; tests override what they look at. */
function result(overrides: Partial<ExchangeResult> = {}): ExchangeResult {
  return exchangeResult({ id: 'id-1', verdict: 'ok', reason: 'identical', latencyMs: { origin: 10, replay: 20 }, ...overrides });
}

test('messages, skips and pending are counted by kind', () => {
  const stats = new Stats(START);
  stats.message('request');
  stats.message('request');
  stats.message('response');
  stats.message('replay');
  stats.malformed();
  stats.oversized();
  stats.skip('unwatched');
  stats.skip('filtered');
  stats.skip('filtered');
  stats.skip('evicted');
  stats.skip('orphaned');
  stats.skip('shed');
  stats.setPending(7);
  assert.deepEqual(stats.messages, { request: 2, response: 1, replay: 1, malformed: 1, oversized: 1 });
  assert.deepEqual(stats.skipped, { unwatched: 1, filtered: 2, evicted: 1, orphaned: 1, shed: 1 });
  assert.equal(stats.messageTotal, 6);
  assert.equal(stats.pending, 7);
  stats.setPending(-1);
  assert.equal(stats.pending, 0);
});

test('exchanges are counted by verdict, reason and route, and extra replays separately', () => {
  const stats = new Stats(START);
  stats.exchange(result());
  stats.exchange(result({ verdict: 'error', reason: 'body_mismatch' }));
  stats.exchange(result({ verdict: 'error', reason: 'body_mismatch', replayIndex: 1 }));
  stats.exchange(result({ route: 'intention', verdict: 'warn', reason: 'hint_list_present' }));
  stats.exchange(result({ route: 'intention', verdict: 'incomplete', reason: 'missing_replay', latencyMs: { origin: 5, replay: null } }));
  assert.deepEqual(stats.exchanges, { ok: 1, warn: 1, error: 2, incomplete: 1 });
  assert.equal(stats.exchangeTotal, 5);
  assert.equal(stats.extraReplays, 1);
  const report = stats.snapshot(START + 10_000);
  assert.deepEqual(report.reasons, { body_mismatch: 2, hint_list_present: 1, identical: 1, missing_replay: 1 });
  assert.deepEqual(Object.keys(report.routes), ['intention', 'query']);
  const intention = report.routes['intention']!;
  assert.deepEqual({ ok: intention.ok, warn: intention.warn, error: intention.error, incomplete: intention.incomplete }, { ok: 0, warn: 1, error: 0, incomplete: 1 });
  assert.equal(intention.latencyMs.origin.count, 2);
  assert.equal(intention.latencyMs.replay.count, 1);
});

test('the snapshot has the documented shape, with times as ISO strings and run-average rates', () => {
  const stats = new Stats(START);
  for (let i = 0; i < 20; i += 1) stats.message('request');
  stats.exchange(result({ latencyMs: { origin: 12, replay: 30 } }));
  stats.setPending(3);
  const report = stats.snapshot(START + 4000);
  assert.deepEqual(report, {
    startedAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-01T10:00:04.000Z',
    elapsedSeconds: 4,
    exchanges: { ok: 1, warn: 0, error: 0, incomplete: 0 },
    extraReplays: 0,
    pending: 3,
    skipped: { unwatched: 0, filtered: 0, evicted: 0, orphaned: 0, shed: 0 },
    messages: { request: 20, response: 0, replay: 0, malformed: 0, oversized: 0 },
    rates: { messagesPerSecond: 5, exchangesPerSecond: 0.25 },
    latencyMs: {
      origin: { count: 1, p50: 12, p95: 12, p99: 12 },
      replay: { count: 1, p50: 30, p95: 30, p99: 30 },
    },
    routes: {
      query: {
        ok: 1,
        warn: 0,
        error: 0,
        incomplete: 0,
        latencyMs: {
          origin: { count: 1, p50: 12, p95: 12, p99: 12 },
          replay: { count: 1, p50: 30, p95: 30, p99: 30 },
        },
      },
    },
    reasons: { identical: 1 },
    warnings: [],
  });
  assert.deepEqual(stats.suggestions(), {
    items: [],
    config: { routes: [] },
    evidence: { version: 1, overflow: 0, routes: { query: { definition: null, judged: 1, productionPairs: 0, overflow: 0, paths: {} } } },
  });
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(report)));
});

test('route latency percentiles are within 1 % of the exact values', () => {
  const stats = new Stats(START);
  for (let ms = 1; ms <= 200; ms += 1) stats.exchange(result({ latencyMs: { origin: ms, replay: ms * 2 } }));
  const latency = stats.snapshot(START + 1).routes['query']!.latencyMs;
  const close = (actual: number | null, expected: number): void => {
    assert.ok(actual !== null && Math.abs(actual - expected) / expected <= 0.01, `${actual} vs ${expected}`);
  };
  close(latency.origin.p50, 100);
  close(latency.origin.p95, 190);
  close(latency.origin.p99, 198);
  close(latency.replay.p50, 200);
  close(latency.replay.p99, 396);
});

test('a route named __proto__ is reported as an ordinary key', () => {
  const stats = new Stats(START);
  stats.exchange(result({ route: '__proto__' }));
  const report = stats.snapshot(START);
  assert.deepEqual(Object.keys(report.routes), ['__proto__']);
  // biome-ignore lint/suspicious/noProto: a route named __proto__ must come back as an own key
  assert.equal(JSON.parse(JSON.stringify(report)).routes.__proto__.ok, 1);
});

test('a snapshot taken at the start reports zero rates rather than dividing by zero', () => {
  const stats = new Stats(START);
  stats.message('request');
  assert.deepEqual(stats.snapshot(START).rates, { messagesPerSecond: 0, exchangesPerSecond: 0 });
});
