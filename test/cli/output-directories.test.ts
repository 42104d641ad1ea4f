import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutputDirectories } from '../../src/cli/output-directories.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliFlags } from '../../src/config/options.js';
import { UsageError } from '../../src/config/usage-error.js';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';

after(removeTempDirs);

/** The config loaded from flags and a config file holding `file`. */
function configOf(flags: CliFlags, file: object = {}): ReturnType<typeof loadConfig> {
  return loadConfig(flags, 'config.json', () => JSON.stringify(file));
}

function refusal(check: () => void): { code: string; key: string; message: string } {
  try {
    check();
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return { code: error.code, key: error.key, message: error.message };
  }
  return assert.fail('accepted');
}

test('an output path in a directory that does not exist is refused, naming the flag or the config key as typed', () => {
  const dir = tempDir('outdirs');
  const missing = join(dir, 'no', 'such');
  const cases: ReadonlyArray<readonly [CliFlags, object, string | null, string]> = [
    [{ logFile: join(missing, 'x.log') }, {}, null, '--log-file'],
    [{}, { log: { file: join(missing, 'x.log') } }, null, 'log.file'],
    [{ report: join(missing, 'r.json') }, {}, null, '--report'],
    [{}, { report: join(missing, 'r.json') }, null, 'report'],
    [{ writeMismatches: join(missing, 'm.gor') }, {}, null, '--write-mismatches'],
    [{}, { writeMismatches: join(missing, 'm.gor') }, null, 'writeMismatches'],
    [{}, {}, join(missing, 'j.xml'), '--junit'],
  ];
  for (const [flags, file, junit, key] of cases) {
    assert.deepEqual(
      refusal(() => checkOutputDirectories(configOf(flags, file), flags, junit)),
      { code: 'missing_directory', key, message: `${key}: directory ${missing} does not exist` },
      key,
    );
  }
  assert.equal(existsSync(join(dir, 'no')), false, 'nothing was created');
});

test('a directory that is a file is refused; existing directories, relative paths and outputs turned off pass', () => {
  const dir = tempDir('outdirs-file');
  writeFileSync(join(dir, 'plain'), 'x');
  const flags = { report: join(dir, 'plain', 'r.json') };
  assert.deepEqual(
    refusal(() => checkOutputDirectories(configOf(flags), flags)),
    {
      code: 'missing_directory',
      key: '--report',
      message: `--report: ${join(dir, 'plain')} is not a directory`,
    },
  );
  const fine = { logFile: join(dir, 'x.log'), report: 'relative.json', writeMismatches: join(dir, 'm.gor') };
  checkOutputDirectories(configOf(fine), fine, join(dir, 'j.xml'));
  checkOutputDirectories(configOf({ logFile: false }), { logFile: false });
  assert.deepEqual(readdirSync(dir), ['plain'], 'the check writes nothing');
});

describe('at start, before stdin is read', { concurrency: 4 }, () => {
  const input = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));
  const capture = fixturePath('exchanges', 'robot-regressions.gor');
  const cases: ReadonlyArray<readonly [string, (missing: string) => string[], string]> = [
    ['middleware --log-file', (missing) => ['--preset', 'robot', '--log-file', join(missing, 'x.log')], '--log-file'],
    ['middleware --report', (missing) => ['--preset', 'robot', '--no-log-file', '--report', join(missing, 'r.json')], '--report'],
    ['middleware --write-mismatches', (missing) => ['--preset', 'robot', '--no-log-file', '--write-mismatches', join(missing, 'm.gor')], '--write-mismatches'],
    ['compare --junit', (missing) => ['compare', '--preset', 'robot', '--no-log-file', '--junit', join(missing, 'j.xml'), capture], '--junit'],
    ['replay --report', (missing) => ['replay', '--target', 'http://127.0.0.1:9', '--no-log-file', '--report', join(missing, 'r.json'), capture], '--report'],
    ['demo --log-file', (missing) => ['demo', '--log-file', join(missing, 'x.log')], '--log-file'],
  ];
  for (const [what, args, key] of cases) {
    test(`${what} in a missing directory exits 2 with one line, echoes nothing and creates nothing`, async () => {
      const dir = tempDir('outdirs-cli');
      const missing = join(dir, 'missing', 'deeper');
      const run = await runCli(args(missing), input, { cwd: dir });
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout.length, 0, 'nothing was echoed: stdin was not read');
      assert.ok(run.stderr.startsWith(`goreplay-diff: ${key}: directory ${missing} does not exist`), run.stderr);
      assert.ok(run.stderr.trimEnd().split('\n').length <= 2, `a short message, not the help:\n${run.stderr}`);
      assert.deepEqual(readdirSync(dir), [], 'no directory was created');
    });
  }

  test('a config file naming a missing log directory is refused by its key', async () => {
    const dir = tempDir('outdirs-config');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ preset: 'robot', log: { file: join(dir, 'logs', 'x.log') } }));
    const run = await runCli(['--config', join(dir, 'config.json')], input, { cwd: dir });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout.length, 0);
    assert.ok(run.stderr.startsWith(`goreplay-diff: log.file: directory ${join(dir, 'logs')} does not exist`), run.stderr);
    assert.deepEqual(readdirSync(dir), ['config.json']);
  });
});
