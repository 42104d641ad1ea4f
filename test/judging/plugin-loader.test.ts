import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, PluginModule } from '../../src/config/config.js';
import { UsageError } from '../../src/config/usage-error.js';
import type { UsageErrorCode } from '../../src/config/usage-error.js';
import { loadPluginComparators } from '../../src/judging/plugin-loader.js';
import type { ModuleImporter } from '../../src/judging/plugin-loader.js';
import { load } from '../helpers/config-load.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// Loading comparator modules and resolving the routes' comparator names, with the modules'
// namespaces handed over by the test (and once for real, from a file).

const tempDir = tempDirs('plugin-loader');
const ok = () => ({ verdict: 'ok', reason: 'comparator_ok' });

function module(name: string, i = 0): PluginModule {
  return { path: `/rules/${name}`, key: `--comparator-module[${i}]`, written: `./${name}` };
}

/** An importer serving these namespaces by file name; any other file fails as Node would. */
function importer(namespaces: Record<string, Record<string, unknown>>): ModuleImporter {
  return async (url) => {
    const name = url.slice(url.lastIndexOf('/') + 1);
    const namespace = namespaces[name];
    if (namespace === undefined) throw Object.assign(new Error(`Cannot find module '/rules/${name}' imported from /somewhere/plugin-loader.js`), { code: 'ERR_MODULE_NOT_FOUND' });
    return namespace;
  };
}

function config(routes: readonly string[], modules: readonly PluginModule[]): Pick<Config, 'plugins' | 'routes'> {
  return { routes: load({ route: [...routes], comparatorModule: modules.map((m) => m.path) }).routes, plugins: modules };
}

async function refused(promise: Promise<unknown>, code: UsageErrorCode, key: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.deepEqual({ code: error.code, key: error.key, exitCode: error.exitCode }, { code, key, exitCode: 2 });
    assert.match(error.message, message);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

test('the comparators of every module are found by their export names; other exports are left alone', async () => {
  const modules = [module('a.mjs'), module('b.mjs', 1)];
  const namespaces = { 'a.mjs': { cartRules: ok, LIMIT: 3, default: ok }, 'b.mjs': { orderRules: { reasons: ['late'], compare: ok } } };
  const found = await loadPluginComparators(config(['/cart/**=cartRules', '/order/**=orderRules', '/x=json'], modules), importer(namespaces));
  assert.deepEqual([...found.keys()], ['cartRules', 'orderRules']);
  assert.deepEqual([...(found.get('orderRules')?.reasons ?? [])], ['late']);
});

test('a module that cannot be loaded refuses the run, naming the flag and the path as written', async () => {
  await refused(
    loadPluginComparators(config(['/x=cartRules'], [module('gone.mjs')]), importer({})),
    'bad_plugin',
    '--comparator-module[0]',
    /^--comparator-module\[0\]: comparator module \.\/gone\.mjs cannot be loaded: Cannot find module '\/rules\/gone\.mjs'$/,
  );
});

test('a module that exports no comparator, or one that cannot be used, refuses the run', async () => {
  await refused(loadPluginComparators(config([], [module('a.mjs')]), importer({ 'a.mjs': { LIMIT: 3 } })), 'bad_plugin', '--comparator-module[0]', /exports no comparator/);
  await refused(
    loadPluginComparators(config([], [module('a.mjs')]), importer({ 'a.mjs': { status: ok } })),
    'bad_plugin',
    '--comparator-module[0]',
    /exports "status", the name of a built-in comparator/,
  );
  await refused(
    loadPluginComparators(config([], [module('a.mjs')]), importer({ 'a.mjs': { rules: { compare: ok, reasons: ['Bad'] } } })),
    'bad_plugin',
    '--comparator-module[0]',
    /reason "Bad" must be/,
  );
});

test('one name exported by two modules is refused: which one a route means cannot be guessed', async () => {
  await refused(
    loadPluginComparators(config([], [module('a.mjs'), module('b.mjs', 1)]), importer({ 'a.mjs': { rules: ok }, 'b.mjs': { rules: ok } })),
    'bad_plugin',
    '--comparator-module[1]',
    /comparator module \.\/b\.mjs exports "rules", which \.\/a\.mjs exports too/,
  );
});

test('a route naming a comparator no module exports refuses the run, saying what the modules export', async () => {
  await refused(
    loadPluginComparators(config(['/x=cartRulez'], [module('a.mjs')]), importer({ 'a.mjs': { cartRules: ok, orderRules: ok } })),
    'bad_route',
    '--route[0]',
    /^--route\[0\] "\/x=cartRulez": unknown comparator "cartRulez" \(known: json, .*, binary; the modules export cartRules, orderRules\)$/,
  );
});

test('a real module file is imported by its path', async () => {
  const dir = tempDir();
  const path = join(dir, 'rules.mjs');
  writeFileSync(path, "export const rules = { reasons: ['odd'], compare: () => ({ verdict: 'warn', reason: 'odd' }) };\n");
  const found = await loadPluginComparators({ routes: [], plugins: [{ path, key: 'plugins[0]', written: 'rules.mjs' }] });
  assert.deepEqual([...(found.get('rules')?.reasons ?? [])], ['odd']);
  writeFileSync(join(dir, 'broken.mjs'), 'export const = 1;\n');
  await refused(
    loadPluginComparators({ routes: [], plugins: [{ path: join(dir, 'broken.mjs'), key: 'plugins[0]', written: 'broken.mjs' }] }),
    'bad_plugin',
    'plugins[0]',
    /^plugins\[0\]: comparator module broken\.mjs cannot be loaded: Unexpected token/,
  );
});
