import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, freePort, httpRequest, pollUntil, startDaemon } from '../helpers/daemons.js';
import type { Daemon } from '../helpers/daemons.js';
import { assertMetricsMatchReport } from '../helpers/metrics-report.js';
import { announcedPort, fastReportConfig, INPUT_LINES, METRICS_INPUT, settledReport } from '../helpers/metrics-run.js';
import type { RouteReport } from '../helpers/metrics-run.js';
import type { Sample } from '../helpers/prometheus-text.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-prometheus');
const prometheus = findBinary('/usr/bin/prometheus', '/usr/local/bin/prometheus');
/** How often the test's Prometheus scrapes: often, so the test waits little. */
const SCRAPE_INTERVAL = '250ms';

interface QueryAnswer {
  readonly status: string;
  readonly error?: string;
  readonly data?: { readonly result: ReadonlyArray<{ readonly metric: Record<string, string>; readonly value: [number, string] }> };
}

/** An instant query through Prometheus's HTTP API. */
async function query(port: number, promql: string): Promise<QueryAnswer> {
  const answer = await httpRequest(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
  return JSON.parse(answer.body) as QueryAnswer;
}

/** The answer's series as samples, named by `__name__`. */
function samplesOf(answer: QueryAnswer): Sample[] {
  return (answer.data?.result ?? []).map(({ metric, value }) => {
    const { __name__: name = '', ...labels } = metric;
    return { name, labels, value: Number(value[1]) };
  });
}

/** One number of an instant query whose answer is a single series; null while there is none. */
async function scalarOf(port: number, promql: string): Promise<number | null> {
  const [first] = samplesOf(await query(port, promql));
  return first === undefined ? null : first.value;
}

/** A Prometheus that scrapes `target` into a fresh storage folder under `dir`, on a free loopback port. */
async function startPrometheus(binary: string, dir: string, target: string): Promise<{ daemon: Daemon; port: number }> {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      `  scrape_interval: ${SCRAPE_INTERVAL}`,
      `  scrape_timeout: ${SCRAPE_INTERVAL}`,
      'scrape_configs:',
      '  - job_name: goreplay-diff',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const daemon = startDaemon(binary, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`]);
  return { daemon, port };
}

/** The dashboard's and the alerting rules' queries, with Grafana's variables given values. */
function exampleQueries(): string[] {
  const examples = join(repoRoot(), 'examples', 'prometheus');
  const dashboard = JSON.parse(readFileSync(join(examples, 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
  const panelQueries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr.replaceAll('$instance', '.*').replaceAll('$__rate_interval', '1m')));
  const rules = readFileSync(join(examples, 'goreplay-diff-alerts.yml'), 'utf8');
  const ruleQueries = [...rules.matchAll(/expr: (?:\|\n((?: {10}.*\n)+)|(.+)\n)/g)].map((match) => (match[1] ?? match[2] ?? '').trim());
  assert.equal(ruleQueries.length, 3, 'every alerting rule is found');
  return [...panelQueries, ...ruleQueries];
}

test('a real Prometheus scrapes the running middleware: its sum and per-verdict counts of exchanges equal the JSON report’s', {
  skip: prometheus === null ? 'prometheus is not installed (apt-get install prometheus; .ci/run installs it)' : false,
}, async () => {
  const dir = tempDir();
  const reportPath = join(dir, 'r.json');
  const args = ['--preset', 'robot', '--metrics-listen', '0', '--report', reportPath, '--no-log-file', '--config', fastReportConfig(dir)];
  let server: { daemon: Daemon; port: number } | undefined;
  try {
    const run = await runCli(
      args,
      async (stdin, child) => {
        const target = `127.0.0.1:${await announcedPort(child)}`;
        server = await startPrometheus(prometheus ?? '', dir, target);
        const { port, daemon } = server;
        // The pipe stays open, so the middleware keeps running while Prometheus scrapes it.
        stdin.write(METRICS_INPUT);
        const report: RouteReport = await pollUntil(async () => settledReport(reportPath), 'the report counts every input line');
        await pollUntil(
          async () => ((await scalarOf(port, 'sum(goreplay_diff_messages_total)')) === INPUT_LINES ? true : null),
          `Prometheus has scraped every input line counted (${daemon.output().slice(-2000)})`,
          45_000,
        );
        const total = Object.values(report.exchanges).reduce((sum, count) => sum + count, 0);
        assert.ok(total > 0);
        assert.equal(await scalarOf(port, 'sum(goreplay_diff_exchanges_total)'), total);
        const byVerdict = samplesOf(await query(port, 'sum by (verdict) (goreplay_diff_exchanges_total)'));
        assert.deepEqual(Object.fromEntries(byVerdict.map((sample) => [sample.labels['verdict'], sample.value])), report.exchanges);
        // Every series of the program as Prometheus stored it, against the whole report.
        const stored = samplesOf(await query(port, '{__name__=~"goreplay_diff_.+", job="goreplay-diff"}'));
        assertMetricsMatchReport(stored, report);
        assert.ok(stored.every((sample) => sample.labels['instance'] === target));
        for (const promql of exampleQueries()) assert.equal((await query(port, promql)).status, 'success', promql);
        stdin.end();
      },
      { stdin: 'fifo', timeoutMs: 60_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(METRICS_INPUT), 'every byte echoed while scraped');
  } finally {
    await server?.daemon.stop();
  }
});
