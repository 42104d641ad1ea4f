import { compileIgnorePaths } from '../compare/ignore-paths.js';
import type { ExchangeResult } from '../compare/exchange-result.js';
import { describeIncomplete, judgeExchange } from '../compare/judge.js';
import type { JudgeInput, JudgeRoute } from '../compare/judge.js';
import { NOT_JSON, parseJsonBody } from '../compare/json-body.js';
import { passesFilters } from '../compare/request-filter.js';
import { compileRoutes } from '../compare/route-matcher.js';
import type { RouteMatcher, RouteRule } from '../compare/route-matcher.js';
import type { Config } from '../config/config.js';
import { ExchangeTracker } from '../correlation/exchange-tracker.js';
import type { PendingExchange, TrackerEvent } from '../correlation/exchange-tracker.js';
import { ExpiryMap } from '../correlation/expiry-map.js';
import { decodeBody } from '../protocol/body-decoder.js';
import { decodeHeader, decodePayload, gorHeader, peekPayload } from '../protocol/decode-line.js';
import { hexEncodes } from '../protocol/hex.js';
import type { HeaderDecode, LineFailure } from '../protocol/decode-line.js';
import type { GorMessage, PayloadKind } from '../protocol/gor-message.js';
import { parseHttpMessage, parseRequestLine } from '../protocol/http-payload.js';
import type { RequestLine } from '../protocol/http-payload.js';

/** Where the engine reports what it saw; the composition root fans these out to stats and reporters. */
export interface EngineSink {
  message(kind: PayloadKind): void;
  malformed(reason: LineFailure | 'oversized' | 'unfinished'): void;
  skipped(kind: 'unwatched' | 'filtered' | 'evicted' | 'orphaned'): void;
  result(result: ExchangeResult): void;
}

/** What the tracker keeps beside each watched request. */
interface RequestContext {
  readonly route: JudgeRoute;
  readonly method: string;
  readonly target: string;
}

/** Bytes of payload decoded first to read a request line; most fit, longer ones get a second look. */
const REQUEST_LINE_PEEK_BYTES = 256;
/** The longest request line we look for (URLs beyond this are not watched). */
const MAX_REQUEST_LINE_BYTES = 64 * 1024;
/** Where each request's first bytes are decoded to read its request line. */
const requestLineScratch = Buffer.allocUnsafe(REQUEST_LINE_PEEK_BYTES);
/** How many completed exchanges stay available for extra replays of their ID. */
const MAX_COMPLETED = 2000;

/**
 * The analysis side of the middleware: takes each input line (already echoed by the
 * caller), decodes as little as it can, correlates watched exchanges and judges them.
 * No I/O and no clock: callers pass `now` in ms. Lines may be views into stream chunks;
 * the engine copies what it keeps (hex decoding always makes a new buffer).
 */
export class Engine {
  readonly #config: Config;
  readonly #sink: EngineSink;
  readonly #routes: RouteMatcher<RouteRule>;
  readonly #judgeRoutes = new Map<RouteRule, JudgeRoute>();
  readonly #tracker: ExchangeTracker<RequestContext>;
  /** IDs of requests we chose not to watch, so their responses are skipped without decoding. */
  readonly #ignored: ExpiryMap<string, number>;

