import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { assertUsageError, CAPTURE, openStdin } from './usage-run.js';

const tempDir = tempDirs('cli-usage');
const NOTHING = Buffer.alloc(0);

/** Files in a fresh folder, as a shell expands `<folder>/*` (sorted); `names` must be sorted. */
function siblings(names: readonly string[]): string[] {
  const dir = tempDir();
  return names.map((name) => {
    const path = join(dir, name);
    writeFileSync(path, '');
    return path;
  });
}

describe('every usage error is one line, what is wrong and where the help is, exit 2 before reading stdin', { concurrency: 4 }, () => {
  const cases: ReadonlyArray<readonly [string, readonly string[], RegExp, string?]> = [
    ['an unknown option', ['--bogus'], /unknown option '--bogus'/],
    ['a mistyped option, with commander’s suggestion', ['--tll', '5s'], /unknown option '--tll' \(Did you mean --ttl\?\)/],
    ['an unknown option of a command', ['compare', '--bogus', CAPTURE], /unknown option '--bogus'/, 'compare'],
    ['a missing --target', ['replay', CAPTURE], /required option '--target <url>' not specified/, 'replay'],
    [
      'a bad choice for --fail-on',
      ['compare', '--fail-on', 'sometimes', CAPTURE],
      /option '--fail-on <verdict>' argument 'sometimes' is invalid\. Allowed choices are warn, incomplete, error, never; see/,
      'compare',
    ],
    ['a missing option argument', ['--preset', 'robot', '--ttl'], /option '--ttl <duration>' argument missing/],
    ['compare without a capture', ['compare'], /missing required argument 'file'/, 'compare'],
    ['an argument to demo', ['demo', 'extra'], /demo takes no arguments, got "extra"/, 'demo'],
    ['help of no command', ['help', 'nope'], /help: unknown command "nope" \(commands: compare, replay, demo, report, help\)/],
    ['an unknown command', ['comapre', 'x'], /unknown command "comapre" \(commands: compare, replay, demo, report, help\); middleware mode takes no arguments/],
    ['-q with -v', ['-q', '-v'], /-q\/--quiet and -v\/--verbose cannot be used together/],
    ['--quiet with --verbose in a command', ['compare', '--quiet', '--verbose', CAPTURE], /cannot be used together/, 'compare'],
    ['middleware options before a command, named as typed', ['-v', '--ttl', '5s', 'compare', CAPTURE], /options before "compare" are middleware mode's.*\(-v, --ttl\)/, 'compare'],
  ];
  for (const [what, args, message, command] of cases) {
    test(what, async () => {
      const run = await runCli(args, openStdin, { cwd: tempDir() });
      assertUsageError(run, message, command === undefined ? 'goreplay-diff --help' : `goreplay-diff ${command} --help`);
    });
  }
});

describe('a forgotten "compare" is recognised and the command line suggested with it', { concurrency: 4 }, () => {
  test('a .gor name that does not exist', async () => {
    const run = await runCli(['capture.gor'], openStdin, { cwd: tempDir() });
    assertUsageError(run, /middleware mode takes no arguments, got "capture\.gor" \(did you mean `goreplay-diff compare capture\.gor`\?\)/);
  });

  test('an existing path of any name, after options, which the suggestion keeps', async () => {
    const [path = ''] = siblings(['traffic']);
    const run = await runCli(['--preset', 'robot', '--route', '/v2/**=json', path], openStdin, { cwd: tempDir() });
    assertUsageError(run, new RegExp(`\\(did you mean \`goreplay-diff compare --preset robot --route '/v2/\\*\\*=json' ${path}\`\\?\\)`));
  });

  test('- for stdin', async () => {
    assertUsageError(await runCli(['-'], openStdin, { cwd: tempDir() }), /did you mean `goreplay-diff compare -`\?/);
  });
});

describe('a pattern the shell expanded (unquoted --route /**) is recognised and the message says to quote it', { concurrency: 4 }, () => {
  const paths = siblings(['bin', 'boot', 'dev', 'etc', 'home']);
  const expanded = /^goreplay-diff: --route \S+\/bin \S+\/boot \S+\/dev …: the shell expanded an unquoted pattern into 5 paths; quote it/;

  test('in middleware mode, where the paths would be arguments', async () => {
    assertUsageError(await runCli(['--preset', 'robot', '--route', ...paths], openStdin, { cwd: tempDir() }), expanded);
  });

  test('in compare, where the paths would be captures', async () => {
    assertUsageError(await runCli(['compare', '--route', ...paths, CAPTURE], openStdin, { cwd: tempDir() }), expanded, 'goreplay-diff compare --help');
  });

  test('for --ignore, and with two paths', async () => {
    const two = siblings(['a.json', 'b.json']);
    assertUsageError(
      await runCli(['compare', '--ignore', ...two, CAPTURE], openStdin, { cwd: tempDir() }),
      /--ignore \S+a\.json \S+b\.json: the shell expanded an unquoted pattern into 2 paths/,
      'goreplay-diff compare --help',
    );
  });

  test('a route that happens to be an existing path, followed by a capture elsewhere, is no expansion', async () => {
    const [route = ''] = siblings(['api']);
    const run = await runCli(['compare', '--no-log-file', '--route', route, CAPTURE], NOTHING, { cwd: tempDir() });
    assert.notEqual(run.code, 2, run.stderr);
    assert.doesNotMatch(run.stderr, /expanded/);
  });
});

describe('help is printed on stdout when asked for, exit 0', { concurrency: 4 }, () => {
  test('help and --help print the program’s help, which lists help [command]', async () => {
    const help = await runCli(['help'], NOTHING);
    const flag = await runCli(['--help'], NOTHING);
    for (const run of [help, flag]) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
    }
    assert.match(help.stdout.toString(), /^Usage: goreplay-diff \[options\] \[command\]\n/);
    assert.match(help.stdout.toString(), /\n {2}help \[command\] +print the help of a command/);
    assert.ok(help.stdout.equals(flag.stdout));
  });

  for (const command of ['compare', 'replay', 'demo']) {
    test(`help ${command} prints what ${command} --help prints`, async () => {
      const help = await runCli(['help', command], NOTHING);
      const flag = await runCli([command, '--help'], NOTHING);
      assert.equal(help.code, 0, help.stderr);
      assert.equal(help.stderr, '');
      assert.match(help.stdout.toString(), new RegExp(`^Usage: goreplay-diff ${command} \\[options\\]`));
      assert.ok(help.stdout.equals(flag.stdout));
    });
  }
});
