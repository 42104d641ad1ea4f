import { createHash } from 'node:crypto';
import type { ExchangeResult } from '../compare/exchange-result.js';
import type { BuiltExample } from '../insight/clusters.js';
import type { ClusterExample, ExampleDiff, ExampleSide } from '../insight/report-format.js';
import { parseHttpMessage } from '../protocol/http-payload.js';
import { toLogDiff } from './log-record.js';
import type { Redactor } from './redact.js';
import { TARGET_CHARS, shortenMiddle, shown } from './shorten.js';

/** Differences kept per example. */
export const EXAMPLE_DIFFS = 20;

/** Headers kept per side of an example, each value shortened like a request target. */
export const EXAMPLE_HEADERS = 100;

/**
 * The example of one exchange for its cluster, redacted and cut exactly as its log record
 * is (the same redactor, `--log-body-limit`, and difference values shortened alike), with
 * the size of its content for the clusters' memory budget. Response headers are taken
 * (from what judging parsed, or else from the captured messages) only here, for the few
 * exchanges that become examples.
 */
export function clusterExample(result: ExchangeResult, at: number, redactor: Redactor, bodyLimit: number): BuiltExample {
  const identity = identityOf(result, at);
  const diffs: ExampleDiff[] = result.diffs.slice(0, EXAMPLE_DIFFS).map((difference) => {
    const logged = toLogDiff(difference, redactor);
    const entry: { path: string; kind: ExampleDiff['kind']; origin?: unknown; replay?: unknown; replayPath?: string } = { path: logged.path, kind: logged.kind };
    if ('origin' in logged) entry.origin = logged.origin;
    if ('replay' in logged) entry.replay = logged.replay;
    if (logged.replayPath !== undefined) entry.replayPath = logged.replayPath;
    return entry;
  });
  const request = side(result.request.headers, result.request.body, redactor, bodyLimit);
  const origin = { status: result.status.origin, ...side(responseHeaders(result, 'origin'), result.originBody, redactor, bodyLimit) };
  const replay = { status: result.status.replay, ...side(responseHeaders(result, 'replay'), result.replayBody, redactor, bodyLimit) };
  const full: ClusterExample = { ...identity, diffs, request, origin, replay };
  const contentChars = JSON.stringify(diffs).length + sideChars(request) + sideChars(origin) + sideChars(replay);
  return { full, contentChars, bare: () => ({ ...identity, diffs: [] }) };
}

/**
 * The example without content, for runs where no output shows examples: building content
 * (decoding bodies the judging left undecoded, then redacting them) is most of what the
 * clusters cost.
 */
export function bareClusterExample(result: ExchangeResult, at: number): BuiltExample {
  const bare = { ...identityOf(result, at), diffs: [] };
  return { full: bare, contentChars: 0, bare: () => bare };
}

function identityOf(result: ExchangeResult, at: number): Omit<ClusterExample, 'diffs'> {
  return {
    id: result.id,
    at: new Date(at).toISOString(),
    method: result.method,
    path: shown(result.path, TARGET_CHARS).text,
    latencyMs: { origin: result.latencyMs.origin, replay: result.latencyMs.replay },
  };
}

function side(headers: ReadonlyArray<readonly [string, string]>, body: Buffer | null, redactor: Redactor, bodyLimit: number): ExampleSide {
  const kept = redactor
    .redactHeaders(headers.slice(0, EXAMPLE_HEADERS))
    .map(([name, value]): [string, string] => [shortenMiddle(name, TARGET_CHARS), shortenMiddle(value, TARGET_CHARS)]);
  const rendered = redactor.redactBody(body, bodyLimit);
  if (body !== null && rendered.text === `<binary ${body.length} bytes>`) {
    return { headers: kept, body: null, bodyBytes: body.length, truncated: false, binary: { sha256: createHash('sha256').update(body).digest('hex').slice(0, 16) } };
  }
  return { headers: kept, body: rendered.text, bodyBytes: rendered.bytes, truncated: rendered.truncated };
}

/** A response's headers as captured; none when the message is absent or unreadable. */
function responseHeaders(result: ExchangeResult, side: 'origin' | 'replay'): ReadonlyArray<readonly [string, string]> {
  // Judging parsed them already when it compared the responses in full.
  if (result.responseHeaders !== undefined) return result.responseHeaders(side);
  const message = result.messages[side];
  if (message === null) return [];
  const http = parseHttpMessage(message.payload, 'response');
  return http.ok ? http.headers.entries() : [];
}

function sideChars(side: ExampleSide): number {
  let chars = side.body?.length ?? 0;
  for (const [name, value] of side.headers) chars += name.length + value.length;
  return chars;
}
