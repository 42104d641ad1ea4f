import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { jsonExchange as exchange } from '../helpers/json-exchange.js';
import { feed, recording, startPipeline } from '../helpers/pipeline-run.js';

// Array alignment through the judging pipeline in-process: one inserted element is one
// difference in the verdict's count, the stderr line and the log record.

after(removeTempDirs);

test('one element inserted into or removed from an array is one difference, not a cascade', async () => {
  const dir = tempDir('aligned');
  const run = await startPipeline(recording(dir, { route: ['/api/**'], failOn: 'error' }));
  const items = '[{"id":1},{"id":2},{"id":3},{"id":4}]';
  const input = Buffer.concat([
    exchange('c1', `{"items":${items}}`, '{"items":[{"id":1},{"id":2},{"id":9},{"id":3},{"id":4}]}'),
    exchange('c2', `{"items":${items}}`, '{"items":[{"id":1},{"id":3},{"id":4}]}'),
    exchange('c3', `{"items":${items}}`, '{"items":[{"id":1},{"id":2},{"id":5},{"id":4}]}'),
  ]);
  await feed(run.judging, input, 11);
  assert.equal(await run.judging.finish(), 1);
  assert.deepEqual(
    run.results.map((r) => [r.id, r.reason, r.totalDiffs]),
    [
      ['c1', 'body_mismatch', 1],
      ['c2', 'body_mismatch', 1],
      ['c3', 'body_mismatch', 1],
    ],
  );
  const logged = loggedExchanges(dir) as unknown as Array<{ id: string; diffs: unknown[] }>;
  const diffsOf = (id: string) => logged.find((record) => record.id === id)?.diffs;
  assert.deepEqual(diffsOf('c1'), [{ path: 'items[2]', kind: 'added', replay: { id: 9 } }]);
  assert.deepEqual(diffsOf('c2'), [{ path: 'items[1]', kind: 'removed', origin: { id: 2 } }]);
  assert.deepEqual(diffsOf('c3'), [{ path: 'items[2].id', kind: 'changed', origin: 3, replay: 5 }]);
});

test('--unordered and a route of the config file compare arrays as multisets: a reordering is ok, a missing element one difference', async () => {
  const dir = tempDir('unordered');
  const run = await startPipeline(recording(dir, { route: ['/api/**'], unordered: ['tags'], failOn: 'error' }));
  const input = Buffer.concat([
    exchange('u1', '{"tags":["a","b","c"],"list":[1,2]}', '{"tags":["c","a","b"],"list":[1,2]}'),
    exchange('u2', '{"tags":["a","b","b"]}', '{"tags":["b","a"]}'),
  ]);
  await feed(run.judging, input, 13);
  assert.equal(await run.judging.finish(), 1);
  assert.deepEqual(
    run.results.map((r) => [r.id, r.verdict, r.totalDiffs]),
    [
      ['u1', 'ok', 0],
      ['u2', 'error', 1],
    ],
  );
  const logged = loggedExchanges(dir) as unknown as Array<{ id: string; diffs: unknown[] }>;
  assert.deepEqual(logged.find((record) => record.id === 'u2')?.diffs, [{ path: 'tags[2]', kind: 'removed', origin: 'b' }]);
});
