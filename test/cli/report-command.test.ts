import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeReports } from '../../src/insight/merge-reports.js';
import type { SavedReport } from '../../src/insight/saved-report.js';
import { LatencyHistogram } from '../../src/report/latency-histogram.js';
import { runCli } from '../helpers/run-cli.js';
import { handReport } from '../helpers/saved-reports.js';
import type { HandExchange } from '../helpers/saved-reports.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-report');
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const NO_INPUT = Buffer.alloc(0);

function exchange(id: string, verdict: HandExchange['verdict'], cluster: string, at: number): HandExchange {
  const reason = verdict === 'ok' ? 'identical' : verdict === 'warn' ? 'hint_list_present' : 'body_mismatch';
  return { id, route: 'query', verdict, reason, at: T0 + at, latency: [10 + at, 12 + at], fields: verdict === 'ok' ? [] : [[`f.${cluster}`, 'changed']], cluster };
}

/** Writes the reports of two parts of one run, and returns their paths and contents. */
function twoParts(dir: string): { paths: string[]; reports: SavedReport[] } {
  const reports = [
    handReport([exchange('a1', 'ok', '', 0), exchange('a2', 'error', 'c-old', 1), exchange('a3', 'warn', 'c-warn', 2)]),
    handReport([exchange('b1', 'error', 'c-old', 3), exchange('b2', 'ok', '', 4)]),
  ];
  const paths = reports.map((report, i) => {
    const path = join(dir, `part${i}.json`);
    writeFileSync(path, JSON.stringify(report));
    return path;
  });
  return { paths, reports };
}

function write(dir: string, name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('report merges saved reports into --out as one run would have written them, and prints the summary', async () => {
  const dir = tempDir();
  const { paths, reports } = twoParts(dir);
  const out = join(dir, 'merged.json');
  const run = await runCli(['report', ...paths, '--out', out], NO_INPUT);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.length, 0, 'nothing on stdout');
  const merged = JSON.parse(readFileSync(out, 'utf8')) as SavedReport;
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const gates = { failOn: 'never', minSamples: 1, failOnNew: false, result: null } as const;
  const expected = mergeReports(reports, { sources: paths, version, gates, percentiles: (data) => LatencyHistogram.fromData(data).percentiles() });
  assert.deepEqual(merged, JSON.parse(JSON.stringify({ ...expected, run: { ...expected.run, gates: { ...gates, result: 'pass' } } })));
  assert.equal(merged.run.mode, 'merged');
  assert.deepEqual(merged.exchanges, { ok: 2, warn: 1, error: 2, incomplete: 0 });
  assert.match(run.stderr, /^merged 2 reports: .*part0\.json, .*part1\.json\n/);
  assert.match(run.stderr, /summary after [\d.]+ s: 5 exchanges \(2 ok, 1 warn, 2 error, 0 incomplete\)/);
  assert.match(run.stderr, /^query +2 +1 +2 +0 /m);
  assert.deepEqual(
    run.stderr.split('\n').filter((line) => line.includes('.tmp-')),
    [],
  );
});

test('report gates like compare: --fail-on fails on the merged verdicts, --min-samples and --max-error-rate apply', async () => {
  const dir = tempDir();
  const { paths } = twoParts(dir);
  const out = join(dir, 'gated.json');
  const failing = await runCli(['report', ...paths, '--fail-on', 'error', '--out', out], NO_INPUT);
  assert.equal(failing.code, 1, failing.stderr);
  assert.deepEqual((JSON.parse(readFileSync(out, 'utf8')) as SavedReport).run.gates, { failOn: 'error', minSamples: 1, failOnNew: false, result: 'fail' });
  assert.equal((await runCli(['report', ...paths, '--fail-on', 'error', '--max-error-rate', '40%'], NO_INPUT)).code, 0, '2 of 5 is not more than 40%');
  const few = await runCli(['report', ...paths, '--fail-on', 'error', '--max-error-rate', '1', '--min-samples', '6'], NO_INPUT);
  assert.equal(few.code, 1);
  assert.match(few.stderr, /fails: 5 exchanges judged, fewer than --min-samples 6/);
  assert.equal((await runCli(['report', paths[1]!], NO_INPUT)).code, 0, 'without --fail-on it never fails');
});

