import { compileHeaderRules } from '../compare/header-diff.js';
import { compileIgnorePaths, type IgnoreMatcher } from '../compare/ignore-paths.js';
import { describeIncomplete, judgeExchange } from '../compare/judge.js';
import type { JudgeInput, JudgeRoute } from '../compare/judge.js';
import { unavailablePlugin } from '../compare/plugin-exchange.js';
import type { RoutePlugin } from '../compare/plugin-exchange.js';
import { requestPassesFilters } from '../compare/request-filtering.js';
import { compileRoutes } from '../compare/route-matcher.js';
import type { RouteMatcher, RouteRule } from '../compare/route-matcher.js';
import type { Shape } from '../compare/value-shapes.js';
import { compileTolerances } from '../compare/value-rules.js';
import { compileArrayKeys } from '../compare/keyed-arrays.js';
import type { ValueRules } from '../compare/value-rules.js';
import type { Config } from '../config/config.js';
import { ExchangeTracker } from '../correlation/exchange-tracker.js';
import type { PendingExchange, TrackerEvent } from '../correlation/exchange-tracker.js';
import { ExpiryMap } from '../correlation/expiry-map.js';
import { decodeHeader } from '../protocol/decode-line.js';
import type { GorMessage } from '../protocol/gor-message.js';
import type { Analyser, AnalysisSink } from './analyser.js';
import { DecodedMessage, HexLineMessage } from './incoming-message.js';
import type { IncomingMessage } from './incoming-message.js';

/** What the tracker keeps beside each watched request. */
interface RequestContext {
  readonly route: JudgeRoute;
  readonly method: string;
  readonly target: string;
}

/** Why a route's plugin comparator can be missing: only the analysis thread loads modules (see modes/middleware.ts). */
const NOT_LOADED = 'comparator modules run on the analysis thread only, and it could not start';

/** How many completed exchanges stay available for extra replays of their ID. */
const MAX_COMPLETED = 2000;

/**
 * The judging analyser: takes each message (a hex line already echoed, or a decoded
 * capture record), decodes as little of it as it can, watches requests of configured
 * routes that pass the filters, pairs their responses by ID and judges each exchange once
 * complete. No I/O and no clock: callers pass `now` in ms. Input may be views into stream
 * chunks; the engine copies what it keeps.
 */
export class Engine implements Analyser {
  readonly #config: Config;
  readonly #sink: AnalysisSink;
  readonly #routes: RouteMatcher<RouteRule>;
  readonly #judgeRoutes = new Map<RouteRule, JudgeRoute>();
  readonly #tracker: ExchangeTracker<RequestContext>;
  /** IDs of requests we chose not to watch, so their responses are skipped without decoding. */
  readonly #ignored: ExpiryMap<string, number>;
  /** The reader of each message, reset for every one (see IncomingMessage). */
  readonly #hexLine = new HexLineMessage();
  readonly #decoded = new DecodedMessage();

  readonly #judge: typeof judgeExchange;

