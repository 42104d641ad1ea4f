import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliFlags } from '../../src/config/options.js';
import { load, refuses } from '../helpers/config-load.js';

// --comparator-module and config `plugins`: where module paths are resolved from, how routes
// name a comparator of a module, and --comparator-timeout.

/** Loads with the config file at `configPath` holding `file`. */
function loadAt(configPath: string, file: unknown, flags: CliFlags = {}) {
  return loadConfig({ config: configPath, ...flags }, undefined, () => JSON.stringify(file));
}

test("flag paths are resolved from the working directory, a config file's from its folder; absolute paths stay", () => {
  const flagged = load({ comparatorModule: ['./rules.mjs', '/opt/rules/b.mjs'] });
  assert.deepEqual(flagged.plugins, [
    { path: resolve(process.cwd(), 'rules.mjs'), key: '--comparator-module[0]', written: './rules.mjs' },
    { path: '/opt/rules/b.mjs', key: '--comparator-module[1]', written: '/opt/rules/b.mjs' },
  ]);
  const filed = loadAt(join('etc', 'gd', 'config.json'), { plugins: ['rules.mjs', '../shared/more.mjs'] });
  assert.deepEqual(
    filed.plugins.map((module) => [module.path, module.key]),
    [
      [resolve('etc', 'gd', 'rules.mjs'), 'plugins[0]'],
      [resolve('etc', 'shared', 'more.mjs'), 'plugins[1]'],
    ],
  );
  assert.deepEqual(load({}).plugins, []);
});

test("the flag replaces the config file's list, as every flag does, and is resolved from the working directory", () => {
  const config = loadAt('/etc/gd/config.json', { plugins: ['rules.mjs'] }, { comparatorModule: ['mine.mjs'] });
  assert.deepEqual(
    config.plugins.map((module) => module.path),
    [resolve('mine.mjs')],
  );
});

test('a route names a comparator of a module by a word that is no built-in name, from a spec or a config route', () => {
  const config = load({ comparatorModule: ['rules.mjs'] }, { routes: ['/api/cart/**=cartRules', { path: '/api/order/*', comparator: 'order_rules' }, '/api/x=status'] });
  assert.deepEqual(
    config.routes.map((route) => [route.name, route.comparator, route.plugin]),
    [
      ['/api/cart/**', 'json', { name: 'cartRules', key: 'routes[0]', at: 'routes[0] "/api/cart/**=cartRules"' }],
      ['/api/order/*', 'json', { name: 'order_rules', key: 'routes[1].comparator', at: 'routes[1].comparator' }],
      ['/api/x', 'status', undefined],
    ],
  );
});

test('a route naming an unknown comparator when no module is loaded is refused as before, with a hint', () => {
  refuses(
    { route: ['/**=cartRules'] },
    undefined,
    'bad_route',
    '--route[0]',
    /^--route\[0\] "\/\*\*=cartRules": unknown comparator "cartRules" \(known: json, .*binary\); a comparator of your own needs its module \(--comparator-module\)$/,
  );
  refuses({}, { routes: [{ path: '/x', comparator: 'cartRules' }] }, 'bad_route', 'routes[0].comparator', /unknown comparator "cartRules"/);
  // A name that can be no export is refused at once, modules or not.
  refuses({ comparatorModule: ['rules.mjs'] }, { routes: [{ path: '/x', comparator: 'cart-rules' }] }, 'bad_route', 'routes[0].comparator', /unknown comparator "cart-rules"/);
});

test('--comparator-timeout is a duration of at least 1ms, 100ms by default', () => {
  assert.equal(load({}).comparatorTimeoutMs, 100);
  assert.equal(load({ comparatorTimeout: '2s' }).comparatorTimeoutMs, 2000);
  assert.equal(load({}, { comparatorTimeout: '250ms' }).comparatorTimeoutMs, 250);
  refuses({ comparatorTimeout: '100' }, undefined, 'bad_value', '--comparator-timeout', /add a unit/);
  refuses({}, { plugins: 'rules.mjs' }, 'bad_value', 'plugins', /must be an array/);
});
