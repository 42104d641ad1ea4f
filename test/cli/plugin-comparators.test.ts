import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { pluginCapture, pluginStream } from '../helpers/plugin-exchanges.js';
import type { PluginCase } from '../helpers/plugin-exchanges.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliRun } from '../helpers/run-cli.js';

// Plugin comparators through the program: modules loaded on the analysis thread, the echo
// untouched whatever a comparator does, and a module that cannot be used refused at start.

after(removeTempDirs);

const RULES = `
export function throwing(exchange) {
  console.log('a comparator printing to its stdout');
  throw new Error('no rule for ' + exchange.path);
}
export const lenient = { reasons: ['tolerated'], compare: () => ({ verdict: 'warn', reason: 'tolerated' }) };
`;

const exchanges = (count: number, prefix = '/api/cart'): PluginCase[] =>
  Array.from({ length: count }, (_, i) => ({ id: `e${i}`, target: `${prefix}/${i}`, origin: { body: `{"n":${i}}` }, replay: { body: `{"n":${i + 1}}` } }));

function moduleDir(): string {
  const dir = tempDir('plugin-cli');
  writeFileSync(join(dir, 'rules.mjs'), RULES);
  return dir;
}

/** The run failed at start: exit 2, one line on stderr, nothing on stdout, no log written. */
function assertRefused(run: CliRun, dir: string, message: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout.length, 0);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, message);
  assert.ok(!existsSync(join(dir, 'x.log')), 'no log opened');
}

/** Never ends stdin: a run that exits must have refused to start without reading it. */
const openStdin = (): void => {};

test('middleware mode echoes every byte while a comparator throws and prints; the verdicts are comparator_error', async () => {
  const dir = moduleDir();
  const input = pluginStream(exchanges(40));
  const args = ['--comparator-module', './rules.mjs', '--route', '/api/cart/**=throwing', '--log-file', join(dir, 'x.log'), '--no-color'];
  const run = await runCli(args, input, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input), 'stdout is the input, byte for byte, and nothing else');
  assert.match(run.stderr, /a comparator printing to its stdout/, "the comparator's stdout goes to stderr");
  const logged = loggedExchanges(dir);
  assert.equal(logged.length, 40);
  assert.ok(logged.every((record) => record.reason === 'comparator_error' && /^comparator throwing threw Error: no rule for \/api\/cart\/\d+$/.test(record.detail ?? '')));
});

test('a module that cannot be loaded, or a route naming what no module exports, exits 2 with one line before stdin is read, in every mode', async () => {
  const dir = moduleDir();
  const log = ['--log-file', join(dir, 'x.log')];
  const capture = join(dir, 'c.gor');
  writeFileSync(capture, pluginCapture(exchanges(1)));
  const missing =
    /^goreplay-diff: --comparator-module\[0\]: comparator module \.\/gone\.mjs cannot be loaded: Cannot find module '.*gone\.mjs'; see goreplay-diff( compare| replay)? --help\n$/;
  const unknown = /^goreplay-diff: --route\[0\] "\/api\/\*\*=nosuch": unknown comparator "nosuch" \(known: json, .*binary; the modules export lenient, throwing\); see /;
  for (const mode of [[], ['compare', capture], ['replay', '--target', 'http://127.0.0.1:9', capture]]) {
    assertRefused(await runCli([...mode, '--comparator-module', './gone.mjs', '--route', '/api/**=lenient', ...log], openStdin, { cwd: dir }), dir, missing);
    assertRefused(await runCli([...mode, '--comparator-module', './rules.mjs', '--route', '/api/**=nosuch', ...log], openStdin, { cwd: dir }), dir, unknown);
  }
});

