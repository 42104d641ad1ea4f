import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselineOf, markBaseline, newClusterExchanges, withBaseline } from '../../src/insight/baseline.js';
import type { Baseline } from '../../src/insight/baseline.js';
import type { Cluster, Clusters } from '../../src/insight/report-format.js';
import type { Verdict } from '../../src/compare/verdict.js';
import { handReport } from '../helpers/saved-reports.js';

function cluster(id: string, count: number, verdict: Verdict = 'error'): Cluster {
  return {
    id,
    route: 'r',
    verdict,
    reason: verdict === 'warn' ? 'hint_list_present' : 'body_mismatch',
    status: { origin: 200, replay: 200 },
    fields: [['a', 'changed']],
    risk: 'medium',
    count,
    firstSeen: '2026-03-01T10:00:00.000Z',
    lastSeen: '2026-03-01T10:00:01.000Z',
    examples: [],
  };
}

const BASELINE: Baseline = {
  file: 'previous.json',
  clusters: [
    { id: 'kept', route: 'r', reason: 'body_mismatch', count: 9 },
    { id: 'gone-small', route: 'r', reason: 'body_mismatch', count: 1 },
    { id: 'gone-big', route: 'q', reason: 'status_mismatch', count: 40 },
  ],
};

test('clusters the baseline had persist, the others are new, and the baseline clusters not seen are fixed, the largest first', () => {
  const clusters: Clusters = { items: [cluster('fresh', 5), cluster('kept', 3)], overflow: 0 };
  const { clusters: marked, summary } = markBaseline(clusters, BASELINE);
  assert.deepEqual(
    marked.items.map((item) => [item.id, item.baseline]),
    [
      ['fresh', 'new'],
      ['kept', 'persisting'],
    ],
  );
  assert.deepEqual(summary, {
    file: 'previous.json',
    new: 1,
    persisting: 1,
    fixed: 2,
    fixedClusters: [
      { id: 'gone-big', route: 'q', reason: 'status_mismatch', count: 40 },
      { id: 'gone-small', route: 'r', reason: 'body_mismatch', count: 1 },
    ],
  });
  assert.deepEqual(Object.keys(marked.items[0]!).at(-1), 'baseline', 'the mark is the last key, where the format puts it');
  assert.equal(clusters.items[0]!.baseline, undefined, 'the input is not changed');
});

test('marking again replaces the marks; an empty run has every baseline cluster fixed; at most 100 are listed', () => {
  const first = markBaseline({ items: [cluster('kept', 1)], overflow: 0 }, { file: 'x', clusters: [] }).clusters;
  assert.equal(first.items[0]!.baseline, 'new');
  assert.equal(markBaseline(first, BASELINE).clusters.items[0]!.baseline, 'persisting');
  const many: Baseline = { file: 'big.json', clusters: Array.from({ length: 150 }, (_, i) => ({ id: `c${i}`, route: 'r', reason: 'body_mismatch' as const, count: i })) };
  const { summary } = markBaseline({ items: [], overflow: 0 }, many);
  assert.equal(summary.fixed, 150);
  assert.equal(summary.fixedClusters.length, 100);
  assert.equal(summary.fixedClusters[0]!.id, 'c149');
});

test('a baseline is the clusters of a saved report; a report marked against it keeps every other part', () => {
  const report = handReport([
    { id: 'a', route: 'r', verdict: 'error', reason: 'body_mismatch', at: 0, cluster: 'k1' },
    { id: 'b', route: 'r', verdict: 'warn', reason: 'hint_list_present', at: 1, cluster: 'k2' },
  ]);
  const baseline = baselineOf(report, 'prev.json');
  assert.deepEqual(baseline, {
    file: 'prev.json',
    clusters: [
      { id: 'k1', route: 'r', reason: 'body_mismatch', count: 1 },
      { id: 'k2', route: 'r', reason: 'hint_list_present', count: 1 },
    ],
  });
  const marked = withBaseline(report, baseline);
  assert.deepEqual(marked.baseline, { file: 'prev.json', new: 0, persisting: 2, fixed: 0, fixedClusters: [] });
  assert.deepEqual({ ...marked, clusters: report.clusters, baseline: null }, report);
  assert.deepEqual(Object.keys(marked), Object.keys(report));
});

test('--fail-on-new counts the exchanges of new clusters at the level, and those the cap left without a cluster', () => {
  const marked = markBaseline({ items: [cluster('fresh', 5), cluster('kept', 3), cluster('warned', 2, 'warn')], overflow: 0 }, BASELINE).clusters;
  assert.equal(newClusterExchanges(marked, ['error']), 5);
  assert.equal(newClusterExchanges(marked, ['warn', 'incomplete', 'error']), 7);
  assert.equal(newClusterExchanges({ ...marked, overflow: 4 }, ['error']), 9);
  assert.equal(newClusterExchanges(markBaseline({ items: [cluster('kept', 3)], overflow: 0 }, BASELINE).clusters, ['error']), 0);
});
