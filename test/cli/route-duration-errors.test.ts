import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { assertUsageError, CAPTURE, openStdin } from './usage-run.js';

const tempDir = tempDirs('cli-mistakes');

/** A config file in a fresh folder; returns its path. */
function configFile(content: unknown): string {
  const path = join(tempDir(), 'config.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('a mistyped route is refused, from a flag or the config file, naming the spec as typed and what is wrong', { concurrency: 4 }, () => {
  const flagCases: ReadonlyArray<readonly [readonly string[], RegExp, string?]> = [
    [['--route', '/**=jsn'], /^goreplay-diff: --route\[0\] "\/\*\*=jsn": unknown comparator "jsn" \(known: json, query, input_hint, intention, status, text, form, binary\)/],
    [['--route', '/ok', '--route', 'api/x'], /^goreplay-diff: --route\[1\] "api\/x": route path "api\/x" must start with \//],
    [['--route', 'G ET:/api/x'], /--route\[0\] "G ET:\/api\/x": "G ET" is not an HTTP method/],
    [['--route', 'http://staging/api'], /--route\[0\] "http:\/\/staging\/api": a route is a path, not a URL/],
    [['--route', '/a='], /--route\[0\] "\/a=": nothing after "="/],
    [['compare', '--route', 'POST:/v2/robot/query=qurey', CAPTURE], /--route\[0\] "POST:\/v2\/robot\/query=qurey": unknown comparator "qurey"/, 'compare'],
  ];
  for (const [args, message, command] of flagCases) {
    test(args.join(' '), async () => {
      assertUsageError(await runCli(args, openStdin, { cwd: tempDir() }), message, command === undefined ? undefined : `goreplay-diff ${command} --help`);
    });
  }

  const fileCases: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ routes: ['/**=jsn'] }, /^goreplay-diff: routes\[0\] "\/\*\*=jsn": unknown comparator "jsn"/],
    [{ routes: [{ path: 'api/x' }] }, /^goreplay-diff: routes\[0\]\.path: route path "api\/x" must start with \//],
    [{ routes: [{ path: '/x', method: 'get post' }] }, /^goreplay-diff: routes\[0\]\.method: "get post" is not an HTTP method/],
    [{ routes: [{ path: '/x', comparator: 'jsn' }] }, /^goreplay-diff: routes\[0\]\.comparator: unknown comparator "jsn"/],
  ];
  for (const [content, message] of fileCases) {
    test(`config ${JSON.stringify(content)}`, async () => {
      assertUsageError(await runCli(['--config', configFile(content)], openStdin, { cwd: tempDir() }), message);
    });
  }

  test('a lower-case method is upper-cased, from a flag and from the file, and its route compares', async () => {
    const config = configFile({ routes: ['post:/v2/robot/query=query', { method: 'post', path: '/v2/robot/input_hint', comparator: 'input_hint' }] });
    for (const args of [
      ['--route', 'post:/v2/robot/query=query'],
      ['--config', config],
    ]) {
      const dir = tempDir();
      const report = join(dir, 'r.json');
      const run = await runCli(['compare', ...args, '--no-log-file', '--report', report, CAPTURE], Buffer.alloc(0), { cwd: dir });
      assert.equal(run.code, 1, `the capture's errors fail compare; stderr: ${run.stderr}`);
      const routes = (JSON.parse(readFileSync(report, 'utf8')) as { routes: Record<string, { error: number }> }).routes;
      assert.ok((routes['POST /v2/robot/query']?.error ?? 0) > 0, JSON.stringify(routes));
    }
  });
});

describe('a duration needs its unit; Go-style durations are accepted', { concurrency: 4 }, () => {
  test('a bare number as a flag is refused, naming the flag', async () => {
    assertUsageError(
      await runCli(['--preset', 'robot', '--ttl', '60'], openStdin, { cwd: tempDir() }),
      /^goreplay-diff: --ttl must be a duration with a unit, not "60": add a unit: ms, s, m, h \(e\.g\. 60s\)/,
    );
  });

  test('a bare number in replay’s --timeout is refused too', async () => {
    const run = await runCli(['replay', '--target', 'http://127.0.0.1:9', '--timeout', '5000', CAPTURE], openStdin, { cwd: tempDir() });
    assertUsageError(run, /--timeout must be a duration with a unit, not "5000": add a unit/, 'goreplay-diff replay --help');
  });

  test('a JSON number in the config file is refused, naming the key', async () => {
    assertUsageError(
      await runCli(['--config', configFile({ preset: 'robot', ttl: 60 })], openStdin, { cwd: tempDir() }),
      /^goreplay-diff: ttl must be a duration with a unit, not 60: add a unit: ms, s, m, h/,
    );
    assertUsageError(
      await runCli(['--config', configFile({ log: { frequency: 3600000 } })], openStdin, { cwd: tempDir() }),
      /^goreplay-diff: log\.frequency must be .*a duration with a unit, not 3600000: add a unit/,
    );
  });

  test('1h30m, 1.5s and a bare 0 for --progress-interval are accepted', async () => {
    const dir = tempDir();
    const config = configFile({ preset: 'robot', ttl: '1h30m', progressInterval: '1.5s' });
    const run = await runCli(['--config', config, '--progress-interval', '0', '--ttl', '2m30s', '--no-log-file'], Buffer.alloc(0), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /summary after/);
  });
});
