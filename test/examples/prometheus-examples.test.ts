import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunMetrics } from '../../src/report/run-metrics.js';
import { findBinary } from '../helpers/daemons.js';
import { repoRoot } from '../helpers/run-cli.js';

const examples = join(repoRoot(), 'examples', 'prometheus');
const promtool = findBinary('/usr/bin/promtool', '/usr/local/bin/promtool');
const NO_PROMTOOL = 'promtool is not installed (apt-get install prometheus; .ci/run installs it)';

interface Panel {
  readonly title: string;
  readonly type: string;
  readonly datasource: { readonly uid: string };
  readonly targets: ReadonlyArray<{ readonly expr: string; readonly datasource: { readonly uid: string } }>;
}

/** The names a scrape of the program can hold: every metric of the registry, a histogram's series included. */
async function exportedNames(): Promise<Set<string>> {
  const metrics = await createRunMetrics({ routes: [], version: '0', processMetrics: false }).registry.getMetricsAsJSON();
  return new Set(metrics.flatMap(({ name, type }) => (String(type) === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])));
}

/** The program's metric names a PromQL text uses. */
function namesIn(text: string): string[] {
  return [...text.matchAll(/\bgoreplay_diff_\w+/g)].map((match) => match[0]);
}

test('the Grafana dashboard is valid JSON with the panels the README lists, each querying metrics the program exports', async () => {
  const dashboard = JSON.parse(readFileSync(join(examples, 'grafana-dashboard.json'), 'utf8')) as { panels: Panel[]; templating: { list: Array<{ name: string }> } };
  assert.deepEqual(
    dashboard.panels.map((panel) => panel.title),
    [
      'Error rate by route',
      'Verdicts by route',
      'Risk of non-ok exchanges by route',
      'Response duration p95, origin vs replay',
      'Pending exchanges',
      'Pending bytes',
      'Analysis lag behind the echo',
      'Skipped by kind',
      'Reasons by route',
    ],
  );
  assert.deepEqual(
    dashboard.templating.list.map((variable) => variable.name),
    ['datasource', 'instance'],
  );
  const exported = await exportedNames();
  for (const panel of dashboard.panels) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, read as written
    assert.equal(panel.datasource.uid, '${datasource}', panel.title);
    assert.ok(panel.targets.length > 0, `${panel.title} has a query`);
    for (const target of panel.targets) {
      const names = namesIn(target.expr);
      assert.ok(names.length > 0, `${panel.title}: ${target.expr}`);
      for (const name of names) assert.ok(exported.has(name), `${panel.title} queries ${name}, which the program does not export`);
      assert.ok(target.expr.includes('instance=~"$instance"'), `${panel.title} follows the host selector`);
    }
  }
});

test('the alerting rules query only metrics the program exports', async () => {
  const exported = await exportedNames();
  const names = namesIn(readFileSync(join(examples, 'goreplay-diff-alerts.yml'), 'utf8'));
  assert.ok(names.length >= 3);
  for (const name of names) assert.ok(exported.has(name), name);
});

/** Runs promtool in the examples folder; its output, or the failure with it. */
function runPromtool(...args: string[]): string {
  return execFileSync(promtool ?? 'promtool', args, { cwd: examples, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('promtool accepts the alerting rules and the fleet config', { skip: promtool === null ? NO_PROMTOOL : false }, () => {
  assert.match(runPromtool('check', 'rules', 'goreplay-diff-alerts.yml'), /SUCCESS: 3 rules found/);
  assert.match(runPromtool('check', 'config', 'prometheus.yml'), /SUCCESS: prometheus\.yml is valid/);
});

test('promtool test rules: each alert fires on its series and stays quiet on the healthy ones', { skip: promtool === null ? NO_PROMTOOL : false }, () => {
  assert.match(runPromtool('test', 'rules', 'goreplay-diff-alerts.test.yml'), /SUCCESS/);
});
