import type { ExchangeResult } from '../compare/exchange-result.js';
import { nanosBetween } from '../protocol/text-header.js';
import { diffJson } from '../compare/json-diff.js';
import type { JsonDifference } from '../compare/json-difference.js';
import { NOT_JSON, parseJsonBody } from '../compare/json-body.js';
import type { RouteRule } from '../compare/route-matcher.js';
import { bothHaveShape } from '../compare/value-shapes.js';
import { sketchAdd, valueHash } from './distinct-sketch.js';
import { collapsedPath } from './fingerprint.js';
import { tracksClock } from './instants.js';
import { collapsedPathsOf } from './json-paths.js';
import { MAX_NOISE_PATHS, MAX_NOISE_ROUTES, newNoiseState, newPathState, newRouteState, stateToJson, VOLATILE_SHAPES } from './noise-state.js';
import type { NoiseEvidenceJson, NoiseState, PathState, RouteDefinition, RouteState } from './noise-state.js';
import { isIdempotent, ProductionOriginals } from './production-originals.js';
import { suggestionsOf } from './noise-evidence.js';
import type { Suggestions } from './report-format.js';

/** Slack added to the latencies when checking that a value follows the clock. */
const CLOCK_SLACK_MS = 50;
/** Differences listed per production pair. */
const PRODUCTION_MAX_DIFFS = 100;
/** Bodies that are not JSON paths: their differences cannot become `ignore` rules. */
const NOT_JSON_PATHS = new Set(['text_mismatch', 'form_mismatch']);

const NO_PATHS: ReadonlySet<string> = new Set();
const SHAPES_BESIDES_TIMESTAMP = VOLATILE_SHAPES.filter((shape) => shape !== 'timestamp');

interface PathDiffs {
  other: boolean;
  readonly changed: JsonDifference[];
}

/**
 * Feeds the noise evidence from judged exchanges. Pure and bounded: counters per route and
 * collapsed path (noise-state.ts caps them) and one original of each repeated idempotent
 * request (production-originals.ts caps them). Never throws: an exchange it cannot read is left out.
 */
