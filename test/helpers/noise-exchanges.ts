import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { diffJson } from '../../src/compare/json-diff.js';
import type { GorMessage } from '../../src/protocol/gor-message.js';

/** How one exchange for the noise collector is built: JSON bodies, and gor's timestamps in ms. */
export interface NoiseExchange {
  readonly id?: string;
  readonly route?: string;
  readonly method?: string;
  readonly path?: string;
  readonly requestBody?: string;
  readonly origin: unknown;
  readonly replay: unknown;
  /** The type-1 timestamp, in ms since the epoch. */
  readonly requestAtMs?: number;
  /** The type-3 timestamp, in ms; the request's when absent. */
  readonly replayAtMs?: number;
  readonly replayIndex?: number;
  /** Differences listed (`--max-diffs`); 50 when absent. */
  readonly maxDiffs?: number;
}

let serial = 0;

function message(kind: GorMessage['header']['kind'], id: string, atMs: number): GorMessage {
  return { header: { kind, id, timestamp: BigInt(Math.round(atMs)) * 1_000_000n }, payload: Buffer.alloc(0) };
}

/** An ExchangeResult as the judge makes it for a JSON route: diffs from the JSON walker, verdict error when any. */
export function noiseExchange(spec: NoiseExchange): ExchangeResult {
  const id = spec.id ?? `x${(serial += 1)}`;
  const { diffs, total } = diffJson(spec.origin, spec.replay, { maxDiffs: spec.maxDiffs ?? 50 });
  const requestAt = spec.requestAtMs ?? 1_700_000_000_000;
  const originBody = Buffer.from(JSON.stringify(spec.origin));
  return {
    verdict: total === 0 ? 'ok' : 'error',
    reason: total === 0 ? 'json_equal' : 'body_mismatch',
    diffs,
    totalDiffs: total,
    id,
    route: spec.route ?? 'api',
    method: spec.method ?? 'GET',
    path: spec.path ?? `/item/${id}`,
    status: { origin: 200, replay: 200 },
    latencyMs: { origin: 5, replay: 5 },
    request: { headers: [], body: spec.requestBody === undefined ? null : Buffer.from(spec.requestBody) },
    originBody,
    replayBody: Buffer.from(JSON.stringify(spec.replay)),
    replayIndex: spec.replayIndex ?? 0,
    messages: { request: message('request', id, requestAt), origin: message('response', id, requestAt + 5), replay: message('replay', id, spec.replayAtMs ?? requestAt) },
  };
}

/** A uuid made from `n`, distinct for distinct `n`. */
export function uuidOf(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `0b7c2a1e-4d3f-4a6b-9c8d-${hex}`;
}
