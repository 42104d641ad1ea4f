import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_READ_BYTES } from '../../src/echo/fd-echo.js';
import { MAX_BACKLOG_BYTES, RING_BYTES } from '../../src/thread/worker-messages.js';

test('the analysis ring holds a full backlog plus the largest chunk the echo reads, and is a power of two', () => {
  assert.ok(RING_BYTES >= MAX_BACKLOG_BYTES + MAX_READ_BYTES, `${RING_BYTES} < ${MAX_BACKLOG_BYTES} + ${MAX_READ_BYTES}`);
  assert.ok(Number.isInteger(Math.log2(RING_BYTES)));
});
