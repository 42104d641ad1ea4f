import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistogramData } from '../../src/insight/report-format.js';
import { mergeHistograms, mergeReports } from '../../src/insight/merge-reports.js';
import type { MergeOptions } from '../../src/insight/merge-reports.js';
import { readSavedReport } from '../../src/insight/saved-report.js';
import type { SavedReport } from '../../src/insight/saved-report.js';
import { LatencyHistogram } from '../../src/report/latency-histogram.js';
import { NoiseCollector } from '../../src/insight/noise-collector.js';
import { handReport, withoutTimes } from '../helpers/saved-reports.js';
import { noiseExchange, uuidOf } from '../helpers/noise-exchanges.js';
import type { HandExchange } from '../helpers/saved-reports.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const OPTIONS: MergeOptions = {
  sources: ['a.json', 'b.json'],
  version: '9.9.9',
  gates: { failOn: 'never', minSamples: 1, failOnNew: false, result: null },
  percentiles: (data) => LatencyHistogram.fromData(data).percentiles(),
};

/** A varied stream: three routes, every verdict, latencies spread over decades, fields of every kind, clusters of many sizes. */
function stream(length: number): HandExchange[] {
  const verdicts = ['ok', 'ok', 'error', 'warn', 'ok', 'error', 'incomplete'] as const;
  return Array.from({ length }, (_, i): HandExchange => {
    const verdict = verdicts[i % verdicts.length]!;
    const route = ['search', 'query', '__proto__'][i % 3]!;
    const reason =
      verdict === 'ok' ? 'identical' : verdict === 'warn' ? 'hint_list_present' : verdict === 'error' ? (i % 2 === 0 ? 'body_mismatch' : 'status_mismatch') : 'missing_replay';
    const fields =
      verdict === 'error'
        ? ([
            [`items[*].f${i % 4}`, i % 5 === 0 ? 'removed' : 'changed'],
            ['total', 'added'],
          ] as const)
        : [];
    return {
      id: `x${i}`,
      route,
      verdict,
      reason,
      at: T0 + i * 10,
      latency: [verdict === 'incomplete' ? null : 0.5 + ((i * 37) % 1000) * 1.7, verdict === 'incomplete' ? null : 3 + ((i * 53) % 700) * 2.3],
      fields,
      risk: i % 5 === 0 ? 'high' : i % 3 === 0 ? 'low' : 'medium',
      cluster: verdict === 'ok' ? undefined : `c${route}${reason}${i % 7 === 2 ? i % 4 : ''}`,
    };
  });
}

function roundTrip(report: SavedReport): SavedReport {
  return readSavedReport(JSON.stringify(report));
}

test('a stream split in parts and merged gives the report of the whole stream, times and run header aside', () => {
  const all = stream(240);
  const whole = handReport(all);
  for (const cuts of [[120], [1, 239], [50, 51, 200], [0]]) {
    const parts = [0, ...cuts, all.length]
      .slice(1)
      .map((end, i, ends) => all.slice(i === 0 ? 0 : ends[i - 1], end))
      .filter((part) => part.length > 0);
    const merged = mergeReports(
      parts.map((part) => roundTrip(handReport(part))),
      OPTIONS,
    );
    assert.deepEqual(withoutTimes(merged), withoutTimes(whole), `cut at ${cuts.join(', ')}`);
    assert.deepEqual(roundTrip(merged), merged, 'the merged report is itself a report that reads back');
  }
});

