import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { demoCapturePath } from '../../src/modes/demo.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';

after(removeTempDirs);

test('the demo exits 0 and prints ok, warn and error verdicts with their diffs, writing no file', async () => {
  const dir = tempDir('demo');
  const started = Date.now();
  const run = await runCli(['demo', '--no-color'], Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(Date.now() - started < 10_000, 'well under ten seconds');
  assert.equal(run.stdout.length, 0);
  const lines = run.stderr.split('\n');
  for (const verdict of ['ok', 'warn', 'error']) {
    assert.ok(
      lines.some((line) => line.startsWith(`${verdict} `)),
      `a ${verdict} line in:\n${run.stderr}`,
    );
  }
  assert.match(run.stderr, /^warn +input_hint de0100000000000000000002 hint_list_present .*results\.hint_list\[1\]: "天气怎么样" → "天气预警"/m);
  assert.match(run.stderr, /^error +query de0200000000000000000006 body_mismatch .*results\.confidence: 0\.93 → 0\.71/m);
  assert.match(run.stderr, /^error +query de0200000000000000000007 status_mismatch status 200→500/m);
  assert.match(run.stderr, /summary after .*9 exchanges \(5 ok, 1 warn, 3 error, 0 incomplete\)/);
  assert.deepEqual(readdirSync(dir), [], 'no log file in the working directory');
  const shown = /^Replaying (\S+) /m.exec(run.stderr)?.[1] ?? '';
  assert.ok(existsSync(resolve(dir, shown)), `the capture path it names (${shown}) opens from the working directory`);
});

test('from the repository root the demo names its capture by a short relative path', async () => {
  const run = await runCli(['demo', '--no-color', '-q'], Buffer.alloc(0), { cwd: repoRoot() });
  assert.match(run.stderr, /^Replaying fixtures\/demo\/robot-demo\.gor /m);
});

test('the demo capture is found from the compiled module, as from an installed package', () => {
  assert.match(demoCapturePath(), /fixtures[/\\]demo[/\\]robot-demo\.gor$/);
});
