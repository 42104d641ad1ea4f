import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXCHANGE_FILES, checkReport, streamOf } from '../helpers/fixture-verdicts.js';
import type { FixtureRun } from '../helpers/fixture-verdicts.js';
import { fixturePath } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-split');
const NO_INPUT = Buffer.alloc(0);
/** Incomplete exchanges are judged at the end of input: the capture holding them goes last in both runs, so they are judged last in both. */
const FILES = [...EXCHANGE_FILES.filter((file) => file !== 'missing-replay.gor'), 'missing-replay.gor'];
const ARGS = ['--preset', 'robot', '--no-log-file', '--fail-on', 'never', '-q'];

type Json = Record<string, unknown>;

async function compare(files: readonly string[], report: string): Promise<Json> {
  const run = await runCli(['compare', ...ARGS, '--report', report, ...files.map((file) => fixturePath('exchanges', file))], NO_INPUT);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(readFileSync(report, 'utf8')) as Json;
}

/** A report without what depends on when and how its run ran: times, rates and the run header, and the times inside clusters. */
function withoutTimes(report: Json): Json {
  const { run: _run, startedAt: _s, updatedAt: _u, elapsedSeconds: _e, rates: _r, ...rest } = report;
  return JSON.parse(JSON.stringify(rest), (key, value: unknown) => (key === 'firstSeen' || key === 'lastSeen' || key === 'at' ? undefined : value)) as Json;
}

test('a capture split in two, each part judged by compare and the reports merged, gives the report of the whole capture', async () => {
  const dir = tempDir();
  const whole = await compare(FILES, join(dir, 'whole.json'));
  assert.equal(whole['format'], 2);
  const half = Math.ceil(FILES.length / 2);
  const parts = [FILES.slice(0, half), FILES.slice(half)];
  // One after the other, as the parts of one stream: examples are kept first judged first.
  const paths: string[] = [];
  for (const [i, files] of parts.entries()) {
    paths.push(join(dir, `part${i}.json`));
    await compare(files, paths[i]!);
  }
  const out = join(dir, 'merged.json');
  const merge = await runCli(['report', ...paths, '--out', out], NO_INPUT);
  assert.equal(merge.code, 0, merge.stderr);
  const merged = JSON.parse(readFileSync(out, 'utf8')) as Json;
  assert.deepEqual(withoutTimes(merged), withoutTimes(whole));
  const clusters = merged['clusters'] as { items: unknown[] };
  assert.ok(clusters.items.length > 3, 'the capture makes several clusters, so the comparison covers them');
  assert.ok(Object.keys(merged['fields'] as object).length > 0, 'and field statistics');
  assert.deepEqual(Object.keys(merged), Object.keys(whole), 'the keys in the same order');
  const run: FixtureRun = { stderr: '', input: streamOf(FILES), records: [], report: merged as unknown as FixtureRun['report'] };
  checkReport(run, FILES, false);
});
