import type { JsonDifference, JsonDifferenceKind } from '../compare/json-difference.js';
import type { Verdict } from '../compare/verdict.js';
import { collapsedPaths } from './fingerprint.js';
import type { FieldStat, RouteFields } from './report-format.js';

/** Example exchange IDs kept per field path. */
export const FIELD_EXAMPLES = 5;

/** What the field statistics read of one judged exchange. */
export interface FieldInput {
  readonly id: string;
  readonly route: string;
  readonly verdict: Verdict;
  readonly diffs: readonly JsonDifference[];
}

interface PathCounter {
  count: number;
  readonly kinds: Partial<Record<JsonDifferenceKind, number>>;
  readonly examples: string[];
}

interface RouteCounter {
  judged: number;
  readonly paths: Map<string, PathCounter>;
  overflow: number;
}

const KIND_ORDER: readonly JsonDifferenceKind[] = ['changed', 'added', 'removed', 'type_changed'];
const KIND_BIT: Readonly<Record<JsonDifferenceKind, number>> = { changed: 1, added: 2, removed: 4, type_changed: 8 };

/**
 * Per route and collapsed field path, how many judged exchanges had the path differ, by kind,
 * with the first few exchange IDs. Memory is bounded by routes × `maxPathsPerRoute`: once a
 * route holds that many paths, an exchange's occurrence of a new path only adds to the
 * route's `overflow`, so the paths kept are the first seen, as a merge of reports would keep
 * them. An exchange without listed differences costs one counter.
 */
export class FieldStatistics {
  readonly #maxPaths: number;
  readonly #routes = new Map<string, RouteCounter>();

  constructor(maxPathsPerRoute: number) {
    this.#maxPaths = Math.max(0, maxPathsPerRoute);
  }

  /** Counts one exchange: incomplete ones were not judged and are left out. `paths`: `collapsedPaths(input.diffs)` when the caller has them. */
  add(input: FieldInput, paths?: readonly string[]): void {
    if (input.verdict === 'incomplete') return;
    let route = this.#routes.get(input.route);
    if (route === undefined) {
      route = { judged: 0, paths: new Map(), overflow: 0 };
      this.#routes.set(input.route, route);
    }
    route.judged += 1;
    const { diffs } = input;
    if (diffs.length === 0) return;
    const collapsed = paths ?? collapsedPaths(diffs);
    if (diffs.length === 1) {
      this.#count(route, collapsed[0]!, KIND_BIT[diffs[0]!.kind], input.id);
      return;
    }
    // Each exchange counts once per path, and once per kind of that path: the kinds of a path as bits.
    const seen = new Map<string, number>();
    for (let i = 0; i < diffs.length; i += 1) {
      const path = collapsed[i]!;
      seen.set(path, (seen.get(path) ?? 0) | KIND_BIT[diffs[i]!.kind]);
    }
    for (const [path, kinds] of seen) this.#count(route, path, kinds, input.id);
  }

  #count(route: RouteCounter, path: string, kinds: number, id: string): void {
    let counter = route.paths.get(path);
    if (counter === undefined) {
      if (route.paths.size >= this.#maxPaths) {
        route.overflow += 1;
        return;
      }
      counter = { count: 0, kinds: {}, examples: [] };
      route.paths.set(path, counter);
    }
    counter.count += 1;
    for (const kind of KIND_ORDER) if ((kinds & KIND_BIT[kind]) !== 0) counter.kinds[kind] = (counter.kinds[kind] ?? 0) + 1;
    if (counter.examples.length < FIELD_EXAMPLES) counter.examples.push(id);
  }

  /** How many paths are held over all routes (for tests of the bound). */
  get pathCount(): number {
    let total = 0;
    for (const route of this.#routes.values()) total += route.paths.size;
    return total;
  }

  /** The statistics by route, routes and paths sorted by name; a fresh object each call. */
  snapshot(): Record<string, RouteFields> {
    const out: Record<string, RouteFields> = {};
    for (const name of [...this.#routes.keys()].sort()) {
      const route = this.#routes.get(name)!;
      const paths: Record<string, FieldStat> = {};
      for (const path of [...route.paths.keys()].sort()) {
        const counter = route.paths.get(path)!;
        defineEntry(paths, path, { count: counter.count, kinds: sortedKinds(counter.kinds), examples: [...counter.examples] });
      }
      defineEntry(out, name, { judged: route.judged, paths, overflow: route.overflow });
    }
    return out;
  }
}

function sortedKinds(kinds: Partial<Record<JsonDifferenceKind, number>>): Partial<Record<JsonDifferenceKind, number>> {
  const out: Partial<Record<JsonDifferenceKind, number>> = {};
  for (const kind of KIND_ORDER) if (kinds[kind] !== undefined) out[kind] = kinds[kind];
  return out;
}

/** Sets a key taken from traffic or config: defineProperty, because it may be `__proto__`. */
export function defineEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { enumerable: true, writable: true, configurable: true, value });
}
