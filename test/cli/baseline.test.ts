import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SavedReport } from '../../src/insight/saved-report.js';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { handReport } from '../helpers/saved-reports.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-baseline');
const NO_INPUT = Buffer.alloc(0);
const REGRESSIONS = fixturePath('exchanges', 'robot-regressions.gor');
const IDENTICAL = fixturePath('exchanges', 'robot-identical.gor');
const ARGS = ['--preset', 'robot', '--no-log-file', '-q'];

/** A baseline of format 2 that knows none of the fixtures' clusters. */
function strangerBaseline(dir: string): string {
  const path = join(dir, 'stranger.json');
  writeFileSync(path, JSON.stringify(handReport([{ id: 'z', route: 'query', verdict: 'error', reason: 'body_mismatch', at: 0, cluster: 'c000000000000' }])));
  return path;
}

test('an unreadable or invalid baseline stops every mode at start: one line, exit 2, nothing read or echoed', async () => {
  const dir = tempDir();
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"exchanges": {}, "routes": {}}');
  const missing = join(dir, 'missing.json');
  const modes: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['compare', ['compare', ...ARGS, REGRESSIONS]],
    ['replay', ['replay', ...ARGS, '--target', 'http://127.0.0.1:9', REGRESSIONS]],
    ['middleware', ARGS],
    ['demo', ['demo', '--no-log-file']],
  ];
  const stdin = gorFileToHexStream(REGRESSIONS);
  for (const [mode, args] of modes) {
    for (const [baseline, message] of [
      [bad, /--baseline: .*bad\.json is a report of format 1 \(no "format" key\); this version reads format 2/],
      [missing, /cannot read report .*missing\.json: ENOENT/],
    ] as const) {
      const run = await runCli([...args, '--baseline', baseline], stdin, { cwd: dir });
      assert.equal(run.code, 2, `${mode}: ${run.stderr}`);
      assert.equal(run.stdout.length, 0, `${mode}: nothing is echoed`);
      const lines = run.stderr.split('\n').filter((line) => line !== '');
      assert.equal(lines.length, 1, `${mode}: ${run.stderr}`);
      assert.match(lines[0]!, message, mode);
    }
    const alone = await runCli([...args, '--fail-on-new'], stdin, { cwd: dir });
    assert.equal(alone.code, 2, `${mode} --fail-on-new alone: ${alone.stderr}`);
    assert.match(alone.stderr, /^goreplay-diff: --fail-on-new needs --baseline/);
  }
  const fromFile = join(dir, 'config.json');
  writeFileSync(fromFile, JSON.stringify({ baseline: bad }));
  const configured = await runCli(['compare', ...ARGS, '-c', fromFile, REGRESSIONS], NO_INPUT);
  assert.equal(configured.code, 2);
  assert.match(configured.stderr, /^goreplay-diff: baseline: .*bad\.json is a report of format 1/, 'named by its config key');
});

test('--fail-on-new fails compare and middleware on new failing clusters only; a run without failing exchanges passes', async () => {
  const dir = tempDir();
  const baseline = strangerBaseline(dir);
  const cases: ReadonlyArray<readonly [string, readonly string[], Buffer, number]> = [
    ['compare, errors in no baseline cluster', ['compare', ...ARGS, '--baseline', baseline, '--fail-on-new', REGRESSIONS], NO_INPUT, 1],
    ['compare, nothing failing', ['compare', ...ARGS, '--baseline', baseline, '--fail-on-new', IDENTICAL], NO_INPUT, 0],
    ['compare, --baseline alone gates as before', ['compare', ...ARGS, '--baseline', baseline, '--fail-on', 'never', REGRESSIONS], NO_INPUT, 0],
    ['middleware, --fail-on-new alone', [...ARGS, '--baseline', baseline, '--fail-on-new'], gorFileToHexStream(REGRESSIONS), 1],
    ['middleware, --baseline alone never fails', [...ARGS, '--baseline', baseline], gorFileToHexStream(REGRESSIONS), 0],
  ];
  for (const [what, args, stdin, code] of cases) {
    const run = await runCli(args, stdin, { cwd: dir });
    assert.equal(run.code, code, `${what}: ${run.stderr}`);
    if (stdin.length > 0) assert.deepEqual(run.stdout, stdin, `${what}: the echo is untouched`);
  }
});

test('a second run against the first one’s report: its clusters persist, --fail-on-new passes; a run without them has them fixed', async () => {
  const dir = tempDir();
  const first = join(dir, 'first.json');
  const run = await runCli(['compare', ...ARGS, '--fail-on', 'never', '--report', first, REGRESSIONS], NO_INPUT);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(readFileSync(first, 'utf8')) as SavedReport;
  const ids = report.clusters.items.map((cluster) => cluster.id);
  assert.ok(ids.length > 1, 'the regressions make several clusters');
  const second = join(dir, 'second.json');
  const again = await runCli(['compare', ...ARGS.filter((arg) => arg !== '-q'), '--baseline', first, '--fail-on-new', '--report', second, REGRESSIONS], NO_INPUT);
  assert.equal(again.code, 0, `the same regressions are not new: ${again.stderr}`);
  const marked = JSON.parse(readFileSync(second, 'utf8')) as SavedReport;
  assert.deepEqual(
    marked.clusters.items.map((cluster) => [cluster.id, cluster.baseline]),
    ids.map((id) => [id, 'persisting']),
  );
  assert.deepEqual(marked.baseline, { file: first, new: 0, persisting: ids.length, fixed: 0, fixedClusters: [] });
  assert.equal(marked.run.gates.failOnNew, true);
  assert.match(again.stderr, new RegExp(`baseline .*first\\.json: 0 new, ${ids.length} persisting, 0 fixed clusters`));

  // Middleware mode reads the baseline at start and marks on its analysis thread alike.
  const fromMiddleware = join(dir, 'middleware.json');
  const stdin = gorFileToHexStream(REGRESSIONS);
  const middleware = await runCli([...ARGS, '--baseline', first, '--fail-on-new', '--report', fromMiddleware], stdin, { cwd: dir });
  assert.equal(middleware.code, 0, middleware.stderr);
  assert.deepEqual(middleware.stdout, stdin);
  assert.doesNotMatch(middleware.stderr, /baseline /, '-q leaves the baseline line out, as the regressions');
  const middlewareReport = JSON.parse(readFileSync(fromMiddleware, 'utf8')) as SavedReport;
  assert.deepEqual(middlewareReport.baseline, { file: first, new: 0, persisting: ids.length, fixed: 0, fixedClusters: [] });
  assert.deepEqual(middlewareReport.run.gates, { failOn: 'never', minSamples: 0, failOnNew: true, result: 'pass' });

  const third = join(dir, 'third.json');
  const fixedRun = await runCli(['compare', ...ARGS, '--baseline', first, '--fail-on-new', '--report', third, IDENTICAL], NO_INPUT);
  assert.equal(fixedRun.code, 0, fixedRun.stderr);
  const fixed = JSON.parse(readFileSync(third, 'utf8')) as SavedReport;
  assert.equal(fixed.baseline?.fixed, ids.length);
  assert.deepEqual(fixed.baseline?.fixedClusters.map((cluster) => cluster.id).sort(), [...ids].sort());
});
