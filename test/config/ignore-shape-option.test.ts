import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliFlags } from '../../src/config/options.js';
import { UsageError } from '../../src/config/usage-error.js';

const load = (flags: CliFlags, file?: unknown) => loadConfig(file === undefined ? flags : { config: 'c.json', ...flags }, undefined, () => JSON.stringify(file));

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
  const refused = (flags: CliFlags, file: unknown, key: string) =>
    assert.throws(
      () => load(flags, file),
      (error: unknown) => error instanceof UsageError && error.code === 'bad_value' && error.key === key,
    );
  refused({ ignoreShape: ['uuid', 'uuid,guid'] }, undefined, '--ignore-shape[1]');
  refused({ ignoreShape: ['uuid,'] }, undefined, '--ignore-shape[0]');
  refused({}, { ignoreShapes: ['UUID'] }, 'ignoreShapes[0]');
  refused({}, { ignoreShapes: 'uuid' }, 'ignoreShapes');
  refused({}, { routes: [{ path: '/a', ignoreShapes: ['ip', 'mac'] }] }, 'routes[0].ignoreShapes[1]');
  assert.throws(() => load({ ignoreShape: ['uuid,guid'] }), /unknown shape "guid" \(known: uuid, ulid, timestamp, hex-digest, jwt, ip\)/);
});

test('a /regex/ key is accepted wherever ignore paths are, and a malformed one is a bad_ignore_path UsageError naming the key as typed', () => {
  assert.deepEqual(load({ ignore: ['/_id$/'] }, { routes: [{ path: '/a', ignore: ['/^tmp/i'] }], redact: ['/token/i'] }).ignore, ['/_id$/']);
  const refused = (flags: CliFlags, file: unknown, key: string) =>
    assert.throws(
      () => load(flags, file),
      (error: unknown) => error instanceof UsageError && error.code === 'bad_ignore_path' && error.key === key,
    );
  refused({ ignore: ['a', '/_id$/g'] }, undefined, '--ignore[1]');
  refused({}, { routes: [{ path: '/a', ignore: ['/(/'] }] }, 'routes[0].ignore[0]');
  refused({ redact: ['/unclosed'] }, undefined, '--redact[0]');
});
