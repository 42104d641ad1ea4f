import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, refuses } from '../helpers/config-load.js';

test('--tolerance is repeatable, the file has tolerance, flags override the file, and none is the default', () => {
  assert.deepEqual(load({}).tolerance, []);
  assert.deepEqual(load({}, { tolerance: ['price=0.01'] }).tolerance, [{ path: 'price', amount: '0.01', relative: false }]);
  assert.deepEqual(load({ tolerance: ['a=1', 'items[*].score=2.5%'] }, { tolerance: ['price=0.01'] }).tolerance, [
    { path: 'a', amount: '1', relative: false },
    { path: 'items[*].score', amount: '2.5', relative: true },
  ]);
});

test('--null-equals-missing and --loose-types are off by default and set by the flag or the file', () => {
  const none = load({});
  assert.equal(none.nullEqualsMissing, false);
  assert.equal(none.looseTypes, false);
  assert.equal(load({ nullEqualsMissing: true }).nullEqualsMissing, true);
  assert.equal(load({ looseTypes: true }).looseTypes, true);
  const file = load({}, { nullEqualsMissing: true, looseTypes: true });
  assert.equal(file.nullEqualsMissing, true);
  assert.equal(file.looseTypes, true);
});

test('a route of the config file may set its own tolerance, nullEqualsMissing and looseTypes; routes without them carry none', () => {
  const config = load({}, { routes: [{ path: '/a', tolerance: ['t=5%'], nullEqualsMissing: false, looseTypes: true }, { path: '/b' }] });
  assert.deepEqual(config.routes[0]?.tolerance, [{ path: 't', amount: '5', relative: true }]);
  assert.equal(config.routes[0]?.nullEqualsMissing, false);
  assert.equal(config.routes[0]?.looseTypes, true);
  assert.equal(config.routes[1]?.tolerance, undefined);
  assert.equal(config.routes[1]?.nullEqualsMissing, undefined);
  assert.equal(config.routes[1]?.looseTypes, undefined);
});

test('bad value options are UsageErrors naming the key as typed', () => {
  refuses({ tolerance: ['ok=1', 'price'] }, undefined, 'bad_tolerance', '--tolerance[1]');
  refuses({ tolerance: ['price=-0.5'] }, undefined, 'bad_tolerance', '--tolerance[0]');
  refuses({}, { tolerance: ['a..b=1'] }, 'bad_tolerance', 'tolerance[0]');
  refuses({}, { routes: [{ path: '/a', tolerance: ['x=1', 'y=lots'] }] }, 'bad_tolerance', 'routes[0].tolerance[1]');
  refuses({}, { routes: [{ path: '/a', tolerance: 'x=1' }] }, 'bad_value', 'routes[0].tolerance');
  refuses({}, { routes: [{ path: '/a', nullEqualsMissing: 'yes' }] }, 'bad_value', 'routes[0].nullEqualsMissing');
  refuses({}, { routes: [{ path: '/a', looseTypes: 1 }] }, 'bad_value', 'routes[0].looseTypes');
});

test('the message of a bad tolerance quotes the spec as typed and says what is wrong', () => {
  assert.throws(() => load({ tolerance: ['price=abc'] }), /--tolerance\[0\] "price=abc": tolerance "abc" is not a non-negative number or percentage/);
});
