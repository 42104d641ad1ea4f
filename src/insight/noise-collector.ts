import type { ExchangeResult } from '../compare/exchange-result.js';
import { nanosBetween } from '../protocol/text-header.js';
import { diffJson } from '../compare/json-diff.js';
import type { JsonDifference } from '../compare/json-difference.js';
import { NOT_JSON, parseJsonBody } from '../compare/json-body.js';
import type { RouteRule } from '../compare/route-matcher.js';
import { hasShape } from '../compare/value-shapes.js';
import { sketchAdd, valueHash } from './distinct-sketch.js';
import { collapsedPath, collapsedPaths } from './fingerprint.js';
import { tracksClock } from './instants.js';
import { collapsedPathsOf } from './json-paths.js';
import { MAX_NOISE_PATHS, MAX_NOISE_ROUTES, newNoiseState, newPathState, newRouteState, stateToJson, VOLATILE_SHAPES } from './noise-state.js';
import type { NoiseEvidenceJson, NoiseState, PathState, RouteDefinition, RouteState, VolatileShape } from './noise-state.js';
import { isIdempotent, ProductionOriginals } from './production-originals.js';
import { suggestionsOf } from './noise-evidence.js';
import type { Suggestions } from './report-format.js';

/** Slack added to the latencies when checking that a value follows the clock. */
const CLOCK_SLACK_MS = 50;
/** Differences listed per production pair. */
const PRODUCTION_MAX_DIFFS = 100;
/** Bodies that are not JSON paths: their differences cannot become `ignore` rules. */
const NOT_JSON_PATHS = new Set(['text_mismatch', 'form_mismatch']);

const NO_PATHS: readonly string[] = Object.freeze([]);
const NO_DIFFS: readonly JsonDifference[] = Object.freeze([]);
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

  /** Counts one judged exchange; `paths`: `collapsedPaths(result.diffs)` when the caller has them already. */
  observe(result: ExchangeResult, paths?: readonly string[]): void {
    try {
      this.#observe(result, paths);
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

  #observe(result: ExchangeResult, paths: readonly string[] | undefined): void {
    const route = this.#route(result.route);
    if (route === null) return;
    let differing: readonly string[] = NO_PATHS;
    if (result.verdict !== 'incomplete') {
      route.judged += 1;
      if (result.diffs.length > 0 && !NOT_JSON_PATHS.has(result.reason)) {
        differing = paths ?? collapsedPaths(result.diffs);
        this.#differences(route, result, differing);
      }
    }
    if (result.replayIndex === 0) this.#production(route, result, result.diffs, differing);
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

  /** Counts the exchange's differences, `paths` their collapsed paths: each path once, with the changes listed there. */
  #differences(route: RouteState, result: ExchangeResult, paths: readonly string[]): void {
    const { diffs } = result;
    const gapMs = replayGapMs(result);
    const slackMs = Math.max(result.latencyMs.origin ?? 0, result.latencyMs.replay ?? 0, 0) + CLOCK_SLACK_MS;
    // Most exchanges differ at one place: no grouping to do.
    if (diffs.length === 1) {
      const diff = diffs[0]!;
      if (diff.path[0] !== 'headers') this.#pathDiffs(route, paths[0]!, diff.kind !== 'changed', diff.kind === 'changed' ? [diff] : NO_DIFFS, gapMs, slackMs);
      return;
    }
    const byPath = new Map<string, PathDiffs>();
    for (let i = 0; i < diffs.length; i += 1) {
      const diff = diffs[i]!;
      // Response headers are listed under `headers.`; an `ignore` rule does not reach them.
      if (diff.path[0] === 'headers') continue;
      const path = paths[i]!;
      let entry = byPath.get(path);
      if (entry === undefined) byPath.set(path, (entry = { other: false, changed: [] }));
      if (diff.kind === 'changed') entry.changed.push(diff);
      else entry.other = true;
    }
    for (const [path, entry] of byPath) this.#pathDiffs(route, path, entry.other, entry.changed, gapMs, slackMs);
  }

  /** Counts one path of one exchange: `other` when a difference there was not a change, `changed` the changes there. */
  #pathDiffs(route: RouteState, path: string, other: boolean, changed: readonly JsonDifference[], gapMs: number | null, slackMs: number): void {
    const state = this.#path(route, path);
    if (state === null) return;
    state.count += 1;
    if (other) state.other += 1;
    if (changed.length === 0) return;
    state.changed += 1;
    // Where gor's timestamps give the replay's delay, instants are judged by the clock alone: a date that moved by anything
    // else is a changed date, which the timestamp shape would hide.
    const shape = sharedShape(changed, gapMs === null ? VOLATILE_SHAPES : SHAPES_BESIDES_TIMESTAMP);
    if (shape !== undefined) state.shapes[shape] = (state.shapes[shape] ?? 0) + 1;
    if (gapMs !== null && changed.every((diff) => tracksClock(diff.origin, diff.replay, gapMs, slackMs))) state.clock += 1;
    for (const diff of changed) {
      state.values += 1;
      const hash = valueHash(diff.origin);
      if (hash !== null) sketchAdd(state.distinct, hash);
    }
  }

  /**
   * `differing`: the collapsed paths of `diffs` when they were counted (none otherwise), so that production and replay are counted
   * on the same pairs: the paths where the replay differed in this exchange, but for response headers.
   */
  #production(route: RouteState, result: ExchangeResult, diffs: readonly JsonDifference[], differing: readonly string[]): void {
    // The method first: reading the request or the original's body may decode it (a byte-identical exchange's is decoded only
    // when asked for), which most traffic (POST) never needs.
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
    const replayDiffered = new Set<string>();
    for (let i = 0; i < differing.length; i += 1) if (diffs[i]!.path[0] !== 'headers') replayDiffered.add(differing[i]!);
    // Each path's own count of pairs: a route may mix endpoints, and pairs of one say nothing of another's fields.
    for (const path of earlier.paths) {
      const state = route.paths.get(path);
      if (state === undefined) continue;
      state.productionSeen += 1;
      if (replayDiffered.has(path)) state.pairedReplay += 1;
    }
  }
}

/** The first of `shapes` that both sides of every change have, if any. */
function sharedShape(changed: readonly JsonDifference[], shapes: readonly VolatileShape[]): VolatileShape | undefined {
  for (const shape of shapes) {
    let all = true;
    for (const diff of changed) {
      if (!hasShape(diff.origin, shape) || !hasShape(diff.replay, shape)) {
        all = false;
        break;
      }
    }
    if (all) return shape;
  }
  return undefined;
}

/** Time from the original request to the replay, from gor's type-1 and type-3 timestamps (ns), in ms. */
function replayGapMs(result: ExchangeResult): number | null {
  const { request, replay } = result.messages;
  if (request === null || replay === null) return null;
  return nanosBetween(request.header, replay.header) / 1e6;
}
