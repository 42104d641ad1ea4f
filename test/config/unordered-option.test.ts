import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliFlags } from '../../src/config/options.js';
import { UsageError } from '../../src/config/usage-error.js';

const load = (flags: CliFlags, file?: unknown) => loadConfig(file === undefined ? flags : { config: 'c.json', ...flags }, undefined, () => JSON.stringify(file));

test('--unordered is repeatable, the file has unordered, flags override the file, and none is the default', () => {
  assert.deepEqual(load({}).unordered, []);
  assert.deepEqual(load({}, { unordered: ['results.tags'] }).unordered, ['results.tags']);
  assert.deepEqual(load({ unordered: ['a', 'items[*].labels'] }, { unordered: ['results.tags'] }).unordered, ['a', 'items[*].labels']);
});

test('a route of the config file may name unordered arrays of its own; routes without the key carry none', () => {
  const config = load({}, { routes: [{ path: '/a', unordered: ['list'] }, { path: '/b' }] });
  assert.deepEqual(config.routes[0]?.unordered, ['list']);
  assert.equal(config.routes[1]?.unordered, undefined);
});

test('a bad unordered path is a bad_ignore_path UsageError naming the key as typed', () => {
  const refused = (flags: CliFlags, file: unknown, key: string) =>
    assert.throws(
      () => load(flags, file),
      (error: unknown) => error instanceof UsageError && error.code === 'bad_ignore_path' && error.key === key,
    );
  refused({ unordered: ['ok', 'a..b'] }, undefined, '--unordered[1]');
  refused({}, { unordered: ['[*'] }, 'unordered[0]');
  refused({}, { routes: [{ path: '/a', unordered: ['x', '**.'] }] }, 'routes[0].unordered[1]');
});
