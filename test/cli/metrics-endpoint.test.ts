import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { httpRequest } from '../helpers/daemons.js';
import { assertMetricsMatchReport } from '../helpers/metrics-report.js';
import { announcedPort, fastReportConfig, METRICS_INPUT, settledScrape } from '../helpers/metrics-run.js';
import { valuesBy } from '../helpers/prometheus-text.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-metrics');

test('while the mirror runs, /metrics holds the JSON report’s counts, /healthz answers 200, and nothing else is served', async () => {
  const dir = tempDir();
  const reportPath = join(dir, 'r.json');
  const args = ['--preset', 'robot', '--metrics-listen', '0', '--report', reportPath, '--no-log-file', '--config', fastReportConfig(dir)];
  const run = await runCli(args, async (stdin, child) => {
    const port = await announcedPort(child);
    stdin.write(METRICS_INPUT);
    const { report, samples, text } = await settledScrape(port, reportPath);
    assertMetricsMatchReport(samples, report);
    for (const [route, summary] of Object.entries(report.routes)) {
      for (const side of ['origin', 'replay'] as const) {
        const count = valuesBy(samples, 'goreplay_diff_response_duration_seconds_count', [], { route, side })[''];
        assert.equal(count, summary.latencyMs[side].count, `${route} ${side} durations`);
      }
    }
    const version = (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
    assert.deepEqual(valuesBy(samples, 'goreplay_diff_build_info', ['version']), { [version]: 1 });
    assert.deepEqual(valuesBy(samples, 'goreplay_diff_analysis_lag_bytes', []), { '': 0 }, 'the analysis has caught up');
    assert.ok(
      samples.some((sample) => sample.name === 'process_resident_memory_bytes'),
      'the default process metrics',
    );
    assert.ok(!/\/v2\/robot|\/v1\/robot/.test(text), 'route names, never request paths');

    const base = `http://127.0.0.1:${port}`;
    const metrics = await httpRequest(`${base}/metrics`, 'HEAD');
    assert.deepEqual([metrics.status, metrics.body, metrics.headers['content-type']], [200, '', 'text/plain; version=0.0.4; charset=utf-8']);
    assert.deepEqual(pick(await httpRequest(`${base}/healthz`)), { status: 200, body: 'ok\n', allow: undefined });
    assert.deepEqual(pick(await httpRequest(`${base}/metrics`, 'POST', 'x=1')), { status: 405, body: 'method not allowed\n', allow: 'GET, HEAD' });
    assert.deepEqual(pick(await httpRequest(`${base}/healthz`, 'DELETE')), { status: 405, body: 'method not allowed\n', allow: 'GET, HEAD' });
    for (const path of ['/', '/metrics/', '/METRICS', '/metrics/x', '/favicon.ico']) {
      assert.deepEqual(pick(await httpRequest(`${base}${path}`)), { status: 404, body: 'not found\n', allow: undefined }, path);
    }
    stdin.end();
  });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(METRICS_INPUT), 'every byte echoed, scrapes or not');
});

function pick(answer: { status: number; body: string; headers: Readonly<Record<string, unknown>> }): { status: number; body: string; allow: unknown } {
  return { status: answer.status, body: answer.body, allow: answer.headers['allow'] };
}

test('with --echo-only the endpoint counts messages, every request unwatched, and judges nothing', async () => {
  const dir = tempDir();
  const reportPath = join(dir, 'r.json');
  const args = ['--echo-only', '--metrics-listen', '127.0.0.1:0', '--report', reportPath, '--config', fastReportConfig(dir)];
  const run = await runCli(args, async (stdin, child) => {
    const port = await announcedPort(child);
    stdin.write(METRICS_INPUT);
    const { report, samples } = await settledScrape(port, reportPath);
    assertMetricsMatchReport(samples, report);
    assert.equal(report.skipped['unwatched'], report.messages['request']);
    stdin.end();
  });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(METRICS_INPUT));
});

/** A loopback port held by this process while `use` runs. */
async function withBusyPort(use: (port: number) => Promise<void>): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use((server.address() as AddressInfo).port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('an address that cannot be listened on is bad configuration: one line naming the option as given, exit 2, nothing read from stdin', async () => {
  await withBusyPort(async (port) => {
    const dir = tempDir();
    const config = join(dir, 'metrics.json');
    writeFileSync(config, JSON.stringify({ metrics: { listen: `127.0.0.1:${port}` } }));
    const cases = [
      { args: ['--metrics-listen', String(port)], key: '--metrics-listen', why: 'the port is in use \\(EADDRINUSE\\)' },
      { args: ['--echo-only', '--metrics-listen', `127.0.0.1:${port}`], key: '--metrics-listen', why: 'the port is in use \\(EADDRINUSE\\)' },
      { args: ['--config', config], key: 'metrics.listen', why: 'the port is in use \\(EADDRINUSE\\)' },
      { args: ['--metrics-listen', '192.0.2.1:9464'], key: '--metrics-listen', why: 'the address is not one of this host \\(EADDRNOTAVAIL\\)' },
    ];
    for (const { args, key, why } of cases) {
      const run = await runCli([...args, '--no-log-file'], METRICS_INPUT, { cwd: dir });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout.length, 0, 'nothing echoed: stdin was never read');
      assert.match(run.stderr, new RegExp(`^goreplay-diff: ${key} [\\d.]+:\\d+: cannot listen: ${why}; see goreplay-diff --help\\n$`));
    }
  });
});
