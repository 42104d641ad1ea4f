import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { LOG_FILE_MODE, createLogReporter, logReporterFor } from '../../src/report/log-reporter.js';
import type { LogDestination, LogReporterOptions } from '../../src/report/log-reporter.js';
import { DIFF_VALUE_LIMIT } from '../../src/report/log-record.js';
import { REDACTED, createRedactor } from '../../src/report/redact.js';

/** An error exchange with one difference; tests override what they look at. */
function result(overrides: Partial<ExchangeResult> = {}): ExchangeResult {
  return {
    id: 'a1b2',
    route: 'query',
    method: 'POST',
    path: '/v2/robot/query',
    verdict: 'error',
    reason: 'body_mismatch',
    diffs: [{ path: ['results', 'hint_list', 0, 'score'], kind: 'changed', origin: 0.9, replay: 0.7 }],
    totalDiffs: 1,
    status: { origin: 200, replay: 500 },
    latencyMs: { origin: 12.5, replay: 30 },
    request: { headers: [['Authorization', 'Bearer t']], body: Buffer.from('{"robot_id":"664","password":"p"}') },
    originBody: Buffer.from('{"results":{"score":0.9}}'),
    replayBody: Buffer.from('{"results":{"score":0.7}}'),
    replayIndex: 0,
    messages: { request: null, origin: null, replay: { header: { kind: 'replay', id: 'a1b2', timestamp: 1710489600024000000n, duration: 30_000_000n }, payload: Buffer.alloc(0) } },
    ...overrides,
  };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'goreplay-diff-log-'));
}

function options(file: string, overrides: Partial<LogReporterOptions> = {}): LogReporterOptions {
  return {
    file,
    maxSize: '10m',
    frequency: 'daily',
    keep: 10,
    logOk: false,
    bodyLimit: 4096,
    redactor: createRedactor({ bodyPaths: ['password'] }),
    ...overrides,
  };
}

/** Every line of every log file in `dir`, parsed; fails on any incomplete line. */
function readRecords(dir: string): Record<string, unknown>[] {
  const files = readdirSync(dir).sort();
  return files.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('each non-ok exchange becomes one JSON line with exactly the documented fields', async () => {
  const dir = tempDir();
  const warnings: string[] = [];
  const reporter = await createLogReporter(options(join(dir, 'diff.log')), (m) => warnings.push(m));
  assert.ok(reporter);
  reporter.exchange(result(), { cluster: 'c0123456789ab', risk: 'high' });
  reporter.exchange(result({ id: 'w1', verdict: 'warn', reason: 'hint_list_present', diffs: [], totalDiffs: 0 }));
  reporter.exchange(result({ id: 'i1', verdict: 'incomplete', reason: 'missing_replay', detail: 'expired after 60s' }));
  reporter.exchange(result({ id: 'ok1', verdict: 'ok', reason: 'identical' }));
  await reporter.close();
  assert.deepEqual(warnings, []);
  assert.deepEqual(readdirSync(dir), ['diff.1.log']);
  const records = readRecords(dir);
  assert.deepEqual(
    records.map((r) => [r['id'], r['level']]),
    [
      ['a1b2', 'error'],
      ['w1', 'warn'],
      ['i1', 'error'],
    ],
  );
  const first = records[0]!;
  assert.match(first['time'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const { time: _time, ...rest } = first;
  assert.deepEqual(rest, {
    level: 'error',
    msg: 'body_mismatch on query',
    id: 'a1b2',
    route: 'query',
    method: 'POST',
    path: '/v2/robot/query',
    replayNumber: 1,
    replayTimestamp: '1710489600024000000',
    verdict: 'error',
    reason: 'body_mismatch',
    risk: 'high',
    cluster: 'c0123456789ab',
    status: { origin: 200, replay: 500 },
    latencyMs: { origin: 12.5, replay: 30 },
    diffs: [{ path: 'results.hint_list[0].score', kind: 'changed', origin: 0.9, replay: 0.7 }],
    totalDiffs: 1,
    request: { body: `{"robot_id":"664","password":"${REDACTED}"}`, bytes: 33, truncated: false },
    origin: { body: '{"results":{"score":0.9}}', bytes: 25, truncated: false },
    replay: { body: '{"results":{"score":0.7}}', bytes: 25, truncated: false },
  });
  assert.equal(records[2]!['detail'], 'expired after 60s');
  assert.equal('detail' in first, false);
});

test('the log file is created with mode 0600', async () => {
  const dir = tempDir();
  const reporter = await createLogReporter(options(join(dir, 'diff.log')), () => {});
  assert.ok(reporter);
  reporter.exchange(result());
  await reporter.close();
  assert.equal(statSync(join(dir, 'diff.1.log')).mode & 0o777, LOG_FILE_MODE);
});

test('a log file left with a wider mode by an earlier run is narrowed to 0600', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'diff.1.log'), '', { mode: 0o644 });
  const reporter = await createLogReporter(options(join(dir, 'diff.log')), () => {});
  assert.ok(reporter);
  await reporter.close();
  assert.equal(statSync(join(dir, 'diff.1.log')).mode & 0o777, LOG_FILE_MODE);
});