  constructor(config: Config, sink: EngineSink) {
    this.#config = config;
    this.#sink = sink;
    this.#routes = compileRoutes(config.routes);
    for (const rule of config.routes) {
      const patterns = [...config.ignore, ...rule.ignore];
      this.#judgeRoutes.set(rule, {
        name: rule.name,
        comparator: rule.comparator,
        ignore: patterns.length === 0 ? undefined : compileIgnorePaths(patterns),
      });
    }
    this.#tracker = new ExchangeTracker({
      ttlMs: config.ttlMs,
      maxPending: config.maxPending,
      maxPendingBytes: config.maxPendingBytes,
      maxCompleted: MAX_COMPLETED,
    });
    this.#ignored = new ExpiryMap<string, number>({ maxEntries: config.maxPending, ttl: { ms: config.ttlMs, touchedAt: (skippedAt) => skippedAt } });
  }

  /** Exchanges waiting for a message. */
  get pending(): number {
    return this.#tracker.pending;
  }

  /** Analyses one input line (without its LF). */
  line(line: Buffer, now: number): void {
    const decoded = decodeHeader(line);
    if (!decoded.ok) {
      this.#sink.malformed(decoded.reason);
      return;
    }
    const { kind, id } = decoded;
    if (this.#config.routes.length === 0) {
      // Nothing is watched: counting the message is all there is to do.
      this.#sink.message(kind);
      return;
    }
    if (kind === 'request') {
      this.#request(line, decoded, now);
      return;
    }
    if (this.#ignored.has(id)) {
      this.#sink.message(kind);
      return;
    }
    const message = kind === 'replay' ? this.#replay(line, decoded) : this.#message(line, decoded);
    if (message === null) return;
    this.#handle(kind === 'response' ? this.#tracker.response(id, message, now) : this.#tracker.replay(id, message, now));
  }

  /** A line too long to analyse (it was echoed all the same). */
  oversized(): void {
    this.#sink.malformed('oversized');
  }

  /** Expires exchanges whose TTL has passed. */
  sweep(now: number): void {
    this.#ignored.sweep(now);
    this.#handle(this.#tracker.sweep(now));
  }

  /** End of input: every pending exchange is reported as incomplete. */
  finish(): void {
    this.#handle(this.#tracker.drain());
  }

  /**
   * A request whose replay could not be obtained (replay mode: a timeout, a refused or
   * dropped connection). `requestLine` and `originLine` are hex lines as `line` takes them.
   * A watched request is judged at once as incomplete (`replay_failed`, with `detail`),
   * with the origin when one is given, without touching pending exchanges. An unwatched or
   * filtered request is counted as skipped, and an undecodable line as malformed, as `line`
   * would count them.
   */
  replayFailed(requestLine: Buffer, originLine: Buffer | null, detail: string, now: number): void {
    const decoded = decodeHeader(requestLine);
    if (!decoded.ok || decoded.kind !== 'request') {
      this.#sink.malformed(decoded.ok ? 'bad_header' : decoded.reason);
      return;
    }
    const watched = this.#watch(requestLine, decoded, now);
    if (watched === null) return;
    let origin: GorMessage | null = null;
    if (originLine !== null) {
      const originDecoded = decodeHeader(originLine);
      if (originDecoded.ok) origin = this.#message(originLine, originDecoded);
      else this.#sink.malformed(originDecoded.reason);
    }
    const { route, method, target } = watched.context;
    const input = { id: decoded.id, route, method, target, request: watched.message, origin, replay: null, replayIndex: 0 };
    this.#sink.result(describeIncomplete(input, 'replay_failed', this.#config, detail));
  }

  #request(line: Buffer, decoded: HeaderDecode, now: number): void {
    const watched = this.#watch(line, decoded, now);
    if (watched !== null) this.#handle(this.#tracker.request(decoded.id, watched.message, watched.context, now));
  }

  /** Decodes a request and decides whether it is compared; null (and counted) when it is not. */
  #watch(line: Buffer, decoded: HeaderDecode, now: number): { message: GorMessage; context: RequestContext } | null {
    const { id } = decoded;
    const requestLine = readRequestLine(line, decoded);
    const rule = requestLine === null ? undefined : this.#routes.match(requestLine.method, requestLine.path, requestLine.target);
    if (requestLine === null || rule === undefined) {
      this.#sink.message('request');
      this.#skip(id, 'unwatched', now);
      return null;
    }
    const message = this.#message(line, decoded);
    if (message === null) {
      this.#tracker.discard(id);
      return null;
    }
    if (this.#config.filters.length > 0 && !this.#passesFilters(message.payload)) {
      this.#skip(id, 'filtered', now);
      return null;
    }
    this.#ignored.delete(id);
    const route = this.#judgeRoutes.get(rule) as JudgeRoute;
    return { message, context: { route, method: requestLine.method, target: requestLine.target } };
  }

  #skip(id: string, kind: 'unwatched' | 'filtered', now: number): void {
    this.#sink.skipped(kind);
    this.#tracker.discard(id);
    this.#ignored.touch(id, now);
  }

  #passesFilters(payload: Buffer): boolean {
    const http = parseHttpMessage(payload, 'request');
    if (!http.ok) return false;
    let json: unknown;
    const readJson = (): unknown => {
      if (json === undefined) {
        const body = decodeBody(http, { maxBytes: this.#config.maxBodyBytes });
        json = body.ok ? parseJsonBody(body.body) : NOT_JSON;
      }
      return json;
    };
    return passesFilters(this.#config.filters, { query: http.query ?? '', headers: http.headers, json: readJson });
  }

  /** Decodes the whole payload; a line whose payload is not hex counts as malformed, not as a message. */
  #message(line: Buffer, decoded: HeaderDecode): GorMessage | null {
    const payload = decodePayload(line, decoded);
    if (payload === null) {
      this.#sink.malformed('bad_hex');
      return null;
    }
    this.#sink.message(decoded.kind);
    return { header: gorHeader(decoded), payload };
  }

  /**
   * A replayed response: when it is byte for byte the original response already held for
   * its ID (the common case), it shares that payload instead of being decoded again.
   */
  #replay(line: Buffer, decoded: HeaderDecode): GorMessage | null {
    const origin = this.#tracker.heldOrigin(decoded.id);
    if (origin === null || !hexEncodes(line, decoded.payloadHexStart, decoded.payloadHexEnd, origin.payload)) {
      return this.#message(line, decoded);
    }
    this.#sink.message('replay');
    return { header: gorHeader(decoded), payload: origin.payload };
  }

  #handle(events: readonly TrackerEvent<RequestContext>[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'complete':
          this.#sink.result(judgeExchange(judgeInput(event.exchange, event.exchange.replayIndex), this.#config));
          break;
        case 'incomplete': {
          const [reason = 'missing_replay', ...others] = event.missing;
          const detail = others.length === 0 ? undefined : `also ${others.join(', ')}`;
          this.#sink.result(describeIncomplete(judgeInput(event.exchange, 0), reason, this.#config, detail));
          break;
        }
        case 'evicted':
          this.#sink.skipped('evicted');
          break;
        case 'orphaned':
          this.#sink.skipped('orphaned');
          break;
      }
    }
  }
}

/** Decodes just enough of a request's payload to read its request line. */
function readRequestLine(line: Buffer, decoded: HeaderDecode): RequestLine | null {
  // The request line is copied out as strings, so the peek can reuse one scratch buffer.
  const head = peekPayload(line, decoded, REQUEST_LINE_PEEK_BYTES, requestLineScratch);
  if (head === null) return null;
  if (head.indexOf(0x0a) !== -1 || head.length < REQUEST_LINE_PEEK_BYTES) return parseRequestLine(head);
  const longer = peekPayload(line, decoded, MAX_REQUEST_LINE_BYTES);
  return longer === null ? null : parseRequestLine(longer);
}

function judgeInput(exchange: PendingExchange<RequestContext>, replayIndex: number): JudgeInput {
  return {
    id: exchange.id,
    route: exchange.context.route,
    method: exchange.context.method,
    target: exchange.context.target,
    request: exchange.request,
    origin: exchange.origin,
    replay: exchange.replay,
    replayIndex,
  };
}
