import type { ExchangeResult } from '../../src/compare/exchange-result.js';

/** A judged exchange of route `query` with sensible defaults; tests override what they look at. */
export function exchangeResult(overrides: Partial<ExchangeResult> = {}): ExchangeResult {
  return {
    id: 'id-1',
    route: 'query',
    method: 'POST',
    path: '/v2/robot/query',
    verdict: 'ok',
    reason: 'identical',
    diffs: [],
    totalDiffs: 0,
    status: { origin: 200, replay: 200 },
    latencyMs: { origin: 10, replay: 20 },
    request: { headers: [], body: null },
    originBody: null,
    replayBody: null,
    replayIndex: 0,
    messages: { request: null, origin: null, replay: null },
    ...overrides,
  };
}
