import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/report/report-document.js';
import { startDemoServer } from '../../src/replay/demo-server.js';
import { loggedExchanges, recordArgs, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { streamOf } from '../helpers/fixture-verdicts.js';
import { fixturePath } from '../helpers/gor-stream.js';
import { parseXml } from '../helpers/xml-parse.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';

// Clusters, risk and the format-2 report through the command line, in every mode.

after(removeTempDirs);

const readReport = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;

/** What every mode must agree on: each non-ok log record names a cluster of the report and its risk; stderr counts them. */
function checkClusters(dir: string, report: Report, stderr: string): void {
  const records = loggedExchanges(dir) as unknown as Array<{ id: string; verdict: string; cluster: string | null; risk: string | null }>;
  const differing = records.filter((record) => record.verdict !== 'ok');
  assert.ok(differing.length > 0);
  const ids = new Map(report.clusters.items.map((cluster) => [cluster.id, cluster]));
  for (const record of differing) {
    const cluster = ids.get(record.cluster ?? '');
    assert.ok(cluster !== undefined, `${record.id}'s cluster ${record.cluster} is in the report`);
    assert.ok(['high', 'medium', 'low'].includes(record.risk ?? ''));
  }
  for (const record of records.filter((r) => r.verdict === 'ok')) assert.deepEqual([record.cluster, record.risk], [null, null]);
  assert.equal(
    report.clusters.items.reduce((sum, cluster) => sum + cluster.count, 0),
    differing.length,
  );
  const risk = report.risk;
  assert.equal(risk.high + risk.medium + risk.low, differing.length);
  const n = report.clusters.items.length;
  assert.match(
    stderr,
    new RegExp(`^${n} distinct regressions? in ${differing.length} differing exchanges? \\(risk: ${risk.high} high, ${risk.medium} medium, ${risk.low} low\\)$`, 'm'),
  );
  const top = report.clusters.items[0]!;
  assert.match(stderr, new RegExp(`^ {2}${top.id} {2}×${top.count} {2}${top.risk} {2}`, 'm'));
}

test('compare: the report is format 2 with its run header; log records and JUnit failures carry the cluster and risk', async () => {
  const dir = tempDir('insight-compare');
  const capture = fixturePath('exchanges', 'robot-regressions.gor');
  const run = await runCli(['compare', '--preset', 'robot', ...recordArgs(dir), '--junit', join(dir, 'j.xml'), capture], Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const report = readReport(dir);
  assert.equal(report.format, 2);
  assert.deepEqual(
    { mode: report.run.mode, sources: report.run.sources, target: report.run.target, gates: report.run.gates },
    { mode: 'compare', sources: [capture], target: null, gates: { failOn: 'error', minSamples: 1, failOnNew: false, result: 'fail' } },
  );
  assert.deepEqual(
    report.run.routes.map((route) => route.name),
    ['input_hint', 'query', 'intention'],
  );
  checkClusters(dir, report, run.stderr);
  const records = new Map((loggedExchanges(dir) as unknown as Array<{ id: string; cluster: string | null; risk: string | null }>).map((record) => [record.id, record]));
  const failures = parseXml(readFileSync(join(dir, 'j.xml'), 'utf8'))
    .children.flatMap((suite) => suite.children)
    .filter((testcase) => testcase.children.some((child) => child.name === 'failure'));
  assert.ok(failures.length > 0);
  for (const testcase of failures) {
    const id = (testcase.attributes['name'] ?? '').split(' ')[0] ?? '';
    const properties = Object.fromEntries(testcase.children.find((child) => child.name === 'properties')?.children.map((p) => [p.attributes['name'], p.attributes['value']]) ?? []);
    assert.deepEqual([properties['cluster'], properties['risk']], [records.get(id)?.cluster, records.get(id)?.risk], `JUnit case ${id}`);
  }
});

test('compare -q prints no regression summary', async () => {
  const dir = tempDir('insight-quiet');
  const run = await runCli(['compare', '-q', '--preset', 'robot', '--no-log-file', fixturePath('exchanges', 'robot-regressions.gor')], Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 1);
  assert.doesNotMatch(run.stderr, /distinct regression/);
});

test('middleware: the stream is echoed unchanged and the report says middleware, from stdin', async () => {
  const dir = tempDir('insight-middleware');
  const input = streamOf(['robot-regressions.gor', 'robot-identical.gor']);
  const run = await runCli(['--preset', 'robot', ...recordArgs(dir), '--max-clusters', '2'], input, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input));
  const report = readReport(dir);
  assert.deepEqual([report.run.mode, report.run.sources, report.run.options], ['middleware', ['stdin'], { maxClusters: 2 }]);
  assert.equal(report.clusters.items.length, 2);
  assert.ok(report.clusters.overflow > 0);
  assert.match(run.stderr, /^at least 2 distinct regressions in \d+ differing exchanges/m);
  assert.ok(Object.keys(report.fields).length > 0);
});

test('replay: the run header names the target; clusters and risk as in compare', async () => {
  const server = await startDemoServer();
  try {
    const dir = tempDir('insight-replay');
    const capture = join(repoRoot(), 'fixtures', 'demo', 'robot-demo.gor');
    const run = await runCli(['replay', '--preset', 'robot', ...recordArgs(dir), '--target', server.url.href, capture], Buffer.alloc(0), { cwd: dir });
    const report = readReport(dir);
    assert.deepEqual([report.run.mode, report.run.target, report.run.sources], ['replay', `http://${server.url.host}`, [capture]]);
    assert.equal(report.run.gates.result, run.code === 0 ? 'pass' : 'fail');
    checkClusters(dir, report, run.stderr);
  } finally {
    await server.close();
  }
});
