import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ROUTE } from '../../src/config/config.js';
import type { CliFlags, MiddlewareFlags } from '../../src/config/options.js';
import { loadConfig } from '../../src/config/load-config.js';
import { UsageError } from '../../src/config/usage-error.js';
import type { UsageErrorCode } from '../../src/config/usage-error.js';
import { load, refuses } from '../helpers/config-load.js';

const files =
  (map: Record<string, string>) =>
  (path: string): string => {
    const text = map[path];
    if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return text;
  };

test('defaults fill everything not given', () => {
  const config = load({});
  assert.equal(config.ttlMs, 60_000);
  assert.equal(config.maxPending, 100_000);
  assert.equal(config.maxPendingBytes, 64 * 1024 * 1024);
  assert.equal(config.maxDiffs, 50);
  assert.equal(config.maxBodyBytes, 64 * 1024 * 1024);
  assert.deepEqual(config.log, { file: './goreplay-diff.log', maxSize: '10485760b', frequency: 'daily', keep: 10, ok: false, bodyLimit: 4096 });
  assert.equal(config.report, null);
  assert.equal(config.failOn, null);
  assert.equal(config.output, 'normal');
  assert.equal(config.progressIntervalMs, 10_000);
  assert.deepEqual(config.routes, [DEFAULT_ROUTE], 'with no route given, every request is compared');
  assert.deepEqual(DEFAULT_ROUTE, { name: '/**', path: '/**', comparator: 'json', ignore: [] });
  assert.equal(config.defaultRoute, true);
  assert.equal(config.echoOnly, false);
});

test('any route given, by flag, preset or config file, replaces the default route', () => {
  for (const [flags, file] of [
    [{ route: ['/a'] }, undefined],
    [{ preset: 'robot' }, undefined],
    [{}, { routes: [{ path: '/b' }] }],
    [{}, { preset: 'robot' }],
  ] as const) {
    const config = load(flags, file);
    assert.equal(config.defaultRoute, false, JSON.stringify([flags, file]));
    assert.ok(config.routes.length > 0 && !config.routes.includes(DEFAULT_ROUTE));
  }
});

test("echo only is middleware mode's (flag or config key); the commands ignore the key of a shared config file", () => {
  const read = (flags: MiddlewareFlags, file: unknown, mode: 'middleware' | 'command') =>
    loadConfig({ config: 'c.json', ...flags }, undefined, files({ 'c.json': JSON.stringify(file) }), {}, mode);
  const flag = read({ echoOnly: true }, {}, 'middleware');
  assert.deepEqual([flag.echoOnly, flag.defaultRoute, flag.routes], [true, false, []], 'nothing watched, not even the default');
  const key = read({}, { echoOnly: true, preset: 'robot' }, 'middleware');
  assert.deepEqual([key.echoOnly, key.routes.length], [true, 3], 'the routes are kept, to say they are not used');
  const command = read({}, { echoOnly: true }, 'command');
  assert.deepEqual([command.echoOnly, command.defaultRoute], [false, true]);
  assert.equal(read({}, { echoOnly: false }, 'middleware').echoOnly, false);
});

test('the robot preset configures the three routes of the old middleware', () => {
  const config = load({ preset: 'robot', filter: ['robot_id=664'] });
  assert.deepEqual(
    config.routes.map((r) => [r.method, r.path, r.comparator]),
    [
      ['POST', '/v2/robot/input_hint', 'input_hint'],
      ['POST', '/v2/robot/query', 'query'],
      ['POST', '/v1/robot/intention', 'intention'],
    ],
  );
  assert.deepEqual(config.filters, [{ source: 'body', key: 'robot_id', values: ['664'] }]);
});

test('route flags are written without spaces: METHOD:PATH=COMPARATOR', () => {
  const config = load({ route: ['POST:/v2/robot/query=query', '/healthz=status', '/^\\/a=b$/'] });
  assert.deepEqual(config.routes[0], { name: 'POST /v2/robot/query', method: 'POST', path: '/v2/robot/query', comparator: 'query', ignore: [] });
  assert.deepEqual(config.routes[1], { name: '/healthz', path: '/healthz', comparator: 'status', ignore: [] });
  assert.deepEqual(load({ route: ['/items?sort=name'] }).routes[0], { name: '/items?sort=name', path: '/items?sort=name', comparator: 'json', ignore: [] });
  assert.deepEqual(load({ route: ['/items?sort=name=status'] }).routes[0]?.comparator, 'status');
});