test('with logOk, ok exchanges are logged at level info', async () => {
  const dir = tempDir();
  const reporter = await createLogReporter(options(join(dir, 'diff.log'), { logOk: true }), () => {});
  assert.ok(reporter);
  reporter.exchange(result({ verdict: 'ok', reason: 'identical', diffs: [], totalDiffs: 0 }));
  await reporter.close();
  assert.deepEqual(
    readRecords(dir).map((r) => [r['level'], r['verdict']]),
    [['info', 'ok']],
  );
});

test('bodies over the limit are cut and marked, and long difference values are shortened', async () => {
  const dir = tempDir();
  const reporter = await createLogReporter(options(join(dir, 'diff.log'), { bodyLimit: 10 }), () => {});
  assert.ok(reporter);
  const long = 'z'.repeat(DIFF_VALUE_LIMIT + 50);
  reporter.exchange(result({ diffs: [{ path: ['a'], kind: 'removed', origin: long }], totalDiffs: 1 }));
  await reporter.close();
  const [record] = readRecords(dir);
  assert.deepEqual(record!['origin'], { body: '{"results"', bytes: 25, truncated: true });
  assert.deepEqual(record!['diffs'], [{ path: 'a', kind: 'removed', origin: `${JSON.stringify(long).slice(0, DIFF_VALUE_LIMIT)}…`, truncated: true }]);
});

test('a log path under a regular file warns once and returns null', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'not-a-dir'), 'x');
  const warnings: string[] = [];
  const reporter = await createLogReporter(options(join(dir, 'not-a-dir', 'logs', 'diff.log')), (m) => warnings.push(m));
  assert.equal(reporter, null);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^log file disabled: cannot write .*not-a-dir\/logs\/diff\.log: .*ENOTDIR/);
});

test('an invalid size warns and returns null instead of throwing', async () => {
  const warnings: string[] = [];
  const reporter = await createLogReporter(options(join(tempDir(), 'diff.log'), { maxSize: 'ten' }), (m) => warnings.push(m));
  assert.equal(reporter, null);
  assert.equal(warnings.length, 1);
});

test('the log rotates by size into a second file', async () => {
  const dir = tempDir();
  const reporter = await createLogReporter(options(join(dir, 'diff.log'), { maxSize: '1k' }), () => {});
  assert.ok(reporter);
  for (let i = 0; i < 6; i += 1) {
    reporter.exchange(result({ id: `r${i}` }));
    await turn();
  }
  await reporter.close();
  const files = readdirSync(dir).sort();
  assert.ok(files.length >= 2, `files: ${files.join(', ')}`);
  assert.deepEqual(files.slice(0, 2), ['diff.1.log', 'diff.2.log']);
  assert.deepEqual(
    readRecords(dir)
      .map((r) => r['id'])
      .sort(),
    ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'],
  );
});

test('rotation keeps at most `keep` files', async () => {
  const dir = tempDir();
  const reporter = await createLogReporter(options(join(dir, 'diff.log'), { maxSize: '1k', keep: 2 }), () => {});
  assert.ok(reporter);
  for (let i = 0; i < 12; i += 1) {
    reporter.exchange(result({ id: `r${i}` }));
    await turn();
  }
  await reporter.close();
  // Old files are deleted asynchronously after each rotation.
  for (let i = 0; i < 1000 && readdirSync(dir).length > 2; i += 1) await turn();
  assert.equal(readdirSync(dir).length, 2, readdirSync(dir).join(', '));
});

test('a write error warns once and stops logging without throwing', async () => {
  const writes: string[] = [];
  const destination = Object.assign(new EventEmitter(), {
    write(line: string) {
      writes.push(line);
    },
    end() {
      destination.emit('close');
    },
  }) satisfies LogDestination;
  const warnings: string[] = [];
  const reporter = logReporterFor(destination, options('unused'), (m) => warnings.push(m));
  reporter.exchange(result());
  destination.emit('error', new Error('ENOSPC: no space left on device'));
  destination.emit('error', new Error('ENOSPC again'));
  reporter.exchange(result());
  assert.equal(reporter.active, false);
  assert.deepEqual(warnings, ['log file disabled: ENOSPC: no space left on device']);
  assert.equal(writes.length, 1);
  await reporter.close();
});

test('a destination whose write throws warns once and stops logging', async () => {
  const destination = Object.assign(new EventEmitter(), {
    write(): void {
      throw new Error('SonicBoom destroyed');
    },
    end() {},
  }) satisfies LogDestination;
  const warnings: string[] = [];
  const reporter = logReporterFor(destination, options('unused'), (m) => warnings.push(m));
  reporter.exchange(result());
  reporter.exchange(result());
  assert.deepEqual(warnings, ['log file disabled: SonicBoom destroyed']);
  await reporter.close();
});

test('after a SIGKILL every record written so far is a complete JSON line', async () => {
  const dir = tempDir();
  const fixture = fileURLToPath(new URL('./fixtures/log-then-sigkill.js', import.meta.url));
  const count = 300;
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
    execFile(process.execPath, [fixture, join(dir, 'diff.log'), String(count)], (error) => {
      resolve((error as { signal?: NodeJS.Signals } | null)?.signal ?? null);
    });
  });
  assert.equal(signal, 'SIGKILL');
  const records = readRecords(dir);
  assert.equal(records.length, count);
  assert.deepEqual(
    records.map((r) => r['id']),
    Array.from({ length: count }, (_, i) => `id-${i}`),
  );
});
