import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { findBinary, freePort, httpRequest, pollUntil, startDaemon } from '../helpers/daemons.js';
import type { Daemon } from '../helpers/daemons.js';
import { fixturePath } from '../helpers/gor-stream.js';
import { assertMetricsMatchReport } from '../helpers/metrics-report.js';
import type { CountsReport } from '../helpers/metrics-report.js';
import { parseSamples } from '../helpers/prometheus-text.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-metrics-push');
const capture = fixturePath('exchanges', 'robot-regressions.gor');

/** A request the server received, whole. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** An HTTP server on loopback that records every request and answers it with `answer`. */
async function recordingServer(answer: (request: Received, response: ServerResponse) => void): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', contentType: request.headers['content-type'], body };
      received.push(entry);
      answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const readReport = (dir: string): CountsReport => JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as CountsReport;

test('compare pushes its final metrics once, with PUT to the job’s group under the gateway’s path, holding the report’s counts', async () => {
  const gateway = await recordingServer((_request, response) => response.writeHead(200).end());
  const dir = tempDir();
  const args = ['compare', capture, '--preset', 'robot', '--report', join(dir, 'r.json'), '--no-log-file', '--metrics-push', `${gateway.url}/base`, '--metrics-job', 'ci run'];
  const run = await runCli(args, Buffer.alloc(0));
  assert.equal(run.code, 1, 'the verdicts decide the exit code, as without a push');
  assert.equal(gateway.received.length, 1);
  const [push] = gateway.received;
  assert.deepEqual([push?.method, push?.url], ['PUT', '/base/metrics/job/ci%20run']);
  const samples = parseSamples(push?.body ?? '');
  assertMetricsMatchReport(samples, readReport(dir));
  assert.ok(!samples.some((sample) => sample.name.startsWith('process_') || sample.name.startsWith('nodejs_')), 'a batch run pushes no process metrics');
  assert.ok(samples.some((sample) => sample.name === 'goreplay_diff_build_info'));
});

test('replay pushes too; the default job is goreplay_diff', async () => {
  // One server is both the replay target (any path) and the gateway (PUT /metrics/job/…).
  const server = await recordingServer((request, response) => {
    if (request.method === 'PUT') response.writeHead(202).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const dir = tempDir();
  const args = ['replay', capture, '--preset', 'robot', '--target', server.url, '--report', join(dir, 'r.json'), '--no-log-file', '--metrics-push', server.url];
  const run = await runCli(args, Buffer.alloc(0));
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const pushes = server.received.filter((request) => request.method === 'PUT');
  assert.deepEqual(
    pushes.map((request) => request.url),
    ['/metrics/job/goreplay_diff'],
  );
  assertMetricsMatchReport(parseSamples(pushes[0]?.body ?? ''), readReport(dir));
});

test('a push that fails is one warning line; the run’s exit code and outputs are unchanged', async () => {
  const refusing = await recordingServer((_request, response) => response.writeHead(500).end('disk full'));
  const closedPort = await freePort();
  for (const [url, why] of [
    [refusing.url, 'push failed with status 500, disk full'],
    [`http://127.0.0.1:${closedPort}`, 'connect ECONNREFUSED'],
  ] as const) {
    const dir = tempDir();
    const run = await runCli(['compare', capture, '--preset', 'robot', '--report', join(dir, 'r.json'), '--no-log-file', '--metrics-push', url], Buffer.alloc(0));
    assert.equal(run.code, 1);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('push'));
    assert.equal(warnings.length, 1, run.stderr);
    assert.ok(warnings[0]?.startsWith(`goreplay-diff: warning: could not push metrics to ${new URL(url).origin}: ${why}`), warnings[0]);
    assert.ok((readReport(dir).exchanges['error'] ?? 0) > 0, 'the report is written all the same');
  }
});

const pushgatewayBinary = findBinary('/usr/bin/prometheus-pushgateway', '/usr/local/bin/pushgateway');

test('a real Pushgateway takes the push and serves the report’s counts under the job', {
  skip: pushgatewayBinary === null ? 'prometheus-pushgateway is not installed (apt-get install prometheus-pushgateway; .ci/run installs it)' : false,
}, async () => {
  const port = await freePort();
  const daemon: Daemon = startDaemon(pushgatewayBinary ?? '', [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=']);
  try {
    const base = `http://127.0.0.1:${port}`;
    await pollUntil(async () => ((await httpRequest(`${base}/-/ready`)).status === 200 ? true : null), `the Pushgateway is ready: ${daemon.output()}`);
    const dir = tempDir();
    const run = await runCli(
      ['compare', capture, '--preset', 'robot', '--report', join(dir, 'r.json'), '--no-log-file', '--metrics-push', base, '--metrics-job', 'ci'],
      Buffer.alloc(0),
    );
    assert.equal(run.code, 1, run.stderr);
    assert.ok(!run.stderr.includes('could not push'), run.stderr);
    const samples = parseSamples((await httpRequest(`${base}/metrics`)).body).filter((sample) => sample.labels['job'] === 'ci');
    assertMetricsMatchReport(samples, readReport(dir));
  } finally {
    await daemon.stop();
  }
});