test("compare resolves a config file's plugins from its folder, whatever the working directory; own reasons reach the report", async () => {
  const dir = moduleDir();
  const elsewhere = join(dir, 'elsewhere');
  mkdirSync(elsewhere);
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ plugins: ['rules.mjs'], routes: [{ path: '/api/cart/**', comparator: 'lenient' }], report: join(dir, 'r.json'), log: { file: null } }));
  const capture = join(dir, 'c.gor');
  writeFileSync(capture, pluginCapture(exchanges(3)));
  const run = await runCli(['compare', '-c', config, '--no-color', '--fail-on', 'warn', capture], Buffer.alloc(0), { cwd: elsewhere });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /watching 1 route: \/api\/cart\/\*\* \(lenient\)/);
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { exchanges: Record<string, number>; reasons: Record<string, number> };
  assert.deepEqual([report.exchanges['warn'], report.reasons], [3, { 'lenient:tolerated': 3 }]);
});

test('--echo-only loads no module: it judges nothing, so it starts and echoes even when a module is broken', async () => {
  const dir = moduleDir();
  const input = pluginStream(exchanges(2));
  const run = await runCli(['--echo-only', '--comparator-module', './gone.mjs', '--route', '/api/**=lenient', '--no-log-file'], input, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input));
});

test('replay judges the answers of --target with the comparator its route names', async () => {
  const dir = moduleDir();
  const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"n":-1}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const capture = join(dir, 'c.gor');
    writeFileSync(capture, pluginCapture(exchanges(2)));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const args = ['replay', '--target', target, '--comparator-module', './rules.mjs', '--route', '/api/cart/**=lenient', '--log-file', join(dir, 'x.log'), '--no-color'];
    const run = await runCli([...args, capture], Buffer.alloc(0), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      loggedExchanges(dir).map((record) => [record.verdict, record.reason]),
      [
        ['warn', 'lenient:tolerated'],
        ['warn', 'lenient:tolerated'],
      ],
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a comparator that brings the analysis thread down leaves the echo whole, says so once, and fails the run when a gate is set', async () => {
  const dir = tempDir('plugin-cli');
  // An exception thrown outside the call, where nothing can catch it: the thread dies.
  writeFileSync(
    join(dir, 'fatal.mjs'),
    'export function fatal() { queueMicrotask(() => { throw new Error("thread killer"); }); return { verdict: "ok", reason: "identical" }; }\n',
  );
  const input = pluginStream(exchanges(30));
  for (const [gate, code] of [
    [[], 0],
    [['--fail-on', 'error'], 1],
  ] as const) {
    const run = await runCli(['--comparator-module', './fatal.mjs', '--route', '/api/cart/**=fatal', '--no-log-file', '--no-color', ...gate], input, { cwd: dir });
    assert.equal(run.code, code, run.stderr);
    assert.ok(run.stdout.equals(input), 'stdout is the input, byte for byte');
    assert.equal(run.stderr.match(/analysis stopped \(the echo goes on\)/g)?.length, 1, run.stderr);
    assert.match(run.stderr, /thread killer/);
  }
});

test('an analysis thread that runs out of memory says so in one line; the echo stays whole and a gated run fails', async () => {
  const dir = tempDir('plugin-cli');
  // Keeps everything it allocates: the thread reaches its heap limit, made small for the test.
  writeFileSync(join(dir, 'hog.mjs'), 'const kept = [];\nexport function hog() { for (;;) kept.push(new Array(100000).fill(kept.length)); }\n');
  const input = pluginStream(exchanges(10));
  const run = await runCli(['--comparator-module', './hog.mjs', '--route', '/api/cart/**=hog', '--no-log-file', '--no-color', '--fail-on', 'error'], input, {
    cwd: dir,
    env: { GOREPLAY_DIFF_TEST_HEAP_LIMIT_MB: '64' },
  });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stdout.equals(input), 'stdout is the input, byte for byte');
  const stopped = run.stderr.split('\n').filter((line) => line.includes('analysis stopped'));
  assert.deepEqual(stopped, [
    'goreplay-diff: warning: analysis stopped (the echo goes on): the analysis thread ran out of memory at its heap limit (a larger --max-pending or --max-body-size raises the limit)',
  ]);
});
