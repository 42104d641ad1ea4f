import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReportWriter } from '../../src/report/report-file.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'goreplay-diff-report-'));
}

test('writeNow replaces the report with the current snapshot and leaves no temporary file', () => {
  const dir = tempDir();
  const path = join(dir, 'report.json');
  let n = 0;
  const writer = createReportWriter({ path, snapshot: () => ({ n: ++n }), warn: () => assert.fail('no warning expected') });
  assert.deepEqual(readdirSync(dir), []);
  assert.equal(writer.writeNow(), true);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { n: 1 });
  assert.equal(writer.writeNow(), true);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { n: 2 });
  assert.deepEqual(readdirSync(dir), ['report.json']);
});

test('a missing directory of the report path is not created: the write fails with a warning', () => {
  const dir = tempDir();
  const path = join(dir, 'a', 'b', 'report.json');
  const warnings: string[] = [];
  assert.equal(createReportWriter({ path, snapshot: () => ({ ok: true }), warn: (m) => warnings.push(m) }).writeNow(), false);
  assert.match(warnings[0] ?? '', /ENOENT/);
  assert.deepEqual(readdirSync(dir), [], 'nothing was created');
});

test('a report path that cannot be written warns once, keeps the process alive and retries on the next call', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'file'), 'x');
  const warnings: string[] = [];
  const writer = createReportWriter({ path: join(dir, 'file', 'report.json'), snapshot: () => ({}), warn: (m) => warnings.push(m) });
  assert.equal(writer.writeNow(), false);
  assert.equal(writer.writeNow(), false);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^report not written to .*file\/report\.json: /);
  assert.deepEqual(readdirSync(dir), ['file']);
});

test('a snapshot that throws is reported as a failure, not thrown', () => {
  const dir = tempDir();
  const warnings: string[] = [];
  const writer = createReportWriter({
    path: join(dir, 'report.json'),
    snapshot: () => {
      throw new Error('boom');
    },
    warn: (m) => warnings.push(m),
  });
  assert.equal(writer.writeNow(), false);
  assert.deepEqual(warnings, [`report not written to ${join(dir, 'report.json')}: boom`]);
  assert.deepEqual(readdirSync(dir), []);
});

test('a failed write leaves the previous report complete', () => {
  const dir = tempDir();
  const path = join(dir, 'report.json');
  writeFileSync(path, '{"previous":true}');
  // A directory where the temporary file should go makes the write fail before the rename.
  mkdirSync(`${path}.tmp-x`);
  const warnings: string[] = [];
  const writer = createReportWriter({ path, snapshot: () => ({ next: true }), warn: (m) => warnings.push(m), tempSuffix: 'x' });
  assert.equal(writer.writeNow(), false);
  assert.equal(warnings.length, 1);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { previous: true });
});
