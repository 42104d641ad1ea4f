import { sketchFromText, sketchText, sketchUnion } from './distinct-sketch.js';

/*
 * The noise evidence: counters per route and collapsed path, kept by the collector, written in
 * the report under `suggestions.evidence` (NoiseEvidenceJson) and added up when reports merge.
 * Every counter is a count of exchanges or values, so merging is addition (and the union of the
 * distinct-value sketches); the caps below bound memory and the report's size.
 */

/** Routes followed; exchanges of further routes are counted in the evidence's `overflow`. */
export const MAX_NOISE_ROUTES = 100;
/** Paths followed per route; differences at further paths are counted in the route's `overflow`. */
export const MAX_NOISE_PATHS = 100;

/** The value shapes that make a path volatile (the `ip` shape is not: addresses are usually stable). */
export const VOLATILE_SHAPES = ['uuid', 'ulid', 'hex-digest', 'jwt', 'timestamp'] as const;
export type VolatileShape = (typeof VOLATILE_SHAPES)[number];

/** What the config fragment needs of a route to write it back as a config file route. */
export interface RouteDefinition {
  readonly method?: string;
  readonly path: string;
  readonly comparator: string;
  readonly ignore: readonly string[];
}

/** One collapsed path of one route. */
export interface PathState {
  /** Judged exchanges whose listed differences have this path, whatever the kind. */
  count: number;
  /** Of those, exchanges with a `changed` difference there. */
  changed: number;
  /** Exchanges with an `added`, `removed` or `type_changed` difference there: never noise. */
  other: number;
  /** Changed exchanges whose every changed pair had this shape on both sides. */
  shapes: Partial<Record<VolatileShape, number>>;
  /** Changed exchanges whose every changed pair were instants that moved with the replay's delay. */
  clock: number;
  /** Changed original values seen (one per listed changed difference). */
  values: number;
  /** Distinct-value sketch of those original values. */
  distinct: number[];
  /** Production pairs of the route (identical requests, two recorded originals) whose kept original has this path, once it was followed. */
  productionSeen: number;
  /** Production pairs that differed here. */
  production: number;
  /** Of the `productionSeen` pairs, those whose later exchange's replay differed here: the candidate on the same requests. */
  pairedReplay: number;
}

export interface RouteState {
  definition: RouteDefinition | null;
  /** Judged exchanges of the route (every verdict but incomplete). */
  judged: number;
  /** Production pairs compared: the third and later originals of an identical idempotent request, each against the second one. */
  productionPairs: number;
  /** Path occurrences not followed because the route had MAX_NOISE_PATHS paths. */
  overflow: number;
  readonly paths: Map<string, PathState>;
}

export interface NoiseState {
  readonly routes: Map<string, RouteState>;
  /** Exchanges not followed because MAX_NOISE_ROUTES routes were. */
  overflow: number;
}

export const newNoiseState = (): NoiseState => ({ routes: new Map(), overflow: 0 });
export const newRouteState = (definition: RouteDefinition | null): RouteState => ({ definition, judged: 0, productionPairs: 0, overflow: 0, paths: new Map() });
export const newPathState = (): PathState => ({ count: 0, changed: 0, other: 0, shapes: {}, clock: 0, values: 0, distinct: [], productionSeen: 0, production: 0, pairedReplay: 0 });

/** The JSON form of one path: PathState with the sketch as hex text. */
export interface PathEvidenceJson extends Omit<PathState, 'distinct'> {
  readonly distinct: string;
}

/** The JSON form of the evidence, as the report holds it. */
export interface NoiseEvidenceJson {
  readonly version: 1;
  readonly overflow: number;
  readonly routes: Record<string, { definition: RouteDefinition | null; judged: number; productionPairs: number; overflow: number; paths: Record<string, PathEvidenceJson> }>;
}

function own<T>(target: Record<string, T>, key: string, value: T): void {
  // defineProperty, because a route or a path may be named `__proto__`.
  Object.defineProperty(target, key, { enumerable: true, writable: true, configurable: true, value });
}

const sortedKeys = <T>(map: Map<string, T>): string[] => [...map.keys()].sort();

