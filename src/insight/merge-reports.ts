import { mergeNoiseEvidence, suggestFromEvidence } from './noise-evidence.js';
import type { JsonDifferenceKind } from '../compare/json-difference.js';
import { RISKS } from '../compare/risk.js';
import { REPORT_FORMAT } from './report-format.js';
import type { Cluster, ClusterExample, Clusters, FieldStat, HistogramData, RouteFields, RunHeader, Suggestions } from './report-format.js';
import type { HistogramPair, SavedPercentiles, SavedReport, SavedRoute } from './saved-report.js';

/** The caps a run applies when no option says otherwise: field paths per route, clusters. */
const DEFAULT_MAX_FIELD_PATHS = 500;
const DEFAULT_MAX_CLUSTERS = 1000;
const MAX_EXAMPLES = 5;
const KIND_ORDER: readonly JsonDifferenceKind[] = ['changed', 'added', 'removed', 'type_changed'];
const EMPTY_HISTOGRAM: HistogramData = Object.freeze({ count: 0, min: null, max: null, buckets: [] });

/** What merging needs besides the reports. */
export interface MergeOptions {
  /** The input files as given, in order: the merged run's `sources`. */
  readonly sources: readonly string[];
  /** This program's version. */
  readonly version: string;
  /** The gates the merged report is judged by (`result` null until known). */
  readonly gates: RunHeader['gates'];
  /** Percentiles of a histogram, as a run computes them (LatencyHistogram.fromData(data).percentiles()). */
  readonly percentiles: (data: HistogramData) => SavedPercentiles;
}

/**
 * Merges reports of runs that judged disjoint parts of the traffic (gor hosts of a fleet, a
 * capture split across CI jobs) into the report one run judging all of it would have
 * written, the inputs taken as its traffic in their order: counts add; the time window
 * spans them all and the rates are recomputed over it; latency histograms add bucket by
 * bucket and the percentiles are recomputed from them; field paths and clusters (by ID) add,
 * keeping the first examples, and beyond the caps of the inputs' runs (the largest) what one
 * run would have dropped is counted as overflow. Baseline marks are dropped (the merged
 * report is marked again against a baseline of its own). Noise suggestions are those of the
 * first report until their evidence can be merged. Pure; `reports` holds at least one report.
 */
export function mergeReports(reports: readonly SavedReport[], options: MergeOptions): SavedReport {
  const startedAt = reports.map((report) => report.startedAt).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const updatedAt = reports.map((report) => report.updatedAt).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const elapsedSeconds = Math.max(0, Date.parse(updatedAt) - Date.parse(startedAt)) / 1000;
  const perSecond = (count: number): number => (elapsedSeconds > 0 ? Math.round((count / elapsedSeconds) * 100) / 100 : 0);
  const exchanges = sum(reports.map((report) => report.exchanges));
  const messages = sum(reports.map((report) => report.messages));
  const latency = mergeLatency(reports);
  const routeNames = [...new Set(reports.flatMap((report) => Object.keys(report.routes)))].sort();
  return {
    format: REPORT_FORMAT,
    run: mergeRunHeaders(reports, options),
    startedAt,
    updatedAt,
    elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
    exchanges,
    extraReplays: reports.reduce((total, report) => total + report.extraReplays, 0),
    pending: reports.reduce((total, report) => total + report.pending, 0),
    skipped: sum(reports.map((report) => report.skipped)),
    messages,
    rates: { messagesPerSecond: perSecond(total(messages)), exchangesPerSecond: perSecond(total(exchanges)) },
    latencyMs: { origin: options.percentiles(latency.origin), replay: options.percentiles(latency.replay) },
    routes: byName(routeNames, (name) => mergeRoute(reports, name, latency.routes[name] ?? { origin: EMPTY_HISTOGRAM, replay: EMPTY_HISTOGRAM }, options)),
    reasons: sorted(sum(reports.map((report) => report.reasons))),
    warnings: [...new Set(reports.flatMap((report) => report.warnings))],
    risk: sum(reports.map((report) => report.risk)),
    latency,
    fields: mergeFields(reports, capOf(reports, 'maxFieldPaths', DEFAULT_MAX_FIELD_PATHS)),
    clusters: mergeClusters(reports, capOf(reports, 'maxClusters', DEFAULT_MAX_CLUSTERS)),
    baseline: null,
    suggestions: mergeSuggestions(reports),
  };
}

