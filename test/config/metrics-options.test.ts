import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listenAddress, listenAuthority } from '../../src/config/metrics-options.js';

test('--metrics-listen takes PORT (loopback) or HOST:PORT, IPv6 in brackets; absent is off', () => {
  const read = (value: unknown) => listenAddress(value, '--metrics-listen');
  assert.deepEqual(read('9464'), { host: '127.0.0.1', port: 9464, key: '--metrics-listen' });
  assert.deepEqual(read(9464), { host: '127.0.0.1', port: 9464, key: '--metrics-listen' });
  assert.deepEqual(read('0.0.0.0:9464'), { host: '0.0.0.0', port: 9464, key: '--metrics-listen' });
  assert.deepEqual(read('localhost:0'), { host: 'localhost', port: 0, key: '--metrics-listen' });
  assert.deepEqual(read('[::1]:9464'), { host: '::1', port: 9464, key: '--metrics-listen' });
  assert.equal(read(undefined), null);
  assert.equal(read(null), null);
});

test('a bare :PORT is refused with the way to ask for every interface', () => {
  assert.throws(() => listenAddress(':9464', 'metrics.listen'), {
    code: 'bad_value',
    key: 'metrics.listen',
    message: /^metrics\.listen must be PORT \(on 127\.0\.0\.1\) or HOST:PORT.*, not ":9464": write 0\.0\.0\.0:PORT to listen on every interface$/,
  });
  assert.throws(() => listenAddress('65536', '--metrics-listen'), { message: /a port is at most 65535$/ });
});

test('an address is written back as a URL authority, IPv6 in brackets', () => {
  assert.equal(listenAuthority({ host: '::1', port: 9464 }), '[::1]:9464');
  assert.equal(listenAuthority({ host: '127.0.0.1', port: 80 }), '127.0.0.1:80');
});