/** The evidence as JSON: routes and paths sorted by name, so that reports diff cleanly. */
export function stateToJson(state: NoiseState): NoiseEvidenceJson {
  const routes: NoiseEvidenceJson['routes'] = {};
  for (const name of sortedKeys(state.routes)) {
    const route = state.routes.get(name)!;
    const paths: Record<string, PathEvidenceJson> = {};
    for (const path of sortedKeys(route.paths)) {
      const p = route.paths.get(path)!;
      own(paths, path, { ...p, shapes: { ...p.shapes }, distinct: sketchText(p.distinct) });
    }
    own(routes, name, { definition: route.definition, judged: route.judged, productionPairs: route.productionPairs, overflow: route.overflow, paths });
  }
  return { version: 1, overflow: state.overflow, routes };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Error(`noise evidence: ${where} must be a count`);
  return value;
}

/** Reads the report's `suggestions.evidence`; null or absent is no evidence. Throws one line naming what is wrong. */
export function stateFromJson(value: unknown): NoiseState {
  const state = newNoiseState();
  if (value === null || value === undefined) return state;
  if (!isRecord(value) || value['version'] !== 1 || !isRecord(value['routes'])) throw new Error('noise evidence: not version 1 evidence (suggestions.evidence)');
  state.overflow = count(value['overflow'], 'overflow');
  for (const [name, raw] of Object.entries(value['routes'])) {
    if (!isRecord(raw) || !isRecord(raw['paths'])) throw new Error(`noise evidence: route ${JSON.stringify(name)} is malformed`);
    const definition = isRecord(raw['definition']) ? (raw['definition'] as unknown as RouteDefinition) : null;
    const route = newRouteState(definition);
    route.judged = count(raw['judged'], `${name}.judged`);
    route.productionPairs = count(raw['productionPairs'], `${name}.productionPairs`);
    route.overflow = count(raw['overflow'], `${name}.overflow`);
    for (const [path, p] of Object.entries(raw['paths'])) {
      if (!isRecord(p) || !isRecord(p['shapes']) || typeof p['distinct'] !== 'string') throw new Error(`noise evidence: path ${JSON.stringify(path)} is malformed`);
      const at = `${name} ${path}`;
      const shapes: PathState['shapes'] = {};
      for (const shape of VOLATILE_SHAPES) if (p['shapes'][shape] !== undefined) shapes[shape] = count(p['shapes'][shape], `${at} shapes`);
      route.paths.set(path, {
        count: count(p['count'], `${at} count`),
        changed: count(p['changed'], `${at} changed`),
        other: count(p['other'], `${at} other`),
        shapes,
        clock: count(p['clock'], `${at} clock`),
        values: count(p['values'], `${at} values`),
        distinct: sketchFromText(p['distinct']),
        productionSeen: count(p['productionSeen'], `${at} productionSeen`),
        production: count(p['production'], `${at} production`),
        pairedReplay: count(p['pairedReplay'], `${at} pairedReplay`),
      });
    }
    state.routes.set(name, route);
  }
  return state;
}

function addPath(into: PathState, from: PathState): void {
  into.count += from.count;
  into.changed += from.changed;
  into.other += from.other;
  for (const shape of VOLATILE_SHAPES) if (from.shapes[shape] !== undefined) into.shapes[shape] = (into.shapes[shape] ?? 0) + from.shapes[shape];
  into.clock += from.clock;
  into.values += from.values;
  into.distinct = sketchUnion(into.distinct, from.distinct);
  into.productionSeen += from.productionSeen;
  into.production += from.production;
  into.pairedReplay += from.pairedReplay;
}

const copyPath = (p: PathState): PathState => ({ ...p, shapes: { ...p.shapes }, distinct: [...p.distinct] });

/**
 * `a` and `b` added up, as if one process had seen both streams (within the caps: beyond them,
 * the first routes and paths of `a`, then of `b`, are kept and the rest counted as overflow).
 */
export function mergeStates(a: NoiseState, b: NoiseState): NoiseState {
  const out = newNoiseState();
  out.overflow = a.overflow + b.overflow;
  for (const source of [a, b]) {
    for (const [name, from] of source.routes) {
      let route = out.routes.get(name);
      if (route === undefined) {
        if (out.routes.size >= MAX_NOISE_ROUTES) {
          out.overflow += from.judged;
          continue;
        }
        route = newRouteState(from.definition);
        out.routes.set(name, route);
      }
      route.definition ??= from.definition;
      route.judged += from.judged;
      route.productionPairs += from.productionPairs;
      route.overflow += from.overflow;
      for (const [path, p] of from.paths) {
        const into = route.paths.get(path);
        if (into !== undefined) addPath(into, p);
        else if (route.paths.size < MAX_NOISE_PATHS) route.paths.set(path, copyPath(p));
        else route.overflow += p.count;
      }
    }
  }
  return out;
}