test('the merged time window spans the inputs, and rates are recomputed over it', () => {
  const a = handReport(stream(10));
  const b = { ...handReport(stream(10)), startedAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:05.000Z' };
  const merged = mergeReports([a, b], OPTIONS);
  assert.equal(merged.startedAt, '2026-03-01T09:00:00.000Z');
  assert.equal(merged.updatedAt, a.updatedAt);
  assert.equal(merged.elapsedSeconds, (Date.parse(a.updatedAt) - Date.parse('2026-03-01T09:00:00.000Z')) / 1000);
  assert.equal(merged.rates.messagesPerSecond, Math.round((60 / merged.elapsedSeconds) * 100) / 100);
  assert.equal(merged.rates.exchangesPerSecond, Math.round((20 / merged.elapsedSeconds) * 100) / 100);
  assert.deepEqual(merged.run, {
    mode: 'merged',
    version: '9.9.9',
    sources: ['a.json', 'b.json'],
    target: null,
    routes: a.run.routes,
    options: {},
    gates: OPTIONS.gates,
  });
});

test('histograms add bucket by bucket: the merged percentiles are those of all samples in one histogram', () => {
  const samples = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 5000) / 3 + 0.01);
  const one = new LatencyHistogram();
  const parts = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
  samples.forEach((sample, i) => {
    one.record(sample);
    parts[i % 3]!.record(sample);
  });
  const merged = mergeHistograms(parts.map((part) => part.toData()));
  assert.deepEqual(merged, one.toData());
  assert.deepEqual(LatencyHistogram.fromData(merged).percentiles(), one.percentiles());
  assert.deepEqual(LatencyHistogram.fromData(one.toData()).toData(), one.toData(), 'fromData reads what toData writes');
  const empty: HistogramData = { count: 0, min: null, max: null, buckets: [] };
  assert.deepEqual(mergeHistograms([empty, empty]), empty);
  assert.deepEqual(mergeHistograms([empty, parts[0]!.toData()]), parts[0]!.toData(), 'an empty side changes nothing, its null extremes included');
});

test('field paths first met when the merged route is full are overflow, as one run would have counted them; examples are the first five', () => {
  // Exact while no input overflowed itself: what an input's own cap dropped, no merge can recover.
  const exchanges = Array.from(
    { length: 30 },
    (_, i): HandExchange => ({
      id: `f${i}`,
      route: 'r',
      verdict: 'error',
      reason: 'body_mismatch',
      at: T0 + i,
      fields: [
        ['always', 'changed'],
        [`p${i < 2 ? i : 2 + (i % 2)}`, i % 2 === 0 ? 'changed' : 'type_changed'],
      ],
    }),
  );
  const caps = { maxFieldPaths: 3 };
  const whole = handReport(exchanges, caps);
  assert.ok(whole.fields['r']!.overflow > 0, 'the cap is reached');
  const parts = [handReport(exchanges.slice(0, 2), caps), handReport(exchanges.slice(2), caps)];
  assert.deepEqual(
    parts.map((part) => part.fields['r']!.overflow),
    [0, 0],
    'no part is full on its own',
  );
  const merged = mergeReports(parts, OPTIONS);
  assert.deepEqual(merged.fields, whole.fields);
  assert.deepEqual(merged.fields['r']!.paths['always']!.examples, ['f0', 'f1', 'f2', 'f3', 'f4']);
  const wider = mergeReports([handReport(exchanges.slice(0, 2), caps), handReport(exchanges.slice(2), { maxFieldPaths: 10 })], OPTIONS);
  assert.equal(wider.fields['r']!.overflow, 0, 'the largest cap of the inputs applies');
});

