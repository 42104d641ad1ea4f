import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FILES, checkReport, checkVerdicts, logRecords, streamOf } from '../helpers/fixture-verdicts.js';
import type { Report } from '../helpers/fixture-verdicts.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// The verdict table is checked fixture by fixture in-process (test/judging/pipeline.test.ts);
// this runs it once through the real program: the analysis thread, the log, the report.

const tempDir = tempDirs('cli-verdicts');

test('the CLI gives every fixture exchange the verdict fixtures/README.md gives it, in its log, on stderr and in its report', async () => {
  const dir = tempDir();
  const input = streamOf(ALL_FILES);
  const args = ['--preset', 'robot', '--log-file', join(dir, 'x.log'), '--log-ok', '--report', join(dir, 'r.json'), '--no-color'];
  const run = await runCli(args, input, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is byte-identical');
  const result = { stderr: run.stderr, input, records: logRecords(dir), report: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report };
  checkVerdicts(result, ALL_FILES, false);
  checkReport(result, ALL_FILES, false);
});

test('a config file asking for more pending exchanges than the early analysis thread was started for gets a thread of its own, and judges the same', async () => {
  const dir = tempDir();
  const input = streamOf(ALL_FILES);
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ maxPending: 3_000_000 }));
  const args = ['--preset', 'robot', '--config', join(dir, 'c.json'), '--log-file', join(dir, 'x.log'), '--log-ok', '--report', join(dir, 'r.json'), '--no-color'];
  const run = await runCli(args, input, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is byte-identical');
  const result = { stderr: run.stderr, input, records: logRecords(dir), report: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report };
  checkVerdicts(result, ALL_FILES, false);
});
