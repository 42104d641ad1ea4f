import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { jsonExchange as exchange } from '../helpers/json-exchange.js';
import { feed, recording, startPipeline } from '../helpers/pipeline-run.js';

after(removeTempDirs);

test('--ignore /regex/ skips every field whose key matches, at any depth', async () => {
  const run = await startPipeline(recording(tempDir('key-regex'), { route: ['/api/**'], ignore: ['/_at$/'], failOn: 'error' }));
  const input = Buffer.concat([
    exchange('r1', '{"created_at":1,"items":[{"updated_at":"a","n":1}]}', '{"created_at":2,"items":[{"updated_at":"b","n":1}]}'),
    exchange('r2', '{"created_at":1,"items":[{"updated_at":"a","n":1}]}', '{"created_at":1,"items":[{"updated_at":"a","n":2}]}'),
  ]);
  await feed(run.judging, input, 7);
  assert.equal(await run.judging.finish(), 1);
  assert.deepEqual(
    run.results.map((r) => [r.id, r.verdict, r.totalDiffs]),
    [
      ['r1', 'ok', 0],
      ['r2', 'error', 1],
    ],
  );
});

test('--ignore-shape: a value replaced by another of the same shape is noise; replaced by null or another shape it is a difference', async () => {
  const dir = tempDir('shapes');
  const run = await startPipeline(recording(dir, { route: ['/api/**'], ignoreShape: ['uuid,timestamp'], failOn: 'error' }));
  const origin = '{"id":"123e4567-e89b-12d3-a456-426614174000","at":"2024-05-01T12:34:56Z","n":1}';
  const input = Buffer.concat([
    exchange('s1', origin, '{"id":"f47ac10b-58cc-4372-a567-0e02b2c3d479","at":1714566999,"n":1}'),
    exchange('s2', origin, '{"id":null,"at":"2024-05-02T00:00:00Z","n":1}'),
    exchange('s3', origin, '{"id":"2024-05-01T12:34:56Z","at":"2024-05-01T12:34:56Z","n":2}'),
  ]);
  await feed(run.judging, input, 7);
  assert.equal(await run.judging.finish(), 1);
  assert.deepEqual(
    run.results.map((r) => [r.id, r.verdict, r.totalDiffs]),
    [
      ['s1', 'ok', 0],
      ['s2', 'error', 1],
      ['s3', 'error', 2],
    ],
  );
  const logged = loggedExchanges(dir) as unknown as Array<{ id: string; diffs: unknown[] }>;
  assert.deepEqual(logged.find((record) => record.id === 's2')?.diffs, [{ path: 'id', kind: 'type_changed', origin: '123e4567-e89b-12d3-a456-426614174000', replay: null }]);
});
