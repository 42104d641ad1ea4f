import type { ExchangeResult } from '../../src/compare/exchange-result.js';

/** An error body_mismatch result of `POST /v2/robot/query` on route `query`, with no bodies or messages, and `fields` over it. */
export function exchangeResult(fields: Partial<ExchangeResult>): ExchangeResult {
  return {
    verdict: 'error',
    reason: 'body_mismatch',
    diffs: [],
    totalDiffs: 0,
    id: 'abc',
    route: 'query',
    method: 'POST',
    path: '/v2/robot/query',
    status: { origin: 200, replay: 200 },
    latencyMs: { origin: 12, replay: 34.5 },
    request: { headers: [], body: null },
    originBody: null,
    replayBody: null,
    replayIndex: 0,
    messages: { request: null, origin: null, replay: null },
    ...fields,
  };
}
