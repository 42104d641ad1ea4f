import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { fixtureFacts } from '../helpers/fixture-facts.js';
import { logRecords, streamOf } from '../helpers/fixture-verdicts.js';
import { feed, startPipeline } from '../helpers/pipeline-run.js';

// The log's record format, through the judging pipeline in-process (the spawned tests in
// test/cli/reporting.test.ts cover the file's mode, body limits, SIGKILL and bad paths).

after(removeTempDirs);

/** Every field of a record, sorted; `detail` and `pathLength` are the optional fields. */
const RECORD_FIELDS = [
  'cluster',
  'diffs',
  'id',
  'latencyMs',
  'level',
  'method',
  'msg',
  'origin',
  'path',
  'reason',
  'replay',
  'replayNumber',
  'replayTimestamp',
  'request',
  'risk',
  'route',
  'status',
  'time',
  'totalDiffs',
  'verdict',
];

test('the JSON log holds one record per exchange with the documented fields, values read back from the fixture', async () => {
  const dir = tempDir('log-fields');
  const run = await startPipeline({ preset: 'robot', logOk: true, logFile: join(dir, 'x.log'), color: false });
  await feed(run.judging, streamOf(['robot-regressions.gor']), 11);
  assert.equal(await run.judging.finish(), 0);
  const records = logRecords(dir) as Array<Record<string, unknown> & { id: string }>;
  const facts = fixtureFacts('robot-regressions.gor');
  assert.deepEqual(
    records.map((record) => record.id),
    [
      'b20100000000000000000001',
      'b20100000000000000000002',
      'b20100000000000000000003',
      'b20300000000000000000004',
      'b20300000000000000000005',
      'b20200000000000000000006',
      'b20200000000000000000007',
      'b20200000000000000000008',
    ],
  );
  for (const record of records) {
    const fact = facts.get(record.id);
    assert.ok(fact !== undefined);
    assert.deepEqual(
      Object.keys(record)
        .filter((key) => key !== 'detail')
        .sort(),
      RECORD_FIELDS,
      `fields of ${record.id}`,
    );
    assert.ok(!Number.isNaN(Date.parse(String(record['time']))), `time of ${record.id} is a date`);
    const verdict = String(record['verdict']);
    if (verdict === 'ok') assert.deepEqual([record['risk'], record['cluster']], [null, null], `ok ${record.id} has no risk or cluster`);
    else {
      assert.match(String(record['cluster']), /^c[0-9a-f]{12}$/, `cluster of ${record.id}`);
      assert.ok(['high', 'medium', 'low'].includes(String(record['risk'])), `risk of ${record.id}`);
    }
    assert.equal(record['level'], { ok: 'info', warn: 'warn', error: 'error', incomplete: 'error' }[verdict], `level of ${record.id}`);
    assert.equal(record['msg'], `${String(record['reason'])} on ${String(record['route'])}`);
    assert.equal(record['method'], fact.method);
    assert.equal(record['path'], fact.path);
    assert.deepEqual(record['status'], { origin: fact.status[0], replay: fact.status[1] }, `status of ${record.id}`);
    assert.deepEqual(record['latencyMs'], { origin: fact.latency[0], replay: fact.latency[1] }, `latency of ${record.id}`);
    assert.deepEqual([record['replayNumber'], record['replayTimestamp']], [1, fact.replayTimestamp], `replay of ${record.id}`);
    const sides = ['request', 'origin', 'replay'] as const;
    sides.forEach((side, i) => {
      const text = fact.bodies[i] ?? '';
      assert.deepEqual(record[side], { body: text, bytes: Buffer.byteLength(text), truncated: false }, `${side} of ${record.id}`);
    });
    const diffs = record['diffs'] as Array<Record<string, unknown>>;
    assert.equal(record['totalDiffs'], diffs.length);
    for (const diff of diffs) {
      assert.equal(typeof diff['path'], 'string');
      assert.equal('origin' in diff, diff['kind'] !== 'added', `origin of ${JSON.stringify(diff)}`);
      assert.equal('replay' in diff, diff['kind'] !== 'removed', `replay of ${JSON.stringify(diff)}`);
    }
  }
  const diffsOf = (id: string): unknown => records.find((record) => record.id === id)?.['diffs'];
  assert.deepEqual(diffsOf('b20200000000000000000006'), [{ path: 'results.confidence', kind: 'changed', origin: 0.93, replay: 0.71 }]);
  assert.deepEqual(diffsOf('b20200000000000000000008'), [{ path: 'results.intent', kind: 'changed', origin: 'weather.query', replay: 'weather.forecast' }]);
  const intentionOrigin = JSON.parse(facts.get('b20300000000000000000004')?.bodies[1] ?? '') as { results: { intention_list: unknown[] } };
  assert.deepEqual(diffsOf('b20300000000000000000004'), [{ path: 'results.intention_list[0]', kind: 'removed', origin: intentionOrigin.results.intention_list[0] }]);
});
