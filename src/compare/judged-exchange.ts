import { decodeBody } from '../protocol/body-decoder.js';
import { durationMs, spanMs } from '../protocol/text-header.js';
import { parseHttpMessage } from '../protocol/http-payload.js';
import type { HttpHeaders, HttpMessage } from '../protocol/http-payload.js';
import type { GorMessage } from '../protocol/gor-message.js';
import type { ExchangeResult, Pair } from './exchange-result.js';
import type { JudgeInput, JudgeOptions } from './judge.js';
import type { Judgement, Reason, Verdict } from './verdict.js';

/** One response as judging reads it. */
export interface Side {
  readonly status: number | null;
  /** Null when the response is missing or cannot be parsed. */
  readonly headers: HttpHeaders | null;
  readonly body: Buffer | null;
  readonly failure: string | null;
}

/** A response parsed in full, its body decoded (de-chunked, decompressed) when that succeeds, raw otherwise. */
export function readSide(message: GorMessage | null, options: JudgeOptions): Side {
  if (message === null) return { status: null, headers: null, body: null, failure: null };
  const http = parseHttpMessage(message.payload, 'response');
  if (!http.ok) return { status: null, headers: null, body: message.payload, failure: `unreadable response: ${http.detail}` };
  return { status: http.status ?? null, headers: http.headers, ...decodedBody(http, options) };
}

function decodedBody(http: HttpMessage, options: JudgeOptions): { body: Buffer; failure: string | null } {
  if (http.truncated) return { body: http.rawBody, failure: 'body shorter than its Content-Length' };
  const decoded = decodeBody(http, { maxBytes: options.maxBodyBytes });
  return decoded.ok ? { body: decoded.body, failure: null } : { body: http.rawBody, failure: `${decoded.reason}: ${decoded.detail}` };
}

/** The request as reporters show it: its headers and decoded (else raw) body. */
function describeRequest(payload: Buffer, options: JudgeOptions): ExchangeResult['request'] {
  const request = parseHttpMessage(payload, 'request');
  if (!request.ok) return { headers: [], body: null };
  const decoded = decodeBody(request, { maxBytes: options.maxBodyBytes });
  return { headers: request.headers.entries(), body: decoded.ok ? decoded.body : request.rawBody };
}

function latencies(input: JudgeInput): Pair<number> {
  const origin = input.origin === null ? null : spanMs(input.request.header, input.origin.header);
  return { origin, replay: input.replay === null ? null : durationMs(input.replay.header) };
}

/**
 * A judged exchange as every reporter reads it. The request and both bodies are read on
 * first use only: most results (ok ones) are counted and never shown. A class rather than
 * an object literal with getters: a literal made a closure per lazy field for every
 * exchange, which made building results the hottest allocation of the analysis.
 */
export class JudgedExchange implements ExchangeResult {
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly diffs: Judgement['diffs'];
  readonly totalDiffs: number;
  readonly detail: string | undefined;
  readonly notes: readonly string[] | undefined;
  readonly id: string;
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly status: Pair<number>;
  readonly latencyMs: Pair<number>;
  readonly replayIndex: number;
  readonly messages: ExchangeResult['messages'];
  readonly #options: JudgeOptions;
  #request: ExchangeResult['request'] | undefined;
  #origin: Side | undefined;
  #replay: Side | undefined;
  /** Byte-identical responses: the replay's body is the origin's, read once. */
  readonly #sameSides: boolean;

  /**
   * `origin` and `replay` are the sides already read, if any; the others are read from the
   * messages when a reporter asks. `sameSides`: the responses are byte-identical.
   */
  constructor(input: JudgeInput, status: Pair<number>, judgement: Judgement, options: JudgeOptions, origin?: Side, replay?: Side, sameSides = false) {
    // Listed field by field: spreading `judgement` made building results the hottest line.
    this.verdict = judgement.verdict;
    this.reason = judgement.reason;
    this.diffs = judgement.diffs;
    this.totalDiffs = judgement.totalDiffs;
    this.detail = judgement.detail;
    this.notes = judgement.notes;
    this.id = input.id;
    this.route = input.route.name;
    this.method = input.method;
    this.path = input.target;
    this.status = status;
    this.latencyMs = latencies(input);
    this.replayIndex = input.replayIndex;
    this.messages = { request: input.request, origin: input.origin, replay: input.replay };
    this.#options = options;
    this.#origin = origin;
    this.#replay = replay;
    this.#sameSides = sameSides;
  }

  get request(): ExchangeResult['request'] {
    return (this.#request ??= describeRequest((this.messages.request as GorMessage).payload, this.#options));
  }

  get originBody(): Buffer | null {
    return this.#originSide().body;
  }

  get replayBody(): Buffer | null {
    if (this.#sameSides) return this.originBody;
    return this.#replaySide().body;
  }

  responseHeaders(side: 'origin' | 'replay'): ReadonlyArray<readonly [string, string]> {
    const read = side === 'origin' || this.#sameSides ? this.#originSide() : this.#replaySide();
    return read.headers === null ? [] : read.headers.entries();
  }

  #originSide(): Side {
    return (this.#origin ??= readSide(this.messages.origin, this.#options));
  }

  #replaySide(): Side {
    return (this.#replay ??= readSide(this.messages.replay, this.#options));
  }
}