test('report --baseline marks the merged clusters; --fail-on-new fails only on a cluster the baseline did not have', async () => {
  const dir = tempDir();
  const { paths } = twoParts(dir);
  const knowsOld = write(dir, 'knows-old.json', handReport([exchange('p1', 'error', 'c-old', 0), exchange('p2', 'error', 'c-gone', 1)]));
  const knowsAll = write(dir, 'knows-all.json', handReport([exchange('p1', 'error', 'c-old', 0), exchange('p3', 'warn', 'c-warn', 1)]));
  const out = join(dir, 'marked.json');
  const marked = await runCli(['report', ...paths, '--baseline', knowsOld, '--out', out], NO_INPUT);
  assert.equal(marked.code, 0, marked.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as SavedReport;
  assert.deepEqual(
    report.clusters.items.map((cluster) => [cluster.id, cluster.count, cluster.baseline]),
    [
      ['c-old', 2, 'persisting'],
      ['c-warn', 1, 'new'],
    ],
  );
  assert.deepEqual(report.baseline, { file: knowsOld, new: 1, persisting: 1, fixed: 1, fixedClusters: [{ id: 'c-gone', route: 'query', reason: 'body_mismatch', count: 1 }] });
  assert.match(marked.stderr, /baseline .*knows-old\.json: 1 new, 1 persisting, 1 fixed clusters/);

  // The new cluster is a warn: --fail-on error --fail-on-new passes, any verdict fails it.
  const cases: ReadonlyArray<readonly [readonly string[], number]> = [
    [['--baseline', knowsOld, '--fail-on-new'], 1],
    [['--baseline', knowsOld, '--fail-on-new', '--fail-on', 'warn'], 1],
    [['--baseline', knowsOld, '--fail-on-new', '--fail-on', 'error'], 0],
    [['--baseline', knowsOld, '--fail-on', 'error'], 1],
    [['--baseline', knowsAll, '--fail-on-new'], 0],
    [['--baseline', knowsAll, '--fail-on-new', '--fail-on', 'warn'], 0],
  ];
  for (const [args, code] of cases) {
    const gated = join(dir, 'gated.json');
    const run = await runCli(['report', ...paths, ...args, '--out', gated], NO_INPUT);
    assert.equal(run.code, code, `${args.join(' ')}: ${run.stderr}`);
    const gates = (JSON.parse(readFileSync(gated, 'utf8')) as SavedReport).run.gates;
    assert.equal(gates.failOnNew, args.includes('--fail-on-new'), args.join(' '));
    assert.equal(gates.result, code === 0 ? 'pass' : 'fail', args.join(' '));
  }
});

test('an input or baseline that cannot be read, is not JSON, not a report or of another format: one line, exit 2, nothing written', async () => {
  const dir = tempDir();
  const { paths } = twoParts(dir);
  const good = paths[0]!;
  const formatOne = { ...handReport([exchange('x', 'ok', '', 0)]) } as Record<string, unknown>;
  delete formatOne['format'];
  const inputs: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
    ['missing', [join(dir, 'none.json')], /cannot read report .*none\.json: ENOENT/],
    ['not JSON', [write(dir, 'torn.json', '{"format": 2, "run"')], /torn\.json is not JSON \(/],
    ['not a report', [write(dir, 'other.json', { hello: 'world' })], /other\.json is not a goreplay-diff report;/],
    ['format 1', [write(dir, 'old.json', formatOne)], /old\.json is a report of format 1 \(no "format" key\); this version reads format 2/],
    ['format 3', [write(dir, 'future.json', { ...formatOne, format: 3 })], /future\.json is a report of format 3/],
    [
      'a bad part',
      [write(dir, 'bad.json', { ...handReport([exchange('x', 'ok', '', 0)]), clusters: { items: 'x', overflow: 0 } })],
      /bad\.json is not a goreplay-diff report: clusters\.items is not a list/,
    ],
    ['a bucket out of range', [write(dir, 'bucket.json', bucketOutOfRange())], /bucket\.json is not a goreplay-diff report: latency bucket 99999999 is out of range/],
    ['a bad baseline', ['--baseline', write(dir, 'bad-baseline.json', '[]')], /--baseline: .*bad-baseline\.json is not a goreplay-diff report;/],
    ['a missing baseline', ['--baseline', join(dir, 'gone.json')], /cannot read report .*gone\.json: ENOENT/],
    ['--fail-on-new without --baseline', ['--fail-on-new'], /--fail-on-new needs --baseline/],
    ['--out in a missing directory', ['--out', join(dir, 'no', 'merged.json')], /--out: directory .* does not exist/],
    ['an input given twice', [good], /report: .*part0\.json is given twice; its exchanges would count twice/],
  ];
  for (const [what, args, message] of inputs) {
    const out = join(dir, `out-${what.replaceAll(' ', '-')}.json`);
    const run = await runCli(['report', good, ...args, ...(args.includes('--out') ? [] : ['--out', out])], NO_INPUT);
    assert.equal(run.code, 2, `${what}: ${run.stderr}`);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, `${what}: one line, got ${run.stderr}`);
    assert.match(lines[0]!, message, what);
    assert.match(lines[0]!, /^goreplay-diff: .*; see goreplay-diff report --help$/, what);
    assert.equal(existsSync(out), false, `${what}: nothing is written`);
  }
  const none = await runCli(['report'], NO_INPUT);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /missing required argument 'report'/);
});

function bucketOutOfRange(): object {
  const report = handReport([exchange('x', 'ok', '', 0)]);
  return { ...report, latency: { ...report.latency, origin: { count: 1, min: 1, max: 1, buckets: [[99_999_999, 1]] } } };
}

test('report --html writes the merged report as a page, with --out or alone; a missing directory is exit 2 before anything is read', async () => {
  const dir = tempDir();
  const { paths } = twoParts(dir);
  const out = join(dir, 'merged.json');
  const html = join(dir, 'merged.html');
  const both = await runCli(['report', ...paths, '--out', out, '--html', html], NO_INPUT);
  assert.equal(both.code, 0, both.stderr);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /^<!DOCTYPE html>/i);
  assert.match(page, /Content-Security-Policy/);
  assert.ok(page.includes('merged'), 'the page says it is a merged report');
  assert.ok(page.includes('query'), 'the page names the route');
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as SavedReport).run.mode, 'merged');

  const alone = join(dir, 'alone.html');
  const only = await runCli(['report', ...paths, '--html', alone], NO_INPUT);
  assert.equal(only.code, 0, only.stderr);
  assert.equal(readFileSync(alone, 'utf8'), page, 'the same page without --out');

  const missing = await runCli(['report', ...paths, '--html', join(dir, 'no-such-dir', 'x.html')], NO_INPUT);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^goreplay-diff: --html: directory .*no-such-dir does not exist; see goreplay-diff report --help\n$/);
});
