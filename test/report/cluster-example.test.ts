import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { clusterExample, EXAMPLE_DIFFS } from '../../src/report/cluster-example.js';
import { createRedactor } from '../../src/report/redact.js';

const response = (head: string): { header: never; payload: Buffer } => ({ header: undefined as never, payload: Buffer.from(`HTTP/1.1 200 OK\r\n${head}\r\n\r\n`) });

function result(over: Partial<ExchangeResult> = {}): ExchangeResult {
  return {
    id: 'x1',
    route: 'r',
    method: 'GET',
    path: '/img',
    verdict: 'error',
    reason: 'binary_mismatch',
    status: { origin: 200, replay: 200 },
    latencyMs: { origin: 1, replay: 2 },
    diffs: [],
    totalDiffs: 0,
    request: { headers: [['Cookie', 'sid=1']], body: null },
    originBody: Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    replayBody: Buffer.from('text'),
    replayIndex: 0,
    messages: { request: null, origin: response('Content-Type: image/png'), replay: null },
    ...over,
  } as ExchangeResult;
}

test('a binary body is never dumped: null with its size and a short SHA-256', () => {
  const built = clusterExample(result(), Date.parse('2026-01-01T00:00:00Z'), createRedactor({ bodyPaths: [] }), 4096);
  assert.deepEqual(built.full.origin, {
    status: 200,
    headers: [['Content-Type', 'image/png']],
    body: null,
    bodyBytes: 4,
    truncated: false,
    binary: { sha256: 'd2ad9277baaee148' },
  });
  assert.deepEqual(built.full.replay, { status: 200, headers: [], body: 'text', bodyBytes: 4, truncated: false });
  assert.deepEqual(built.full.request, { headers: [['Cookie', '[redacted]']], body: null, bodyBytes: 0, truncated: false });
  assert.equal(built.full.at, '2026-01-01T00:00:00.000Z');
});

test('at most 20 differences; the content counted for the budget; the bare example keeps no content', () => {
  const diffs = Array.from({ length: 30 }, (_, i) => ({ path: ['a', i], kind: 'changed' as const, origin: i, replay: i + 1 }));
  const built = clusterExample(result({ diffs, totalDiffs: 30, originBody: Buffer.from('{"a":1}'), replayBody: null }), 0, createRedactor({ bodyPaths: [] }), 4096);
  assert.equal(built.full.diffs.length, EXAMPLE_DIFFS);
  assert.ok(built.contentChars >= JSON.stringify(built.full.diffs).length + '{"a":1}'.length);
  const bare = built.bare();
  assert.deepEqual(Object.keys(bare), ['id', 'at', 'method', 'path', 'latencyMs', 'diffs']);
  assert.deepEqual(bare.diffs, []);
});