  /**
   * `plugins`: the plugin comparators routes may name, bound to their limits; a route naming
   * one not given gets comparator_error. `judge` is the judging function: the lean path with the
   * full engine behind it, or (for the differential tests) the full engine alone.
   */
  constructor(config: Config, sink: AnalysisSink, plugins: ReadonlyMap<string, RoutePlugin> = new Map(), judge: typeof judgeExchange = judgeExchange) {
    this.#config = config;
    this.#judge = judge;
    this.#sink = sink;
    this.#routes = compileRoutes(config.routes);
    for (const rule of config.routes) {
      const patterns = [...config.ignore, ...rule.ignore];
      this.#judgeRoutes.set(rule, {
        name: rule.name,
        comparator: rule.comparator,
        ignore: patterns.length === 0 ? undefined : compileIgnorePaths(patterns),
        unordered: unorderedPaths(config.unordered, rule.unordered),
        arrayKeys: compileArrayKeys([...(rule.arrayKeys ?? []), ...config.arrayKeys]),
        ignoreShapes: ignoredShapes(config.ignoreShapes, rule.ignoreShapes),
        values: valueRules(config, rule),
        headers: compileHeaderRules([
          { headers: config.headers, ignoreHeaders: config.ignoreHeaders },
          { headers: rule.headers ?? [], ignoreHeaders: rule.ignoreHeaders ?? [] },
        ]),
        plugin: rule.plugin === undefined ? undefined : (plugins.get(rule.plugin.name) ?? unavailablePlugin(rule.plugin.name, NOT_LOADED)),
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

  /** Bytes held by pending exchanges, as `--max-pending-size` counts them. */
  get pendingBytes(): number {
    return this.#tracker.pendingBytes;
  }

  /** Analyses one middleware hex line (without its LF). */
  line(line: Buffer, now: number): void {
    const decoded = decodeHeader(line);
    if (!decoded.ok) {
      this.#sink.malformed(decoded.reason);
      return;
    }
    this.#analyse(this.#hexLine.reset(line, decoded), now);
  }

  /** Analyses one message decoded from a capture file; its payload is copied if kept. */
  message(message: GorMessage, now: number): void {
    // As a hex line with nothing after its header would be (gor drops such messages too).
    if (message.payload.length === 0) {
      this.#sink.malformed('no_payload');
      return;
    }
    this.#analyse(this.#decoded.reset(message), now);
  }

  /** A request shed under overload: counted, and its responses skipped like an unwatched request's. */
  shed(id: string, now: number): void {
    this.#skip(id, 'shed', now);
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
   * dropped connection). A watched request is judged at once as incomplete
   * (`replay_failed`, with `detail`), with the origin when one is given, without touching
   * pending exchanges. An unwatched or filtered request is counted as skipped, as `message`
   * would count it.
   */
  replayFailed(request: GorMessage, origin: GorMessage | null, detail: string, now: number): void {
    if (request.header.kind !== 'request' || request.payload.length === 0) {
      this.#sink.malformed(request.header.kind === 'request' ? 'no_payload' : 'bad_header');
      return;
    }
    const watched = this.#watch(this.#decoded.reset(request), now);
    if (watched === null) return;
    if (origin !== null) this.#sink.message('response');
    const { route, method, target } = watched.context;
    const input = { id: request.header.id, route, method, target, request: watched.message, origin, replay: null, replayIndex: 0 };
    this.#sink.result(describeIncomplete(input, 'replay_failed', this.#config, detail));
  }

  /** One message of either form: a request is watched or skipped, a response paired by ID. */
  #analyse(incoming: IncomingMessage, now: number): void {
    const { kind, id } = incoming;
    if (kind === 'request') {
      const watched = this.#watch(incoming, now);
      if (watched !== null) this.#handle(this.#tracker.request(id, watched.message, watched.context, now));
      return;
    }
    if (this.#ignored.has(id)) {
      this.#sink.message(kind);
      return;
    }
    const message = kind === 'replay' ? this.#replay(incoming) : this.#message(incoming);
    if (message === null) return;
    this.#handle(kind === 'response' ? this.#tracker.response(id, message, now) : this.#tracker.replay(id, message, now));
  }

  /** Reads a request and decides whether it is compared; null (and counted) when it is not. */
  #watch(incoming: IncomingMessage, now: number): { message: GorMessage; context: RequestContext } | null {
    const { id } = incoming;
    const requestLine = incoming.requestLine();
    const rule = requestLine === null ? undefined : this.#routes.match(requestLine.method, requestLine.path, requestLine.target);
    if (requestLine === null || rule === undefined) {
      this.#sink.message('request');
      this.#skip(id, 'unwatched', now);
      return null;
    }
    const message = this.#message(incoming);
    if (message === null) {
      this.#tracker.discard(id);
      return null;
    }
    if (this.#config.filters.length > 0 && !requestPassesFilters(this.#config.filters, message.payload, requestLine.query, this.#config.maxBodyBytes)) {
      this.#skip(id, 'filtered', now);
      return null;
    }
    this.#ignored.delete(id);
    const route = this.#judgeRoutes.get(rule) as JudgeRoute;
    return { message, context: { route, method: requestLine.method, target: requestLine.target } };
  }

  #skip(id: string, kind: 'unwatched' | 'filtered' | 'shed', now: number): void {
    this.#sink.skipped(kind);
    this.#tracker.discard(id);
    this.#ignored.touch(id, now);
  }

  /**
   * The whole message; one whose payload is not hex counts as malformed, not as a message.
   * `shortLived`: it is judged at once and never held (see IncomingMessage.message).
   */
  #message(incoming: IncomingMessage, shortLived = false): GorMessage | null {
    const message = incoming.message(shortLived);
    if (message === null) {
      this.#sink.malformed('bad_hex');
      return null;
    }
    this.#sink.message(incoming.kind);
    return message;
  }

  /**
   * A replayed response: when it is byte for byte the original response already held for
   * its ID (the common case), it shares that payload instead of being decoded again.
   */
  #replay(incoming: IncomingMessage): GorMessage | null {
    const origin = this.#tracker.heldOrigin(incoming.id);
    if (origin === null) return this.#message(incoming);
    if (!incoming.encodes(origin.payload)) return this.#message(incoming, this.#tracker.replayCompletes(incoming.id));
    this.#sink.message('replay');
    return { header: incoming.header(), payload: origin.payload };
  }

  #handle(events: readonly TrackerEvent<RequestContext>[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'complete':
          this.#sink.result(this.#judge(judgeInput(event.exchange, event.exchange.replayIndex), this.#config));
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

/** The global and a route's multiset array paths compiled together; undefined when there are none. */
function unorderedPaths(global: readonly string[], route: readonly string[] | undefined): IgnoreMatcher | undefined {
  const patterns = [...global, ...(route ?? [])];
  return patterns.length === 0 ? undefined : compileIgnorePaths(patterns);
}

/** The global and a route's ignored value shapes, without repeats; undefined when there are none. */
function ignoredShapes(global: readonly Shape[], route: readonly Shape[] | undefined): readonly Shape[] | undefined {
  const shapes = [...new Set([...global, ...(route ?? [])])];
  return shapes.length === 0 ? undefined : shapes;
}

/** A route's value rules over the global ones (its own tolerances first); undefined when none is on, so the walk pays nothing. */
function valueRules(config: Config, rule: RouteRule): ValueRules | undefined {
  const tolerances = compileTolerances([...(rule.tolerance ?? []), ...config.tolerance]);
  const nullEqualsMissing = rule.nullEqualsMissing ?? config.nullEqualsMissing;
  const looseTypes = rule.looseTypes ?? config.looseTypes;
  if (tolerances === undefined && !nullEqualsMissing && !looseTypes) return undefined;
  return { ...(tolerances === undefined ? {} : { tolerances }), nullEqualsMissing, looseTypes };
}