export class NoiseCollector {
  readonly #state: NoiseState = newNoiseState();
  readonly #definitions: ReadonlyMap<string, RouteDefinition>;
  readonly #originals = new ProductionOriginals((body) => {
    const parsed = parseJsonBody(body);
    return parsed === NOT_JSON ? [] : collapsedPathsOf(parsed);
  });

  /** `routes`: the configured routes, written back in the config fragment of the suggestions. */
  constructor(routes: readonly RouteRule[] = []) {
    const definitions = new Map<string, RouteDefinition>();
    for (const route of routes) {
      if (definitions.has(route.name)) continue;
      // A plugin comparator's route is written back by the plugin's name, as the config file names it.
      const base = { path: route.path, comparator: route.plugin?.name ?? route.comparator, ignore: [...route.ignore] };
      definitions.set(route.name, route.method === undefined ? base : { method: route.method, ...base });
    }
    this.#definitions = definitions;
  }

  /** The requests and originals held, for tests of the memory bound. */
  get originalsHeld(): { readonly seen: number; readonly keys: number; readonly bytes: number } {
    return this.#originals.size;
  }

  observe(result: ExchangeResult): void {
    try {
      this.#observe(result);
    } catch {
      // Evidence is advisory: an exchange that cannot be read is left out rather than disturbing the run.
    }
  }

  /** The evidence as the report holds it. */
  evidence(): NoiseEvidenceJson {
    return stateToJson(this.#state);
  }

  /** What the evidence so far suggests: the report's `suggestions`. */
  suggestions(): Suggestions {
    return suggestionsOf(this.#state);
  }

  #observe(result: ExchangeResult): void {
    const route = this.#route(result.route);
    if (route === null) return;
    let differing: ReadonlySet<string> = NO_PATHS;
    if (result.verdict !== 'incomplete') {
      route.judged += 1;
      if (result.diffs.length > 0 && !NOT_JSON_PATHS.has(result.reason)) differing = this.#differences(route, result);
    }
    if (result.replayIndex === 0) this.#production(route, result, differing);
  }

  #route(name: string): RouteState | null {
    let route = this.#state.routes.get(name);
    if (route !== undefined) return route;
    if (this.#state.routes.size >= MAX_NOISE_ROUTES) {
      this.#state.overflow += 1;
      return null;
    }
    route = newRouteState(this.#definitions.get(name) ?? null);
    this.#state.routes.set(name, route);
    return route;
  }

  #path(route: RouteState, path: string): PathState | null {
    let state = route.paths.get(path);
    if (state !== undefined) return state;
    if (route.paths.size >= MAX_NOISE_PATHS) {
      route.overflow += 1;
      return null;
    }
    state = newPathState();
    route.paths.set(path, state);
    return state;
  }

  /** Counts the exchange's differences; returns the collapsed paths that differed. */
  #differences(route: RouteState, result: ExchangeResult): ReadonlySet<string> {
    const byPath = new Map<string, PathDiffs>();
    for (const diff of result.diffs) {
      // Response headers are listed under `headers.`; an `ignore` rule does not reach them.
      if (diff.path[0] === 'headers') continue;
      const path = collapsedPath(diff.path);
      let entry = byPath.get(path);
      if (entry === undefined) byPath.set(path, (entry = { other: false, changed: [] }));
      if (diff.kind === 'changed') entry.changed.push(diff);
      else entry.other = true;
    }
    const gapMs = replayGapMs(result);
    const slackMs = Math.max(result.latencyMs.origin ?? 0, result.latencyMs.replay ?? 0, 0) + CLOCK_SLACK_MS;
    for (const [path, entry] of byPath) {
      const state = this.#path(route, path);
      if (state === null) continue;
      state.count += 1;
      if (entry.other) state.other += 1;
      if (entry.changed.length === 0) continue;
      state.changed += 1;
      // Where gor's timestamps give the replay's delay, instants are judged by the clock alone: a date that moved by anything
      // else is a changed date, which the timestamp shape would hide.
      const shapes = gapMs === null ? VOLATILE_SHAPES : SHAPES_BESIDES_TIMESTAMP;
      const shape = shapes.find((s) => entry.changed.every((diff) => bothHaveShape(diff.origin, diff.replay, [s])));
      if (shape !== undefined) state.shapes[shape] = (state.shapes[shape] ?? 0) + 1;
      if (gapMs !== null && entry.changed.every((diff) => tracksClock(diff.origin, diff.replay, gapMs, slackMs))) state.clock += 1;
      for (const diff of entry.changed) {
        state.values += 1;
        const hash = valueHash(diff.origin);
        if (hash !== null) sketchAdd(state.distinct, hash);
      }
    }
    return new Set(byPath.keys());
  }

  /** `differing`: the paths where the replay differed in this exchange, so that production and replay are counted on the same pairs. */
  #production(route: RouteState, result: ExchangeResult, differing: ReadonlySet<string>): void {
    // The method first: reading the origin's body or the request decodes them, which most traffic (POST) never needs.
    if (!isIdempotent(result.method) || result.status.origin === null || result.originBody === null) return;
    const earlier = this.#originals.compare(result.method, result.path, result.request.body, result.status.origin, result.originBody);
    // A kept original that is not JSON has no paths: no pair to count.
    if (earlier === null || earlier.paths.length === 0) return;
    if (earlier.kind === 'different') {
      const later = parseJsonBody(result.originBody);
      if (later === NOT_JSON) return;
      const seen = new Set<string>();
      for (const diff of diffJson(parseJsonBody(earlier.first), later, { maxDiffs: PRODUCTION_MAX_DIFFS }).diffs) {
        const path = collapsedPath(diff.path);
        if (diff.path[0] === 'headers' || seen.has(path)) continue;
        seen.add(path);
        const state = this.#path(route, path);
        if (state !== null) state.production += 1;
      }
    }
    route.productionPairs += 1;
    // Each path's own count of pairs: a route may mix endpoints, and pairs of one say nothing of another's fields.
    for (const path of earlier.paths) {
      const state = route.paths.get(path);
      if (state === undefined) continue;
      state.productionSeen += 1;
      if (differing.has(path)) state.pairedReplay += 1;
    }
  }
}

/** Time from the original request to the replay, from gor's type-1 and type-3 timestamps (ns), in ms. */
function replayGapMs(result: ExchangeResult): number | null {
  const { request, replay } = result.messages;
  if (request === null || replay === null) return null;
  return nanosBetween(request.header, replay.header) / 1e6;
}
