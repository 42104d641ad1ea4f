import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { jsonExchange as exchange } from '../helpers/json-exchange.js';
import { feed, recording, startPipeline } from '../helpers/pipeline-run.js';

// The value options through the judging pipeline in-process: flags apply to every route, a
// route of the config file adds its own tolerances and overrides the two switches.

after(removeTempDirs);

const INPUT = Buffer.concat([
  exchange('t1', '{"price":10.00,"id":7}', '{"price":10.004,"id":7}'),
  exchange('t2', '{"price":10.00,"id":7}', '{"price":10.02,"id":7}'),
  exchange('n1', '{"price":1,"note":null}', '{"price":1}'),
  exchange('l1', '{"price":1,"count":"3"}', '{"price":1,"count":3}'),
]);

test('--tolerance and --null-equals-missing judge numbers within tolerance and null against missing as equal', async () => {
  const dir = tempDir('values');
  const run = await startPipeline(recording(dir, { route: ['/api/**'], tolerance: ['price=0.01'], nullEqualsMissing: true, failOn: 'error' }));
  await feed(run.judging, INPUT, 17);
  assert.equal(await run.judging.finish(), 1);
  assert.deepEqual(
    run.results.map((r) => [r.id, r.verdict, r.totalDiffs]),
    [
      ['t1', 'ok', 0],
      ['t2', 'error', 1],
      ['n1', 'ok', 0],
      ['l1', 'error', 1],
    ],
  );
  const logged = loggedExchanges(dir) as unknown as Array<{ id: string; diffs: unknown[] }>;
  assert.deepEqual(logged.find((record) => record.id === 't2')?.diffs, [{ path: 'price', kind: 'changed', origin: 10, replay: 10.02 }]);
});

test('a route of the config file adds a relative tolerance and overrides the global switches', async () => {
  const dir = tempDir('route-values');
  const file = { routes: [{ path: '/api/**', tolerance: ['price=1%'], nullEqualsMissing: false, looseTypes: true }] };
  const run = await startPipeline(recording(dir, { nullEqualsMissing: true, failOn: 'error' }), undefined, file);
  await feed(run.judging, INPUT, 19);
  await run.judging.finish();
  assert.deepEqual(
    run.results.map((r) => [r.id, r.verdict]),
    [
      ['t1', 'ok'],
      ['t2', 'ok'],
      ['n1', 'error'],
      ['l1', 'ok'],
    ],
  );
});
