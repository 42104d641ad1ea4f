import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import type { JsonDifference } from '../../src/compare/json-difference.js';
import { riskOf } from '../../src/compare/risk.js';
import { createRunMetrics, DURATION_BUCKETS } from '../../src/report/run-metrics.js';
import { Stats } from '../../src/report/stats.js';
import { exchangeResult } from '../helpers/exchange-result.js';
import { parseSamples, valuesBy } from '../helpers/prometheus-text.js';
import type { Sample } from '../helpers/prometheus-text.js';

/** An ok exchange of route `query` (10 ms origin, 20 ms replay), with `fields` over it. */
function judgedExchange(fields: Partial<ExchangeResult> = {}): ExchangeResult {
  return exchangeResult({ verdict: 'ok', reason: 'identical', latencyMs: { origin: 10, replay: 20 }, ...fields });
}

async function scrape(metrics: ReturnType<typeof createRunMetrics>): Promise<Sample[]> {
  return parseSamples(await metrics.registry.metrics());
}

/** Feeds `results` to the metrics' sink and to a Stats, as the pipeline does, and hands the Stats over. */
function judged(metrics: ReturnType<typeof createRunMetrics>, results: readonly ExchangeResult[]): Stats {
  const stats = new Stats(0);
  for (const result of results) {
    stats.exchange(result);
    // The pipeline hands each sink the exchange's cluster and risk (null for an ok one).
    const risk = riskOf(result);
    metrics.sink.exchange(result, risk === null ? null : { cluster: 'c000000000000', risk });
  }
  metrics.sink.tick?.(0, stats);
  return stats;
}

test('every configured route has its four verdict series at 0 before any exchange, and nothing else is counted', async () => {
  const metrics = createRunMetrics({ routes: ['query', 'input_hint'], version: '1.2.3', processMetrics: false });
  const samples = await scrape(metrics);
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_exchanges_total', ['route', 'verdict']), {
    'query ok': 0,
    'query warn': 0,
    'query error': 0,
    'query incomplete': 0,
    'input_hint ok': 0,
    'input_hint warn': 0,
    'input_hint error': 0,
    'input_hint incomplete': 0,
  });
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_response_duration_seconds_count', ['route', 'side']), {
    'query origin': 0,
    'query replay': 0,
    'input_hint origin': 0,
    'input_hint replay': 0,
  });
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_build_info', ['version']), { '1.2.3': 1 });
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_reasons_total', ['route']), {});
  assert.ok(!samples.some((sample) => sample.name.startsWith('process_')), 'no process metrics unless asked for');
});

test('exchanges, reasons and the risk of non-ok ones are counted by route; an ok exchange has no risk', async () => {
  const metrics = createRunMetrics({ routes: ['query'], version: '0', processMetrics: false });
  const changed: JsonDifference = { path: ['n'], kind: 'changed', origin: 1, replay: 2 };
  judged(metrics, [
    judgedExchange(),
    judgedExchange({ verdict: 'error', reason: 'status_mismatch', status: { origin: 200, replay: 500 } }),
    judgedExchange({ route: 'other', verdict: 'error', reason: 'body_mismatch', diffs: [changed], totalDiffs: 1 }),
    judgedExchange({ route: 'other', verdict: 'error', reason: 'body_mismatch', diffs: [changed], totalDiffs: 1 }),
  ]);
  const samples = await scrape(metrics);
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_reasons_total', ['route', 'reason']), { 'query identical': 1, 'query status_mismatch': 1, 'other body_mismatch': 2 });
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_risk_total', ['route', 'risk']), { 'query high': 1, 'other medium': 2 });
  assert.equal(valuesBy(samples, 'goreplay_diff_exchanges_total', ['route', 'verdict'])['other error'], 2);
});

test('durations are seconds in HTTP buckets, by side; a missing latency is not observed', async () => {
  const metrics = createRunMetrics({ routes: ['query'], version: '0', processMetrics: false });
  judged(metrics, [judgedExchange({ latencyMs: { origin: 30, replay: 3000 } }), judgedExchange({ latencyMs: { origin: 4, replay: null } })]);
  const samples = await scrape(metrics);
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_response_duration_seconds_count', ['side']), { origin: 2, replay: 1 });
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_response_duration_seconds_sum', ['side']), { origin: 0.034, replay: 3 });
  const originBuckets = valuesBy(samples, 'goreplay_diff_response_duration_seconds_bucket', ['le'], { side: 'origin' });
  assert.deepEqual([originBuckets['0.005'], originBuckets['0.025'], originBuckets['0.05'], originBuckets['+Inf']], [1, 1, 2, 2]);
  assert.deepEqual(new Set(Object.keys(originBuckets)), new Set([...DURATION_BUCKETS.map(String), '+Inf']));
});

test('messages, skipped kinds and pending come from the run’s Stats when scraped, with every key Stats has', async () => {
  const metrics = createRunMetrics({ routes: [], version: '0', processMetrics: false, analysisLagBytes: () => 4096 });
  const stats = judged(metrics, []);
  stats.message('request');
  stats.malformed();
  stats.skip('filtered');
  stats.setPending(3, 2400);
  stats.skip('shed');
  // A kind Stats gains later (one more key of its counter) is exported as it is reported, with no change to the metrics.
  (stats.skipped as Record<string, number>)['later'] = 5;
  const samples = await scrape(metrics);
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_messages_total', ['type']), { request: 1, response: 0, replay: 0, malformed: 1, oversized: 0 });
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_skipped_total', ['kind']), { unwatched: 0, filtered: 1, evicted: 0, orphaned: 0, shed: 1, later: 5 });
  assert.deepEqual(
    [
      valuesBy(samples, 'goreplay_diff_pending_exchanges', [])[''],
      valuesBy(samples, 'goreplay_diff_pending_bytes', [])[''],
      valuesBy(samples, 'goreplay_diff_analysis_lag_bytes', [])[''],
    ],
    [3, 2400, 4096],
  );
  stats.message('replay');
  assert.equal(valuesBy(await scrape(metrics), 'goreplay_diff_messages_total', ['type'])['replay'], 1, 'read again at every scrape');
});

test('before the pipeline hands over its Stats, every count is 0; the final Stats is kept at close', async () => {
  const metrics = createRunMetrics({ routes: [], version: '0', processMetrics: true });
  const early = await scrape(metrics);
  assert.deepEqual(valuesBy(early, 'goreplay_diff_skipped_total', ['kind']), { unwatched: 0, filtered: 0, evicted: 0, orphaned: 0, shed: 0 });
  assert.ok(early.some((sample) => sample.name === 'process_resident_memory_bytes'));
  const final = new Stats(0);
  final.oversized();
  await metrics.sink.close(final, 0);
  assert.equal(valuesBy(await scrape(metrics), 'goreplay_diff_messages_total', ['type'])['oversized'], 1);
});
