import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { jsonExchange as exchange } from '../helpers/json-exchange.js';
import { feed, recording, startPipeline } from '../helpers/pipeline-run.js';

// Keyed arrays and notes through the judging pipeline in-process: the verdicts, the stderr
// line and the log record name elements by key, and carry the walk's notes.

after(removeTempDirs);

type Logged = { id: string; verdict: string; diffs: unknown[]; totalDiffs: number; notes?: string[] };

test('--array-key matches elements by key: a reordering is ok, a changed element is named by its key, notes reach the line and the log', async () => {
  const dir = tempDir('keyed');
  const run = await startPipeline(recording(dir, { route: ['/api/**'], arrayKey: ['items=id'], redact: ['items[*].token'], failOn: 'error' }));
  const input = Buffer.concat([
    exchange('k1', '{"items":[{"id":1,"n":1},{"id":2,"n":2}]}', '{"items":[{"id":2,"n":2},{"id":1,"n":1}]}'),
    exchange('k2', '{"items":[{"id":1,"n":1,"token":"s1"},{"id":2}]}', '{"items":[{"id":2},{"id":1,"n":2,"token":"s2"},{"id":3}]}'),
    exchange('k3', '{"items":[{"id":1},{"id":1},"x"]}', '{"items":[{"id":1},"y"]}'),
  ]);
  await feed(run.judging, input, 23);
  assert.equal(await run.judging.finish(), 1);
  assert.deepEqual(
    run.results.map((r) => [r.id, r.verdict, r.reason, r.totalDiffs]),
    [
      ['k1', 'ok', 'comparator_ok', 0],
      ['k2', 'error', 'body_mismatch', 3],
      ['k3', 'error', 'body_mismatch', 2],
    ],
  );
  const logged = loggedExchanges(dir) as unknown as Logged[];
  const record = (id: string): Logged | undefined => logged.find((entry) => entry.id === id);
  assert.deepEqual(record('k2')?.diffs, [
    { path: 'items[id=1].n', kind: 'changed', origin: 1, replay: 2 },
    { path: 'items[id=1].token', kind: 'changed', origin: '[redacted]', replay: '[redacted]' },
    { path: 'items[id=3]', kind: 'added', replay: { id: 3 } },
  ]);
  assert.equal(record('k2')?.notes, undefined, 'no note, no field');
  assert.deepEqual(record('k3')?.diffs, [
    { path: 'items[id=1]', kind: 'removed', origin: { id: 1 } },
    { path: 'items[2]', kind: 'changed', origin: 'x', replay: 'y', replayPath: 'items[1]' },
  ]);
  assert.deepEqual(record('k3')?.notes, [
    'items[id=1] is not unique (2 in origin, 1 in replay): its elements are paired in order',
    'items: elements without a key "id" (a string or number), 1 in origin and 1 in replay: aligned by position',
  ]);
  const stderr = run.io.text();
  assert.match(stderr, /k2 body_mismatch .*\| items\[id=1\]\.n: 1 → 2; items\[id=1\]\.token: "\[redacted\]" → "\[redacted\]"; items\[id=3\]: \(absent\) → \{"id":3\}$/m);
  assert.match(stderr, /k3 body_mismatch .* \| note: items\[id=1\] is not unique \(2 in origin, 1 in replay\): its elements are paired in order \(\+1 more notes\)$/m);
  assert.doesNotMatch(stderr, /s1|s2/);
});

test('a route of the config file adds array keys of its own, looked at before the global ones', async () => {
  const dir = tempDir('keyed-route');
  const file = { routes: [{ path: '/api/**', arrayKeys: ['items=sku'] }] };
  const run = await startPipeline(recording(dir, { arrayKey: ['items=id'], failOn: 'error' }), undefined, file);
  await feed(run.judging, exchange('r1', '{"items":[{"id":1,"sku":"a"},{"id":2,"sku":"b"}]}', '{"items":[{"id":2,"sku":"a"},{"id":1,"sku":"b"}]}'), 29);
  await run.judging.finish();
  const logged = loggedExchanges(dir) as unknown as Logged[];
  assert.deepEqual(
    logged.map((entry) => entry.diffs.map((d) => (d as { path: string }).path)),
    [['items[sku=a].id', 'items[sku=b].id']],
  );
});

test('an array too large to align is compared by index, and its note reaches the line and the log', async () => {
  const dir = tempDir('by-index');
  const run = await startPipeline(recording(dir, { route: ['/api/**'], maxDiffs: '2', failOn: 'error' }));
  const size = 1200;
  const origin = JSON.stringify({ items: Array.from({ length: size }, (_, i) => i) });
  const replay = JSON.stringify({ items: Array.from({ length: size }, (_, i) => -i - 1) });
  await feed(run.judging, exchange('b1', origin, replay), 31);
  await run.judging.finish();
  const logged = loggedExchanges(dir) as unknown as Logged[];
  assert.deepEqual(
    logged.map((entry) => [entry.totalDiffs, entry.notes]),
    [[size, ['items: compared by index (too large to align)']]],
  );
  assert.match(run.io.text(), /b1 body_mismatch .*\(\+1198 more\) \| note: items: compared by index \(too large to align\)$/m);
});
