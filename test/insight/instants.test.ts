import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantOf, tracksClock } from '../../src/insight/instants.js';

test('instants are read from ISO-8601, HTTP dates and epoch seconds or milliseconds, with the precision they were written with', () => {
  assert.deepEqual(instantOf('2024-05-01T10:00:00.250Z'), { ms: Date.UTC(2024, 4, 1, 10, 0, 0, 250), resolution: 1 });
  assert.deepEqual(instantOf('2024-05-01T10:00:00Z'), { ms: Date.UTC(2024, 4, 1, 10), resolution: 1000 });
  assert.deepEqual(instantOf('2024-05-01T10:00Z'), { ms: Date.UTC(2024, 4, 1, 10), resolution: 60_000 });
  assert.deepEqual(instantOf('Wed, 01 May 2024 10:00:00 GMT'), { ms: Date.UTC(2024, 4, 1, 10), resolution: 1000 });
  assert.deepEqual(instantOf(1_714_557_600), { ms: 1_714_557_600_000, resolution: 1000 });
  assert.deepEqual(instantOf(1_714_557_600.5), { ms: 1_714_557_600_500, resolution: 1 });
  assert.deepEqual(instantOf(1_714_557_600_123), { ms: 1_714_557_600_123, resolution: 1 });
  assert.deepEqual(instantOf('1714557600123'), { ms: 1_714_557_600_123, resolution: 1 });
  for (const value of ['2024-05-01', 'soon', 42, null, '2024-13-01T00:00:00Z']) assert.equal(instantOf(value), null, String(value));
});

test('a value tracks the clock when replay − origin is the replay delay within precision and slack', () => {
  const origin = '2024-05-01T10:00:00.000Z';
  assert.equal(tracksClock(origin, '2024-05-01T11:00:00.040Z', 3_600_000, 50), true);
  assert.equal(tracksClock(origin, '2024-05-01T11:00:00.060Z', 3_600_000, 50), false);
  assert.equal(tracksClock('2024-05-01T10:00:00Z', '2024-05-01T11:00:00Z', 3_600_900, 50), true, 'whole seconds: a second of precision');
  assert.equal(tracksClock(origin, 'later', 3_600_000, 50), false);
  assert.equal(tracksClock('now', origin, 0, 50), false);
});
