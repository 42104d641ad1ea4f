import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gauge, Registry } from 'prom-client';
import { ListenError, serveMetrics } from '../../src/report/metrics-server.js';
import { httpRequest } from '../helpers/daemons.js';

test('a collection that fails is a 500 with its reason, and the endpoint keeps serving', async () => {
  const registry = new Registry();
  let fail = true;
  new Gauge({
    name: 'flaky',
    help: 'fails on demand',
    registers: [registry],
    collect() {
      if (fail) throw new Error('boom');
      this.set(1);
    },
  });
  const server = await serveMetrics('127.0.0.1', 0, registry);
  try {
    const failed = await httpRequest(`http://127.0.0.1:${server.port}/metrics`);
    assert.deepEqual([failed.status, failed.body], [500, 'metrics failed: boom\n']);
    fail = false;
    const served = await httpRequest(`http://127.0.0.1:${server.port}/metrics`);
    assert.equal(served.status, 200);
    assert.match(served.body, /^flaky 1$/m);
  } finally {
    await server.close();
  }
});

test('a port in use is a ListenError saying so; a closed server frees its port', async () => {
  const registry = new Registry();
  const first = await serveMetrics('127.0.0.1', 0, registry);
  await assert.rejects(serveMetrics('127.0.0.1', first.port, registry), (error: unknown) => {
    assert.ok(error instanceof ListenError);
    assert.equal(error.message, 'the port is in use (EADDRINUSE)');
    return true;
  });
  await first.close();
  const again = await serveMetrics('127.0.0.1', first.port, registry);
  await again.close();
});
