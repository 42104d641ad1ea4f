import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_EXAMPLES, ClusterIndex } from '../../src/insight/clusters.js';
import type { BuiltExample, ClusterInput } from '../../src/insight/clusters.js';
import { fingerprintOf } from '../../src/insight/fingerprint.js';
import type { ClusterExample } from '../../src/insight/report-format.js';

const input = (over: Partial<ClusterInput> = {}): ClusterInput => ({
  route: 'cart',
  verdict: 'error',
  reason: 'body_mismatch',
  status: { origin: 200, replay: 200 },
  diffs: [{ path: ['items', 0, 'price'], kind: 'changed', origin: 1, replay: 2 }],
  risk: 'medium',
  ...over,
});

const T0 = Date.parse('2026-01-01T00:00:00Z');

function example(id: string, contentChars = 10): () => BuiltExample {
  const bare: ClusterExample = { id, at: '', method: 'GET', path: '/cart', latencyMs: { origin: 1, replay: 2 }, diffs: [] };
  return () => ({
    full: { ...bare, diffs: [{ path: 'x', kind: 'changed', origin: 1, replay: 2 }], request: { headers: [], body: 'b', bodyBytes: 1, truncated: false } },
    contentChars,
    bare: () => bare,
  });
}

test('one fingerprint, one cluster: count, first and last seen, the highest risk, its ID the fingerprint ID', () => {
  const clusters = new ClusterIndex({ maxClusters: 10 });
  const id = clusters.add(input(), T0, example('a'));
  assert.equal(clusters.add(input({ diffs: [{ path: ['items', 7, 'price'], kind: 'changed', origin: 5, replay: 6 }], risk: 'high' }), T0 + 2000, example('b')), id);
  assert.equal(clusters.add(input({ risk: 'low' }), T0 + 1000, example('c')), id);
  assert.equal(id, fingerprintOf(input()).id);
  const [cluster, ...rest] = clusters.snapshot().items;
  assert.equal(rest.length, 0);
  assert.equal(cluster?.count, 3);
  assert.equal(cluster?.risk, 'high');
  assert.equal(cluster?.firstSeen, '2026-01-01T00:00:00.000Z');
  assert.equal(cluster?.lastSeen, '2026-01-01T00:00:02.000Z');
  assert.deepEqual(cluster?.fields, [['items[*].price', 'changed']]);
  assert.deepEqual(
    cluster?.examples.map((e) => e.id),
    ['a', 'b', 'c'],
  );
});

test('another status pair, reason or field set is another regression; clusters come largest first, then by ID', () => {
  const clusters = new ClusterIndex({ maxClusters: 10 });
  for (let i = 0; i < 3; i += 1) clusters.add(input({ status: { origin: 200, replay: 500 }, reason: 'status_mismatch', risk: 'high' }), T0, example(`s${i}`));
  clusters.add(input(), T0, example('v'));
  clusters.add(input({ diffs: [{ path: ['note'], kind: 'added', replay: 1 }], risk: 'low' }), T0, example('n'));
  const items = clusters.snapshot().items;
  assert.deepEqual(
    items.map((c) => c.count),
    [3, 1, 1],
  );
  assert.equal(items[0]?.reason, 'status_mismatch');
  assert.ok((items[1]?.id ?? '') < (items[2]?.id ?? ''));
});

test('examples: the first five only, built only while the cluster wants one', () => {
  const clusters = new ClusterIndex({ maxClusters: 10 });
  let built = 0;
  for (let i = 0; i < 50; i += 1) {
    const make = example(`e${i}`);
    clusters.add(input(), T0 + i, () => {
      built += 1;
      return make();
    });
  }
  assert.equal(built, CLUSTER_EXAMPLES);
  assert.deepEqual(
    clusters.snapshot().items[0]?.examples.map((e) => e.id),
    ['e0', 'e1', 'e2', 'e3', 'e4'],
  );
});

test('example content stops at the budget: later examples are kept bare', () => {
  const clusters = new ClusterIndex({ maxClusters: 10, contentBudget: 25 });
  for (let i = 0; i < 4; i += 1) clusters.add(input(), T0, example(`e${i}`, 10));
  const examples = clusters.snapshot().items[0]?.examples ?? [];
  assert.deepEqual(
    examples.map((e) => e.request !== undefined),
    [true, true, false, false],
  );
  assert.deepEqual(examples[2]?.diffs, []);
  assert.equal(clusters.budgetLeft, 5);
});

test('100 000 distinct fingerprints stay within --max-clusters; the rest is overflow, and each still gets its ID', () => {
  const clusters = new ClusterIndex({ maxClusters: 1000 });
  const ids = new Set<string>();
  for (let i = 0; i < 100_000; i += 1) ids.add(clusters.add(input({ diffs: [{ path: [`field${i}`], kind: 'changed', origin: 1, replay: 2 }] }), T0, example(`x${i}`)));
  assert.equal(ids.size, 100_000);
  assert.equal(clusters.size, 1000);
  const snapshot = clusters.snapshot();
  assert.equal(snapshot.items.length, 1000);
  assert.equal(snapshot.overflow, 99_000);
  // A fingerprint seen before the cap keeps counting after it.
  clusters.add(input({ diffs: [{ path: ['field0'], kind: 'changed', origin: 1, replay: 2 }] }), T0, example('again'));
  assert.equal(clusters.snapshot().items[0]?.count, 2);
});

test('a cluster keeps no difference values: only the fingerprint fields', () => {
  const clusters = new ClusterIndex({ maxClusters: 10 });
  clusters.add(input({ diffs: [{ path: ['secret'], kind: 'changed', origin: 'sensitive-origin', replay: 'sensitive-replay' }] }), T0, example('a'));
  const { examples: _examples, ...cluster } = clusters.snapshot().items[0]!;
  assert.doesNotMatch(JSON.stringify(cluster), /sensitive/);
});