test('clusters merge by ID: counts add, first and last seen widen, the highest risk wins, the earliest examples stay, marks go', () => {
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  const example = (id: string, ms: number) => ({ id, at: at(ms), method: 'GET', path: '/', latencyMs: { origin: 1, replay: 2 }, diffs: [] });
  const cluster = (id: string, count: number, risk: 'high' | 'medium' | 'low', first: number, last: number, examples: ReturnType<typeof example>[]) => ({
    id,
    route: 'r',
    verdict: 'error' as const,
    reason: 'body_mismatch' as const,
    status: { origin: 200, replay: 200 },
    fields: [['a', 'changed'] as const],
    risk,
    count,
    firstSeen: at(first),
    lastSeen: at(last),
    examples,
    baseline: 'persisting' as const,
  });
  const base = handReport(stream(3));
  const a = {
    ...base,
    clusters: {
      items: [cluster('c1', 3, 'medium', 100, 300, [example('a1', 100), example('a2', 200), example('a3', 300)]), cluster('c2', 1, 'low', 5, 5, [example('a4', 5)])],
      overflow: 2,
    },
  };
  const b = { ...base, clusters: { items: [cluster('c1', 4, 'high', 50, 250, [example('b1', 50), example('b2', 150), example('b3', 160), example('b4', 250)])], overflow: 1 } };
  const merged = mergeReports([a, b], OPTIONS).clusters;
  assert.equal(merged.overflow, 3);
  assert.deepEqual(
    merged.items.map((item) => [item.id, item.count, item.risk, item.firstSeen, item.lastSeen, item.baseline]),
    [
      ['c1', 7, 'high', at(50), at(300), undefined],
      ['c2', 1, 'low', at(5), at(5), undefined],
    ],
  );
  assert.deepEqual(
    merged.items[0]!.examples.map((item) => item.id),
    ['b1', 'a1', 'b2', 'b3', 'a2'],
  );
  const capped = mergeReports(
    [
      { ...a, run: { ...a.run, options: { maxClusters: 2 } } },
      { ...b, clusters: { items: [cluster('c3', 5, 'low', 0, 1, [])], overflow: 0 } },
    ],
    OPTIONS,
  ).clusters;
  assert.deepEqual(
    capped.items.map((item) => item.id),
    ['c1', 'c2'],
  );
  assert.equal(capped.overflow, 2 + 5, 'a cluster first met when the cap is reached is overflow, all its exchanges');
});

test('counts of every kind add, reasons and routes stay sorted, warnings are kept once, suggestions without evidence are the first report’s', () => {
  const a = { ...handReport(stream(14)), warnings: ['w1'], pending: 2, extraReplays: 1 };
  const b = { ...handReport(stream(7)), warnings: ['w1', 'w2'], pending: 1, extraReplays: 3 };
  const merged = mergeReports([a, b], OPTIONS);
  assert.deepEqual(merged.exchanges, { ok: 9, warn: 3, error: 6, incomplete: 3 });
  assert.equal(merged.pending, 3);
  assert.equal(merged.extraReplays, 4);
  assert.deepEqual(merged.warnings, ['w1', 'w2']);
  assert.deepEqual(Object.keys(merged.reasons), [...Object.keys(merged.reasons)].sort());
  assert.deepEqual(Object.keys(merged.routes), ['__proto__', 'query', 'search']);
  assert.equal(Object.getPrototypeOf(merged.routes), Object.prototype, 'a route named __proto__ is a key, not a prototype');
  const odd = JSON.parse('{"__proto__": 2, "identical": 1}') as SavedReport['reasons'];
  const oddly = mergeReports(
    [
      { ...a, reasons: odd },
      { ...b, reasons: odd },
    ],
    OPTIONS,
  );
  assert.deepEqual(
    Object.entries(oddly.reasons),
    [
      ['__proto__', 4],
      ['identical', 2],
    ],
    'a key read from a file is counted as a key, whatever its name',
  );
  assert.deepEqual(merged.suggestions, a.suggestions);
  assert.deepEqual(Object.keys(merged), Object.keys(a), 'the keys in the order of the format');
});

test('suggestions of merged reports are decided again from their evidence added up, as one process would have', () => {
  const route = { name: 'api', path: '/api/**', comparator: 'json' as const, ignore: [] };
  const exchanges = Array.from({ length: 40 }, (_, i) =>
    noiseExchange({ route: 'api', path: `/api/item/${i}`, origin: { id: uuidOf(i), n: 1 }, replay: { id: uuidOf(i + 500), n: 1 } }),
  );
  const collect = (part: typeof exchanges): NoiseCollector => {
    const collector = new NoiseCollector([route]);
    for (const exchange of part) collector.observe(exchange);
    return collector;
  };
  const whole = collect(exchanges).suggestions();
  assert.deepEqual(
    whole.items.map((item) => `${item.path} ${item.evidence}`),
    ['id shape'],
  );
  const halves = [exchanges.slice(0, 20), exchanges.slice(20)].map((part) => ({ ...handReport(stream(4)), suggestions: collect(part).suggestions() }));
  assert.deepEqual(mergeReports(halves, OPTIONS).suggestions, whole);
});
