import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, refuses } from '../helpers/config-load.js';

test('--array-key is repeatable, the file has arrayKeys, flags override the file, and none is the default', () => {
  assert.deepEqual(load({}).arrayKeys, []);
  assert.deepEqual(load({}, { arrayKeys: ['results.items=id'] }).arrayKeys, [{ path: 'results.items', field: 'id' }]);
  assert.deepEqual(load({ arrayKey: ['a=sku', 'orders[ref=A].lines=n'] }, { arrayKeys: ['results.items=id'] }).arrayKeys, [
    { path: 'a', field: 'sku' },
    { path: 'orders[ref=A].lines', field: 'n' },
  ]);
});

test('a route of the config file may name keyed arrays of its own; routes without the key carry none', () => {
  const config = load({}, { routes: [{ path: '/a', arrayKeys: ['list=id'] }, { path: '/b' }] });
  assert.deepEqual(config.routes[0]?.arrayKeys, [{ path: 'list', field: 'id' }]);
  assert.equal(config.routes[1]?.arrayKeys, undefined);
});

test('a bad array key is a bad_array_key UsageError naming the key as typed, with the spec and what is wrong', () => {
  refuses({ arrayKey: ['items=id', 'items'] }, undefined, 'bad_array_key', '--array-key[1]', /^--array-key\[1\] "items": expected PATH=FIELD/);
  refuses({}, { arrayKeys: ['items='] }, 'bad_array_key', 'arrayKeys[0]', /expected PATH=FIELD/);
  refuses({}, { arrayKeys: ['a..b=id'] }, 'bad_array_key', 'arrayKeys[0]', /empty segment at position 2/);
  refuses({}, { routes: [{ path: '/a', arrayKeys: ['x=id', 'y[id=]=id'] }] }, 'bad_array_key', 'routes[0].arrayKeys[1]');
  refuses({}, { arrayKeys: 'items=id' }, 'bad_value', 'arrayKeys');
});

test('a redact path may not select by key, since bodies are redacted by position; [*] is the way', () => {
  refuses({ redact: ['items[id=7].token'] }, undefined, 'bad_ignore_path', '--redact[0]', /\[field=key\] segment cannot select what to redact; write \[\*\]/);
  assert.deepEqual(load({ redact: ['items[*].token'], ignore: ['items[id=7].token'] }).ignore, ['items[id=7].token']);
});
