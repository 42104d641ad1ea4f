import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import type { CliRun, StdinWriter } from '../helpers/run-cli.js';

const tempDir = tempDirs('cli-config');

const regressions = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));

/** Writes traffic but never ends stdin: a CLI that waits for input, or echoes it, is caught. */
const openStdin: StdinWriter = (stdin) => {
  stdin.write(regressions);
};

/** A config file in a fresh folder; returns its path. */
function configFile(content: unknown): string {
  const path = join(tempDir(), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** A rejected start: exit 2 while stdin is still open, one `goreplay-diff:` line naming `key`, nothing on stdout. */
function assertRejected(run: CliRun, key: RegExp): void {
  assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout.length, 0, 'nothing on stdout');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one stderr line: ${run.stderr}`);
  assert.match(lines[0] ?? '', /^goreplay-diff: /);
  assert.match(lines[0] ?? '', key);
}

/** Log records of every `<base>*.log` file in `dir`. */
function logRecords(dir: string, base: string): Array<Record<string, unknown>> {
  const files = readdirSync(dir)
    .filter((name) => name.startsWith(`${base}.`) && name.endsWith('.log'))
    .sort();
  return files.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
}

// A CLI that waited for stdin would never exit; the deadline only has to be finite (CI machines can be slow).
const PROMPT = { timeoutMs: 20_000 };

describe('a bad configuration exits 2 before reading stdin, with one line naming the key', { concurrency: 4 }, () => {
  const fileCases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['an unknown top-level key', { preset: 'robot', routez: [] }, /"routez"/],
    ['an unknown key inside log', { log: { file: 'x.log', rotate: true } }, /"log\.rotate"/],
    ['a bad duration', { ttl: 'soon' }, /\bttl\b.*"soon"/],
    ['an unknown comparator', { routes: [{ path: '/v2/robot/query', comparator: 'fuzzy' }] }, /routes\[0\]\.comparator.*fuzzy/],
    ['an unknown preset', { preset: 'robots' }, /preset.*robots/],
  ];
  for (const [what, content, key] of fileCases) {
    test(`${what} in the config file`, async () => {
      const path = configFile(content);
      assertRejected(await runCli(['--config', path], openStdin, { cwd: tempDir(), ...PROMPT }), key);
    });
  }

  test('a config file that is not JSON', async () => {
    const path = configFile('{ "preset": "robot", }');
    assertRejected(await runCli(['--config', path], openStdin, { cwd: tempDir(), ...PROMPT }), /not valid JSON/);
  });

  test('a config file that does not exist', async () => {
    const path = join(tempDir(), 'missing.json');
    const run = await runCli(['--config', path], openStdin, { cwd: tempDir(), ...PROMPT });
    assertRejected(run, /cannot read config file/);
    assert.ok(run.stderr.includes(path), 'names the file');
  });

  test('a config path that is a directory', async () => {
    const path = tempDir();
    const run = await runCli(['--config', path], openStdin, { cwd: tempDir(), ...PROMPT });
    assertRejected(run, /cannot read config file/);
    assert.ok(run.stderr.includes(path), 'names the file');
  });

  test('a bad value given as a flag, named as the flag', async () => {
    assertRejected(await runCli(['--preset', 'robot', '--max-pending', 'lots'], openStdin, { cwd: tempDir(), ...PROMPT }), /--max-pending must be .*"lots"/);
  });

  test('a malformed --filter flag', async () => {
    assertRejected(await runCli(['--preset', 'robot', '--filter', 'robot_id'], openStdin, { cwd: tempDir(), ...PROMPT }), /--filter\[0\]/);
  });

  test('an unknown option is a usage error: exit 2, the option named on stderr, nothing on stdout', async () => {
    const run = await runCli(['--preset', 'robot', '--bogus'], openStdin, { cwd: tempDir(), ...PROMPT });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout.length, 0);
    assert.match(run.stderr.split('\n')[0] ?? '', /--bogus/);
  });
});

describe('where the configuration comes from', { concurrency: 4 }, () => {
  test('GOREPLAY_DIFF_CONFIG names the config file when --config is absent', async () => {
    const dir = tempDir();
    const path = configFile({ preset: 'robot', filters: ['robot_id=664'], log: { file: join(dir, 'env.log'), ok: true } });
    const run = await runCli([], regressions, { cwd: dir, env: { GOREPLAY_DIFF_CONFIG: path } });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    const ids = logRecords(dir, 'env').map((record) => record['id']);
    assert.ok(ids.includes('b20300000000000000000005'), 'ok exchanges are logged (log.ok)');
    assert.ok(!ids.includes('b20200000000000000000008'), 'robot 700 is filtered out');
    assert.equal(ids.length, 7);
  });

  test('a bad file named by GOREPLAY_DIFF_CONFIG is rejected like one named by --config', async () => {
    const path = configFile({ ttl: -1 });
    assertRejected(await runCli([], openStdin, { cwd: tempDir(), env: { GOREPLAY_DIFF_CONFIG: path }, ...PROMPT }), /\bttl\b/);
  });

  test('--config wins over GOREPLAY_DIFF_CONFIG', async () => {
    const dir = tempDir();
    const bad = configFile({ unknownKey: true });
    const good = configFile({ preset: 'robot', log: { file: null } });
    const run = await runCli(['--config', good], regressions, { cwd: dir, env: { GOREPLAY_DIFF_CONFIG: bad } });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    assert.match(run.stderr, /b20200000000000000000006/);
  });

  test('a config file that names no route compares every request as JSON, and says so', async () => {
    const path = configFile({ ttl: '5s', log: { file: null } });
    const run = await runCli(['--config', path], regressions, { cwd: tempDir(), ...PROMPT });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    assert.match(run.stderr.split('\n')[0] ?? '', /^goreplay-diff: watching every request: \/\*\* compared as json/);
    assert.match(run.stderr, /error +\/\*\* b20200000000000000000007 status_mismatch/);
    assert.match(run.stderr, /skipped: 0 unwatched/);
  });

  test('a config file with echoOnly: echo only, counted, and the process ends with its input', async () => {
    // The entry starts an analysis thread before the file is read (it cannot know); with
    // echoOnly it is discarded, and must neither hold the exit nor print anything.
    const dir = tempDir();
    const path = configFile({ ttl: '5s', echoOnly: true, preset: 'robot' });
    const run = await runCli(['--config', path], regressions, { cwd: dir, ...PROMPT });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    assert.match(run.stderr, /^goreplay-diff: echo only \(--echo-only\): messages are echoed and counted, nothing is compared \(the 3 configured routes are not used\)\n/);
    assert.match(run.stderr, /no exchanges compared/);
    assert.match(run.stderr, /messages: 9 request, 9 response, 9 replay/);
    assert.match(run.stderr, /skipped: 9 unwatched/);
    assert.doesNotMatch(run.stderr, /warning/);
    assert.deepEqual(readdirSync(dir), [], 'no log opened');
  });

  test('the example config in examples/ loads and judges the robot fixtures as documented', async () => {
    const dir = tempDir();
    const example = join(repoRoot(), 'examples', 'goreplay-diff.config.json');
    const run = await runCli(['--config', example], regressions, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    // Its log and report paths are relative: they land in the working directory.
    assert.ok(existsSync(join(dir, 'goreplay-diff-report.json')), `report in ${readdirSync(dir).join(', ')}`);
    const records = logRecords(dir, 'goreplay-diff');
    assert.deepEqual(
      records.map((record) => [record['id'], record['verdict'], record['reason']]),
      [
        ['b20100000000000000000001', 'warn', 'hint_list_present'],
        ['b20100000000000000000002', 'error', 'hint_list_empty'],
        ['b20100000000000000000003', 'error', 'hint_list_empty'],
        ['b20300000000000000000004', 'error', 'intention_list_empty'],
        ['b20200000000000000000006', 'error', 'body_mismatch'],
        ['b20200000000000000000007', 'error', 'status_mismatch'],
      ],
    );
    for (const record of records) {
      assert.doesNotMatch(JSON.stringify(record['request']), /sess-/, 'session_id is redacted');
    }
  });

  test('flags override the config file, key by key', async () => {
    const dir = tempDir();
    const path = configFile({
      preset: 'robot',
      filters: ['robot_id=700'],
      failOn: 'error',
      output: 'quiet',
      log: { file: join(dir, 'from-file.log'), ok: true },
    });
    const run = await runCli(['--config', path, '--filter', 'robot_id=664', '--fail-on', 'never', '--verbose', '--log-file', join(dir, 'from-flag.log')], regressions, {
      cwd: dir,
    });
    assert.equal(run.code, 0, `--fail-on never beats failOn error; stderr: ${run.stderr}`);
    assert.ok(run.stdout.equals(regressions));
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.startsWith('from-file')),
      [],
      "the file's log path is not used",
    );
    const ids = logRecords(dir, 'from-flag').map((record) => record['id']);
    assert.ok(ids.includes('b20200000000000000000006'), 'robot 664 is compared');
    assert.ok(!ids.includes('b20200000000000000000008'), 'robot 700 is not');
    assert.ok(ids.includes('b20300000000000000000005'), 'log.ok from the file still applies');
    assert.match(run.stderr, /request: POST \/v2\/robot\/query/, '--verbose beats output quiet');
  });
});
