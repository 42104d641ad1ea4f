import { sketchCount } from './distinct-sketch.js';
import { mergeStates, stateFromJson, stateToJson, VOLATILE_SHAPES } from './noise-state.js';
import type { NoiseEvidenceJson, NoiseState, PathState, RouteState } from './noise-state.js';
import type { RouteFields, Suggestion, Suggestions } from './report-format.js';

export type { NoiseEvidenceJson, PathEvidenceJson, RouteDefinition } from './noise-state.js';

/**
 * When a path is suggested as an `ignore` rule. A suggestion needs evidence that the path is
 * volatile, never only that it differs often; a path where a field was ever added, removed or
 * changed type is never suggested, whatever the evidence.
 */
export const NOISE_THRESHOLDS = Object.freeze({
  /** Share of a path's changes that must carry the evidence (shape, clock). */
  consistency: 0.95,
  /** shape: changes with the shape, at least; and the path differs in more than this share of the route's exchanges. */
  shapeMinimum: 5,
  shapeRate: 0.5,
  /** clock: changes that followed the clock, at least. */
  clockMinimum: 5,
  /** production noise: pairs whose kept original has the path, and pairs differing there, at least. */
  productionPairs: 5,
  productionDiffering: 2,
  /** Diffy's rule: a difference is real when the candidate's rate exceeds production's by this share of their sum and by this absolute rate. */
  relativeGap: 0.2,
  absoluteGap: 0.0003,
  /** cardinality: observations, distinct original values per observation, and difference rate, at least. */
  cardinalityObservations: 20,
  cardinalityDistinct: 0.4,
  cardinalityRate: 0.9,
});

/** The evidence of two reports (their `suggestions.evidence`) added up; throws one line on evidence that is not this format. */
export function mergeNoiseEvidence(a: unknown, b: unknown): NoiseEvidenceJson {
  return stateToJson(mergeStates(stateFromJson(a), stateFromJson(b)));
}

/**
 * The suggestions that `evidence` supports: the report's `suggestions` (items, config fragment,
 * and the evidence itself). `fields`, the report's field statistics, is not needed: the evidence
 * holds its own counts of the same exchanges (without the field statistics' path cap), so one
 * process and merged reports decide from the same figures. Throws one line on evidence that is
 * not this format.
 */
export function suggestFromEvidence(evidence: unknown, _fields?: Readonly<Record<string, RouteFields>>): Suggestions {
  return suggestionsOf(stateFromJson(evidence));
}

/** {@link suggestFromEvidence} on the collector's own state. */
export function suggestionsOf(state: NoiseState): Suggestions {
  const items: Suggestion[] = [];
  const routes: Array<{ name: string; method?: string; path?: string; comparator?: string; ignore: string[] }> = [];
  for (const name of [...state.routes.keys()].sort()) {
    const route = state.routes.get(name)!;
    const found: Suggestion[] = [];
    for (const path of [...route.paths.keys()].sort()) {
      const suggestion = suggestionFor(name, route, path, route.paths.get(path)!);
      if (suggestion !== null) found.push(suggestion);
    }
    if (found.length === 0) continue;
    items.push(...found);
    const ignore = [...(route.definition?.ignore ?? []), ...found.map((s) => s.path)];
    const definition = route.definition;
    // A route the evidence has no definition of (none was configured) can only be named: its path is for the reader to add.
    if (definition === null) routes.push({ name, ignore });
    else routes.push({ name, ...(definition.method === undefined ? {} : { method: definition.method }), path: definition.path, comparator: definition.comparator, ignore });
  }
  return { items, config: { routes }, evidence: stateToJson(state) };
}

const round = (n: number, places: number): number => Math.round(n * 10 ** places) / 10 ** places;
const percent = (n: number): string => `${round(n * 100, 1)}%`;
/** How far `n` observations back a conclusion: 0.5 at `half`, towards 1 beyond. */
const support = (n: number, half: number): number => n / (n + half);

/** True when the candidate's difference rate is not explained by production's (Diffy's rule). */
export function isRealDifference(candidateRate: number, productionRate: number): boolean {
  const gap = candidateRate - productionRate;
  return gap > 0 && gap / (candidateRate + productionRate) > NOISE_THRESHOLDS.relativeGap && gap > NOISE_THRESHOLDS.absoluteGap;
}

function suggestionFor(route: string, state: RouteState, path: string, p: PathState): Suggestion | null {
  if (path === '$' || p.changed === 0 || p.other > 0 || state.judged === 0) return null;
  const t = NOISE_THRESHOLDS;
  const rate = p.count / state.judged;
  const make = (evidence: Suggestion['evidence'], confidence: number, detail: string): Suggestion => ({
    route,
    path,
    evidence,
    rate: round(rate, 4),
    confidence: round(Math.min(1, Math.max(0, confidence)), 3),
    detail,
  });
  const differs = `differs in ${percent(rate)} of ${state.judged} judged exchanges`;
  if (p.productionSeen >= t.productionPairs) {
    // Diffy's comparison on one population: the same pairs, production against itself and against the replay.
    const productionRate = Math.min(1, p.production / p.productionSeen);
    const replayRate = Math.min(1, p.pairedReplay / p.productionSeen);
    // Production answering identical requests alike where the candidate differs vetoes every other kind of evidence.
    if (isRealDifference(replayRate, productionRate)) return null;
    if (p.production >= t.productionDiffering && productionRate > 0) {
      const pairs = `${p.production} of ${p.productionSeen} production pairs (${percent(productionRate)}), the replay in ${p.pairedReplay} (${percent(replayRate)})`;
      const confidence = (replayRate === 0 ? 1 : Math.min(1, productionRate / replayRate)) * support(p.production, 5);
      return make('production_noise', confidence, `identical requests got different original responses here in ${pairs}; the replay ${differs}`);
    }
  }
  if (p.clock >= t.clockMinimum && p.clock / p.changed >= t.consistency) {
    const detail = `both values are instants and replay − origin followed the time from the original request to the replay in ${p.clock} of ${p.changed} changes; ${differs}`;
    return make('clock', (p.clock / p.changed) * support(p.clock, 5), detail);
  }
  for (const shape of VOLATILE_SHAPES) {
    const n = p.shapes[shape] ?? 0;
    if (n >= t.shapeMinimum && n / p.changed >= t.consistency && rate > t.shapeRate) {
      return make('shape', (n / p.changed) * rate * support(n, 5), `${shape} on both sides in ${n} of ${p.changed} changes; ${differs}`);
    }
  }
  const distinct = Math.min(sketchCount(p.distinct), p.values);
  const ratio = p.values === 0 ? 0 : distinct / p.values;
  if (p.values >= t.cardinalityObservations && ratio >= t.cardinalityDistinct && rate >= t.cardinalityRate) {
    // High cardinality alone is the weakest evidence: its confidence stays below the others'.
    const detail = `about ${distinct} distinct original values in ${p.values} observations (${percent(ratio)}); ${differs}`;
    return make('cardinality', 0.6 * rate * support(p.values, 20), detail);
  }
  return null;
}