/** Adds histograms bucket by bucket; the extremes stay exact. */
export function mergeHistograms(histograms: readonly HistogramData[]): HistogramData {
  const buckets = new Map<number, number>();
  let count = 0;
  let min: number | null = null;
  let max: number | null = null;
  for (const histogram of histograms) {
    count += histogram.count;
    for (const [index, n] of histogram.buckets) buckets.set(index, (buckets.get(index) ?? 0) + n);
    if (histogram.min !== null) min = min === null ? histogram.min : Math.min(min, histogram.min);
    if (histogram.max !== null) max = max === null ? histogram.max : Math.max(max, histogram.max);
  }
  return { count, min, max, buckets: [...buckets].sort((a, b) => a[0] - b[0]) };
}

/** The noise suggestions of the merged report, decided again from the reports' evidence added up (none gathered: the first report's). */
function mergeSuggestions(reports: readonly SavedReport[]): Suggestions {
  if (reports.every((report) => report.suggestions.evidence === null || report.suggestions.evidence === undefined)) return reports[0]!.suggestions;
  return suggestFromEvidence(reports.map((report) => report.suggestions.evidence).reduce(mergeNoiseEvidence));
}

function mergeRunHeaders(reports: readonly SavedReport[], options: MergeOptions): RunHeader {
  const targets = new Set(reports.map((report) => report.run.target));
  const routes = new Map<string, RunHeader['routes'][number]>();
  for (const report of reports) for (const route of report.run.routes) if (!routes.has(route.name)) routes.set(route.name, route);
  return {
    mode: 'merged',
    version: options.version,
    sources: [...options.sources],
    target: targets.size === 1 ? reports[0]!.run.target : null,
    routes: [...routes.values()],
    options: reports[0]!.run.options,
    gates: options.gates,
  };
}

function mergeLatency(reports: readonly SavedReport[]): SavedReport['latency'] {
  const pair = (pairs: readonly HistogramPair[]): HistogramPair => ({
    origin: mergeHistograms(pairs.map((p) => p.origin)),
    replay: mergeHistograms(pairs.map((p) => p.replay)),
  });
  const names = [...new Set(reports.flatMap((report) => Object.keys(report.latency.routes)))].sort();
  const routes = byName(names, (name) => pair(reports.flatMap((report) => (Object.hasOwn(report.latency.routes, name) ? [report.latency.routes[name]!] : []))));
  return { ...pair(reports.map((report) => report.latency)), routes };
}

function mergeRoute(reports: readonly SavedReport[], name: string, latency: HistogramPair, options: MergeOptions): SavedRoute {
  const routes = reports.flatMap((report) => (Object.hasOwn(report.routes, name) ? [report.routes[name]!] : []));
  const verdicts = sum(routes.map(({ ok, warn, error, incomplete }) => ({ ok, warn, error, incomplete })));
  return {
    ...verdicts,
    latencyMs: { origin: options.percentiles(latency.origin), replay: options.percentiles(latency.replay) },
    risk: sum(routes.map((route) => route.risk)),
  };
}

/** Field paths per route: counts add; a path first met when its route already holds `cap` paths is overflow. */
function mergeFields(reports: readonly SavedReport[], cap: number): SavedReport['fields'] {
  const merged = new Map<string, { judged: number; overflow: number; paths: Map<string, FieldStat> }>();
  for (const report of reports) {
    for (const [name, route] of Object.entries(report.fields)) {
      let into = merged.get(name);
      if (into === undefined) {
        into = { judged: 0, overflow: 0, paths: new Map() };
        merged.set(name, into);
      }
      into.judged += route.judged;
      into.overflow += route.overflow;
      for (const [path, stat] of Object.entries(route.paths)) {
        const known = into.paths.get(path);
        if (known !== undefined) into.paths.set(path, addFieldStats(known, stat));
        else if (into.paths.size < cap) into.paths.set(path, addFieldStats({ count: 0, kinds: {}, examples: [] }, stat));
        else into.overflow += stat.count;
      }
    }
  }
  return byName([...merged.keys()].sort(), (name): RouteFields => {
    const route = merged.get(name)!;
    return { judged: route.judged, paths: byName([...route.paths.keys()].sort(), (path) => route.paths.get(path)!), overflow: route.overflow };
  });
}

