import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, refuses } from '../helpers/config-load.js';

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
  refuses({ unordered: ['ok', 'a..b'] }, undefined, 'bad_ignore_path', '--unordered[1]');
  refuses({}, { unordered: ['[*'] }, 'bad_ignore_path', 'unordered[0]');
  refuses({}, { routes: [{ path: '/a', unordered: ['x', '**.'] }] }, 'bad_ignore_path', 'routes[0].unordered[1]');
});
