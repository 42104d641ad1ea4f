import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, refuses } from '../helpers/config-load.js';

test('--ignore-shape takes comma-separated shapes, is repeatable, flags override the file, and none is the default', () => {
  assert.deepEqual(load({}).ignoreShapes, []);
  assert.deepEqual(load({}, { ignoreShapes: ['uuid', 'jwt'] }).ignoreShapes, ['uuid', 'jwt']);
  assert.deepEqual(load({ ignoreShape: ['uuid,ulid', 'ip, timestamp', 'uuid'] }, { ignoreShapes: ['jwt'] }).ignoreShapes, ['uuid', 'ulid', 'ip', 'timestamp']);
  assert.deepEqual(load({}, { ignoreShapes: ['hex-digest,jwt'] }).ignoreShapes, ['hex-digest', 'jwt']);
});

test('a route of the config file may ignore shapes of its own; routes without the key carry none', () => {
  const config = load({}, { routes: [{ path: '/a', ignoreShapes: ['timestamp'] }, { path: '/b' }] });
  assert.deepEqual(config.routes[0]?.ignoreShapes, ['timestamp']);
  assert.equal(config.routes[1]?.ignoreShapes, undefined);
});

test('an unknown shape, an empty name or a value that is not a list is a bad_value UsageError naming the key as typed', () => {
  refuses({ ignoreShape: ['uuid', 'uuid,guid'] }, undefined, 'bad_value', '--ignore-shape[1]');
  refuses({ ignoreShape: ['uuid,'] }, undefined, 'bad_value', '--ignore-shape[0]');
  refuses({}, { ignoreShapes: ['UUID'] }, 'bad_value', 'ignoreShapes[0]');
  refuses({}, { ignoreShapes: 'uuid' }, 'bad_value', 'ignoreShapes');
  refuses({}, { routes: [{ path: '/a', ignoreShapes: ['ip', 'mac'] }] }, 'bad_value', 'routes[0].ignoreShapes[1]');
  assert.throws(() => load({ ignoreShape: ['uuid,guid'] }), /unknown shape "guid" \(known: uuid, ulid, timestamp, hex-digest, jwt, ip\)/);
});

test('a /regex/ key is accepted wherever ignore paths are, and a malformed one is a bad_ignore_path UsageError naming the key as typed', () => {
  assert.deepEqual(load({ ignore: ['/_id$/'] }, { routes: [{ path: '/a', ignore: ['/^tmp/i'] }], redact: ['/token/i'] }).ignore, ['/_id$/']);
  refuses({ ignore: ['a', '/_id$/g'] }, undefined, 'bad_ignore_path', '--ignore[1]');
  refuses({}, { routes: [{ path: '/a', ignore: ['/(/'] }] }, 'bad_ignore_path', 'routes[0].ignore[0]');
  refuses({ redact: ['/unclosed'] }, undefined, 'bad_ignore_path', '--redact[0]');
});
