import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// What a run watches: every request when no route is given (and it says so), only what the
// routes name otherwise, nothing with --echo-only; one start line says which, unless -q.

const tempDir = tempDirs('cli-watching');

const capture = fixturePath('exchanges', 'robot-regressions.gor');
const regressions = gorFileToHexStream(capture);
const NOTHING = Buffer.alloc(0);

interface Report {
  readonly exchanges: Record<string, number>;
  readonly skipped: Record<string, number>;
  readonly messages: Record<string, number>;
  readonly routes: Record<string, unknown>;
  readonly warnings: readonly string[];
}
const readReport = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;
const EVERY_REQUEST = 'goreplay-diff: watching every request: /** compared as json, since no --route, --preset or config routes were given';

describe('with no route given, every request is compared with the json comparator', { concurrency: 3 }, () => {
  test('middleware mode: all 9 exchanges judged on /**, the log written, and the start line says why', async () => {
    const dir = tempDir();
    const report = join(dir, 'r.json');
    const run = await runCli(['--report', report, '--no-color'], regressions, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    assert.equal(run.stderr.split('\n')[0], EVERY_REQUEST);
    assert.equal(run.stderr.split(EVERY_REQUEST).length, 2, 'said once');
    const { exchanges, skipped, routes, warnings } = readReport(report);
    assert.equal(exchanges['ok']! + exchanges['warn']! + exchanges['error']!, 9);
    assert.equal(skipped['unwatched'], 0);
    assert.deepEqual(Object.keys(routes), ['/**']);
    assert.deepEqual(warnings, []);
    assert.match(run.stderr, /error +\/\*\* b20200000000000000000007 status_mismatch status 200→500/);
    assert.ok(
      readdirSync(dir).some((name) => /^goreplay-diff\.\d+\.log$/.test(name)),
      `the default log is written: ${readdirSync(dir).join(', ')}`,
    );
  });

  test('compare: judged the same way, and failing on the errors it finds', async () => {
    const dir = tempDir();
    const run = await runCli(['compare', '--no-log-file', '--no-color', capture], NOTHING, { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr.split('\n')[0], EVERY_REQUEST);
    assert.match(run.stderr, /summary after .*: 9 exchanges/);
  });
});

describe('the start line lists what is watched, in every mode, unless -q', { concurrency: 3 }, () => {
  const robot =
    'goreplay-diff: watching 3 routes: input_hint (POST /v2/robot/input_hint, input_hint), query (POST /v2/robot/query, query), ' +
    'intention (POST /v1/robot/intention, intention); filter: robot_id=664';

  test('routes by name with their comparators, and the filters', async () => {
    const dir = tempDir();
    const middleware = await runCli(['--preset', 'robot', '--filter', 'robot_id=664', '--no-log-file'], regressions, { cwd: dir });
    assert.equal(middleware.stderr.split('\n')[0], robot);
    const compare = await runCli(['compare', '--preset', 'robot', '--filter', 'robot_id=664', '--no-log-file', capture], NOTHING, { cwd: dir });
    assert.equal(compare.stderr.split('\n')[0], robot);
    const routes = await runCli(
      ['--route', 'GET:/api/**=status', '--route', '/v2/robot/query', '--filter', 'header:x-tenant=acme,umbrella', '--filter', 'query:v=2', '--no-log-file'],
      regressions,
      { cwd: dir },
    );
    assert.equal(
      routes.stderr.split('\n')[0],
      'goreplay-diff: watching 2 routes: GET /api/** (status), /v2/robot/query (json); filters: header:x-tenant=acme,umbrella and query:v=2',
    );
  });

  test('replay says it too', async () => {
    const dir = tempDir();
    // Nothing listens on port 9: every request fails, which does not matter here.
    const run = await runCli(['replay', '--preset', 'robot', '--no-log-file', '--timeout', '1s', '--target', 'http://127.0.0.1:9', capture], NOTHING, { cwd: dir });
    assert.equal(run.stderr.split('\n')[0], robot.replace('; filter: robot_id=664', ''));
  });

  test('-q hides it, in middleware mode and in compare', async () => {
    const dir = tempDir();
    const middleware = await runCli(['-q', '--no-log-file'], regressions, { cwd: dir });
    const compare = await runCli(['compare', '-q', '--preset', 'robot', '--no-log-file', capture], NOTHING, { cwd: dir });
    for (const run of [middleware, compare]) {
      assert.doesNotMatch(run.stderr, /watching/);
      assert.match(run.stderr, /^summary after/);
    }
  });
});

describe('--echo-only keeps the count-only mode', { concurrency: 3 }, () => {
  test('nothing judged, messages counted, every request unwatched, no log opened, and no warning', async () => {
    const dir = tempDir();
    const report = join(dir, 'r.json');
    const run = await runCli(['--echo-only', '--report', report, '--fail-on', 'warn'], regressions, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(regressions));
    assert.equal(run.stderr.split('\n')[0], 'goreplay-diff: echo only (--echo-only): messages are echoed and counted, nothing is compared');
    assert.doesNotMatch(run.stderr, /warning/);
    const { exchanges, skipped, messages, warnings } = readReport(report);
    assert.deepEqual(exchanges, { ok: 0, warn: 0, error: 0, incomplete: 0 });
    assert.deepEqual([messages['request'], messages['response'], messages['replay']], [9, 9, 9]);
    assert.equal(skipped['unwatched'], 9);
    assert.deepEqual(warnings, [], 'judging nothing is what was asked for');
    assert.deepEqual(readdirSync(dir), ['r.json'], 'no log file');
  });

  test('with routes given too, they are not used, and the start line says so; -q hides it', async () => {
    const dir = tempDir();
    const run = await runCli(['--echo-only', '--preset', 'robot'], regressions, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^goreplay-diff: echo only \(--echo-only\): .*nothing is compared \(the 3 configured routes are not used\)\n/);
    assert.match(run.stderr, /no exchanges compared/);
    assert.ok(!existsSync(join(dir, 'goreplay-diff.1.log')));
    const quiet = await runCli(['--echo-only', '-q'], regressions, { cwd: dir });
    assert.doesNotMatch(quiet.stderr, /echo only/);
  });

  test('is middleware mode’s: compare and replay do not take the flag', async () => {
    const dir = tempDir();
    const compare = await runCli(['compare', '--echo-only', capture], NOTHING, { cwd: dir });
    assert.equal(compare.code, 2);
    assert.match(compare.stderr, /--echo-only/);
    assert.equal(compare.stdout.length, 0);
  });
});
