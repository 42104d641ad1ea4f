import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliFlags } from '../../src/config/load-config.js';

const files = (map: Record<string, string>) => (path: string): string => {
  const text = map[path];
  if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  return text;
};
const load = (flags: CliFlags, file?: unknown) =>
  loadConfig(file === undefined ? flags : { config: 'c.json', ...flags }, undefined, files({ 'c.json': JSON.stringify(file) }));

function refuses(flags: CliFlags, file: unknown, fragment: string): void {
  assert.throws(() => load(flags, file), (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.exitCode, 2);
    assert.ok(error.message.includes(fragment), `"${error.message}" should mention "${fragment}"`);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

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
  assert.deepEqual(config.routes, []);
});

test('the robot preset configures the three routes of the old middleware', () => {
  const config = load({ preset: 'robot', filter: ['robot_id=664'] });
  assert.deepEqual(config.routes.map((r) => [r.method, r.path, r.comparator]), [
    ['POST', '/v2/robot/input_hint', 'input_hint'],
    ['POST', '/v2/robot/query', 'query'],
    ['POST', '/v1/robot/intention', 'intention'],
  ]);
  assert.deepEqual(config.filters, [{ source: 'body', key: 'robot_id', values: ['664'] }]);
});

test('route flags are written without spaces: METHOD:PATH=COMPARATOR', () => {
  const config = load({ route: ['POST:/v2/robot/query=query', '/healthz=status', '/^\\/a=b$/'] });
  assert.deepEqual(config.routes[0], { name: 'POST /v2/robot/query', method: 'POST', path: '/v2/robot/query', comparator: 'query', ignore: [] });
  assert.deepEqual(config.routes[1], { name: '/healthz', path: '/healthz', comparator: 'status', ignore: [] });
  assert.deepEqual(load({ route: ['/items?sort=name'] }).routes[0], { name: '/items?sort=name', path: '/items?sort=name', comparator: 'json', ignore: [] });
  assert.deepEqual(load({ route: ['/items?sort=name=status'] }).routes[0]?.comparator, 'status');
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

test('every bad value is refused with one line naming the key', () => {
  refuses({}, { colour: true }, 'unknown config key "colour"');
  refuses({}, { log: { size: '1m' } }, 'log.size');
  refuses({}, { routes: [{ path: '/a', comparator: 'fuzzy' }] }, 'routes[0].comparator');
  refuses({}, { routes: [{ path: '/(x/' }] }, 'routes[0]');
  refuses({}, { routes: [{ paht: '/a' }] }, 'routes[0].paht');
  refuses({ ttl: 'soon' }, undefined, 'ttl');
  refuses({ maxPending: '0' }, undefined, 'maxPending');
  refuses({ maxPendingSize: 'lots' }, undefined, 'maxPendingSize');
  refuses({}, { maxPendingSize: 0 }, 'maxPendingSize');
  refuses({ maxBodySize: 'big' }, undefined, 'maxBodySize');
  refuses({ preset: 'nosuch' }, undefined, 'preset');
  refuses({ ignore: ['a..b'] }, undefined, 'ignore');
  refuses({ failOn: 'sometimes' }, undefined, 'failOn');
  refuses({ filter: ['robot_id'] }, undefined, '--filter[0]');
  refuses({}, { filters: [{ key: 'a', values: [] }] }, 'filters[0].values');
  refuses({ logFrequency: 'weekly' }, undefined, 'log.frequency');
});

test('an unreadable or invalid file is refused with its path', () => {
  assert.throws(() => loadConfig({ config: 'missing.json' }, undefined, files({})), /cannot read config file missing\.json: ENOENT/);
  assert.throws(() => loadConfig({ config: 'bad.json' }, undefined, files({ 'bad.json': '{' })), /bad\.json is not valid JSON/);
  assert.throws(() => loadConfig({ config: 'arr.json' }, undefined, files({ 'arr.json': '[]' })), /must hold a JSON object/);
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