test('the config file takes route specs too, read by the same parser as --route', () => {
  const config = load({}, { routes: ['post:/v2/robot/query=query', { path: '/a', method: 'get' }] });
  assert.deepEqual(config.routes, [
    { name: 'POST /v2/robot/query', method: 'POST', path: '/v2/robot/query', comparator: 'query', ignore: [] },
    { name: 'GET /a', method: 'GET', path: '/a', comparator: 'json', ignore: [] },
  ]);
});

test('a mistyped route is refused, from a flag or the config file, naming the spec as typed and what is wrong', () => {
  const cases: ReadonlyArray<readonly [string, RegExp]> = [
    ['/**=jsn', /unknown comparator "jsn" \(known: json, query, input_hint, intention, status, text, form, binary\)/],
    ['/v2/**=Json', /unknown comparator "Json"/],
    ['POST:/a=input-hint', /unknown comparator "input-hint"/],
    ['/a=', /nothing after "="/],
    ['api/x', /route path "api\/x" must start with \//],
    ['GET:api/x', /must start with \//],
    ['GET:', /route path must not be empty/],
    ['G ET:/x', /"G ET" is not an HTTP method/],
    ['*:/x', /"\*" is not an HTTP method/],
    ['http://staging/x', /a path, not a URL/],
    ['', /empty route spec/],
    ['/(x/', /invalid route regex/],
  ];
  for (const [spec, what] of cases) {
    for (const [flags, file, key] of [
      [{ route: ['/ok', spec] }, undefined, '--route[1]'],
      [{}, { routes: ['/ok', spec] }, 'routes[1]'],
    ] as const) {
      assert.throws(
        () => load(flags, file),
        (error: unknown) => {
          assert.ok(error instanceof UsageError, String(error));
          assert.deepEqual({ code: error.code, key: error.key }, { code: 'bad_route', key }, error.message);
          assert.ok(error.message.startsWith(`${key} ${JSON.stringify(spec)}: `), error.message);
          assert.match(error.message, what);
          return true;
        },
        `${key} ${spec}`,
      );
    }
  }
  refuses({}, { routes: [{ path: 'api/x' }] }, 'bad_route', 'routes[0].path');
  refuses({}, { routes: [{ path: '/x', method: 'get post' }] }, 'bad_route', 'routes[0].method');
  refuses({}, { routes: [{ path: '/x', comparator: '' }] }, 'bad_value', 'routes[0].comparator');
});

test('durations are written with a unit, Go style; a bare number is refused with a hint, a bare 0 only turns progress off', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['500ms', 500],
    ['1.5s', 1500],
    ['60s', 60_000],
    ['2m30s', 150_000],
    ['1h30m', 5_400_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['.5s', 500],
    [' 5m ', 300_000],
  ];
  for (const [text, ms] of cases) {
    assert.equal(load({ ttl: text }).ttlMs, ms, `--ttl ${text}`);
    assert.equal(load({}, { ttl: text }).ttlMs, ms, `"ttl": "${text}"`);
  }
  assert.equal(load({}, { progressInterval: '1.5s' }).progressIntervalMs, 1500);
  for (const bare of ['60', '1.5', '0.5']) {
    refuses({ ttl: bare }, undefined, 'bad_value', '--ttl');
    assert.throws(() => load({ ttl: bare }), { message: new RegExp(`^--ttl must be a duration with a unit, not "${bare}": add a unit: ms, s, m, h \\(e\\.g\\. ${bare}s\\)$`) });
  }
  for (const [key, file] of [
    ['ttl', { ttl: 60 }],
    ['ttl', { ttl: '60' }],
    ['progressInterval', { progressInterval: 10 }],
    ['reportInterval', { reportInterval: 5000 }],
    ['log.frequency', { log: { frequency: 3_600_000 } }],
  ] as const) {
    refuses({}, file, 'bad_value', key);
    assert.throws(() => load({}, file), { message: /add a unit: ms, s, m, h/ }, key);
  }
  refuses({ logFrequency: '3600000' }, undefined, 'bad_value', '--log-frequency');
  for (const text of ['1x', '1 s', '1s30', 's', '1.2.3s', '-5s', '1S']) refuses({ ttl: text }, undefined, 'bad_value', '--ttl');
  refuses({ ttl: '0' }, undefined, 'bad_value', '--ttl');
  refuses({}, { ttl: 0 }, 'bad_value', 'ttl');
  assert.throws(() => load({ ttl: '0s' }), { message: /--ttl must be a duration of at least 1ms/ });
  assert.equal(load({ progressInterval: '0' }).progressIntervalMs, 0);
  assert.equal(load({}, { progressInterval: 0 }).progressIntervalMs, 0);
  assert.equal(load({ progressInterval: '0s' }).progressIntervalMs, 0);
});

test('-q and -v together are refused: which one was meant cannot be guessed', () => {
  refuses({ quiet: true, verbose: true }, undefined, 'conflicting_options', '--quiet');
  assert.equal(load({ quiet: true }, { output: 'verbose' }).output, 'quiet', 'a flag still overrides the file');
});

test('flags override the file, and file values are read', () => {
  const file = { ttl: '30s', maxPending: 10, log: { file: null }, routes: [{ path: '/a', comparator: 'status', ignore: ['x'] }], failOn: 'warn' };
  const config = load({ ttl: '5s' }, file);
  assert.equal(config.ttlMs, 5000);
  assert.equal(config.maxPending, 10);
  assert.equal(config.log.file, null);
  assert.equal(config.failOn, 'warn');
  assert.deepEqual(config.routes, [{ name: '/a', path: '/a', comparator: 'status', ignore: ['x'] }]);
  assert.equal(load({ logFile: false }).log.file, null);
  assert.equal(load({ logFile: 'x.log' }, { log: { file: 'y.log' } }).log.file, 'x.log');
});

test('the environment names a config file when --config does not', () => {
  const config = loadConfig({}, 'env.json', files({ 'env.json': '{"maxDiffs": 7}' }));
  assert.equal(config.maxDiffs, 7);
});

test('every bad value is refused naming the key: the flag as typed, or the config key', () => {
  refuses({}, { colour: true }, 'unknown_key', 'colour');
  refuses({}, { log: { size: '1m' } }, 'unknown_key', 'log.size');
  refuses({}, { log: 'x.log' }, 'bad_value', 'log');
  refuses({}, { routes: [{ path: '/a', comparator: 'fuzzy' }] }, 'bad_route', 'routes[0].comparator');
  refuses({}, { routes: [{ path: '/(x/' }] }, 'bad_route', 'routes[0].path');
  refuses({ route: ['/ok', '/(x/'] }, undefined, 'bad_route', '--route[1]');
  refuses({}, { routes: [{ paht: '/a' }] }, 'unknown_key', 'routes[0].paht');
  refuses({}, { routes: [7] }, 'bad_value', 'routes[0]');
  refuses({ ttl: 'soon' }, undefined, 'bad_value', '--ttl');
  refuses({}, { ttl: 'soon' }, 'bad_value', 'ttl');
  refuses({ maxPending: '0' }, undefined, 'bad_value', '--max-pending');
  refuses({ maxPendingSize: 'lots' }, undefined, 'bad_value', '--max-pending-size');
  refuses({}, { maxPendingSize: 0 }, 'bad_value', 'maxPendingSize');
  refuses({ maxBodySize: 'big' }, undefined, 'bad_value', '--max-body-size');
  refuses({ preset: 'nosuch' }, undefined, 'bad_value', '--preset');
  refuses({}, { preset: 'nosuch' }, 'bad_value', 'preset');
  refuses({ ignore: ['ok', 'a..b'] }, undefined, 'bad_ignore_path', '--ignore[1]');
  refuses({}, { redact: ['a..b'] }, 'bad_ignore_path', 'redact[0]');
  refuses({}, { routes: [{ path: '/a', ignore: ['x', '**.'] }] }, 'bad_ignore_path', 'routes[0].ignore[1]');
  refuses({ failOn: 'sometimes' }, undefined, 'bad_value', '--fail-on');
  refuses({ filter: ['robot_id'] }, undefined, 'bad_filter', '--filter[0]');
  refuses({}, { filters: ['robot_id=1', 'x'] }, 'bad_filter', 'filters[1]');
  refuses({}, { filters: [{ key: 'a', values: [] }] }, 'bad_value', 'filters[0].values');
  refuses({ logFrequency: 'weekly' }, undefined, 'bad_value', '--log-frequency');
  refuses({}, { log: { frequency: 'weekly' } }, 'bad_value', 'log.frequency');
  refuses({}, { log: { ok: null } }, 'bad_value', 'log.ok');
  refuses({}, { log: { file: false } }, 'bad_value', 'log.file');
  refuses({}, { report: null }, 'bad_value', 'report');
  refuses({}, { output: 'loud' }, 'bad_value', 'output');
});

test('a null in the file stands for the default where the option has one', () => {
  const config = load({}, { ttl: null, failOn: null, log: { keep: null, file: null } });
  assert.equal(config.ttlMs, 60_000);
  assert.equal(config.failOn, null);
  assert.equal(config.log.keep, 10);
  assert.equal(config.log.file, null, 'except log.file, where null turns the log off');
});

test('a config file that cannot be used is refused, keyed by where its path came from', () => {
  const unusable = (flags: CliFlags, env: string | undefined, map: Record<string, string>, code: UsageErrorCode, key: string, message: RegExp): void => {
    assert.throws(
      () => loadConfig(flags, env, files(map)),
      (error: unknown) => error instanceof UsageError && error.code === code && error.key === key && message.test(error.message),
    );
  };
  unusable({ config: 'missing.json' }, undefined, {}, 'unreadable_config', '--config', /cannot read config file missing\.json: ENOENT/);
  unusable({}, 'missing.json', {}, 'unreadable_config', 'GOREPLAY_DIFF_CONFIG', /missing\.json/);
  unusable({ config: 'bad.json' }, undefined, { 'bad.json': '{' }, 'invalid_config', '--config', /bad\.json is not valid JSON/);
  unusable({ config: 'arr.json' }, undefined, { 'arr.json': '[]' }, 'invalid_config', '--config', /must hold a JSON object/);
});

test('a command default for failOn applies only when neither the flags nor the file set it', () => {
  const read = files({ 'never.json': '{"failOn": "never"}', 'none.json': '{}' });
  assert.equal(loadConfig({}, undefined, read, { failOn: 'error' }).failOn, 'error');
  assert.equal(loadConfig({ config: 'none.json' }, undefined, read, { failOn: 'error' }).failOn, 'error');
  assert.equal(loadConfig({ config: 'never.json' }, undefined, read, { failOn: 'error' }).failOn, null);
  assert.equal(loadConfig({ failOn: 'warn' }, undefined, read, { failOn: 'error' }).failOn, 'warn');
});

test('log sizes reach pino-roll in bytes, whatever unit was written', () => {
  assert.equal(load({ logMaxSize: '2048' }).log.maxSize, '2048b');
  assert.equal(load({ logMaxSize: '64kb' }).log.maxSize, '65536b');
  assert.equal(load({ logMaxSize: '1m' }).log.maxSize, '1048576b');
});

test('a duration longer than a Node timer can wait (about 24.8 days) is refused rather than firing at once', () => {
  refuses({ ttl: '25d' }, undefined, 'bad_value', '--ttl');
  refuses({}, { progressInterval: '600h' }, 'bad_value', 'progressInterval');
  refuses({}, { log: { frequency: '30d' } }, 'bad_value', 'log.frequency');
  assert.equal(load({ ttl: '24d' }, {}).ttlMs, 24 * 86_400_000);
});