function addFieldStats(a: FieldStat, b: FieldStat): FieldStat {
  const kinds: Partial<Record<JsonDifferenceKind, number>> = {};
  for (const kind of KIND_ORDER) {
    const n = (a.kinds[kind] ?? 0) + (b.kinds[kind] ?? 0);
    if (n > 0) kinds[kind] = n;
  }
  return { count: a.count + b.count, kinds, examples: [...a.examples, ...b.examples].slice(0, MAX_EXAMPLES) };
}

/**
 * Clusters by ID: counts add, first and last seen widen, the risk is the highest, the first
 * examples (by time judged) are kept. A cluster first met when `cap` are held is overflow,
 * the earliest first seen taking the room left, as one run would have given it.
 */
function mergeClusters(reports: readonly SavedReport[], cap: number): Clusters {
  const merged = new Map<string, Cluster>();
  let overflow = 0;
  for (const report of reports) {
    overflow += report.clusters.overflow;
    const items = [...report.clusters.items].sort((a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen) || compareText(a.id, b.id));
    for (const cluster of items) {
      const known = merged.get(cluster.id);
      if (known !== undefined) merged.set(cluster.id, addClusters(known, cluster));
      else if (merged.size < cap) merged.set(cluster.id, withoutMark(cluster));
      else overflow += cluster.count;
    }
  }
  return { items: [...merged.values()].sort((a, b) => b.count - a.count || compareText(a.id, b.id)), overflow };
}

function addClusters(a: Cluster, b: Cluster): Cluster {
  const examples: ClusterExample[] = [...a.examples, ...b.examples];
  // A stable sort: examples judged at the same time keep the order of the inputs.
  examples.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  return {
    ...a,
    risk: RISKS.indexOf(b.risk) < RISKS.indexOf(a.risk) ? b.risk : a.risk,
    count: a.count + b.count,
    firstSeen: Date.parse(b.firstSeen) < Date.parse(a.firstSeen) ? b.firstSeen : a.firstSeen,
    lastSeen: Date.parse(b.lastSeen) > Date.parse(a.lastSeen) ? b.lastSeen : a.lastSeen,
    examples: examples.slice(0, MAX_EXAMPLES),
  };
}

function withoutMark(cluster: Cluster): Cluster {
  const { baseline: _mark, ...rest } = cluster;
  return rest;
}

/** The largest cap any input's run applied (its non-default option), else the default. */
function capOf(reports: readonly SavedReport[], option: string, fallback: number): number {
  const caps = reports.map((report) => report.run.options[option]).filter((value): value is number => typeof value === 'number');
  return caps.length === 0 ? fallback : Math.max(...caps);
}

/** Adds records of counts key by key; the keys are those of any of them, in order of first appearance. */
function sum<K extends string>(records: ReadonlyArray<Readonly<Partial<Record<K, number>>>>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const record of records) {
    for (const [key, value] of Object.entries(record) as Array<[K, number]>) {
      // defineProperty, because a key read from a file may be `__proto__`.
      Object.defineProperty(out, key, { enumerable: true, writable: true, configurable: true, value: (Object.hasOwn(out, key) ? out[key] : 0) + value });
    }
  }
  return out;
}

function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function sorted<K extends string>(record: Record<K, number>): Record<K, number> {
  const names = Object.keys(record).sort(compareText);
  return byName(names, (name) => record[name as K]) as Record<K, number>;
}

/** A record of `names` in that order; defineProperty, because a route or path may be named `__proto__`. */
function byName<T>(names: readonly string[], value: (name: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name of names) Object.defineProperty(out, name, { enumerable: true, writable: true, configurable: true, value: value(name) });
  return out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
