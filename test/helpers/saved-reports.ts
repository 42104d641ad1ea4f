import type { JsonDifferenceKind } from '../../src/compare/json-difference.js';
import { RISKS } from '../../src/compare/risk.js';
import type { Risk } from '../../src/compare/risk.js';
import type { Reason, Verdict } from '../../src/compare/verdict.js';
import type { Cluster, FieldStat, RouteFields } from '../../src/insight/report-format.js';
import type { HistogramPair, SavedReport, SavedRoute } from '../../src/insight/saved-report.js';
import { LatencyHistogram } from '../../src/report/latency-histogram.js';

// Hand-made format 2 reports, tallied from a list of exchanges the way the contract says one
// run counts them, so that a merge of the parts can be checked against the report of the whole.

/** One judged exchange, as much as a report counts of it. */
export interface HandExchange {
  readonly id: string;
  readonly route: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  /** When it was judged, ms since the epoch. */
  readonly at: number;
  readonly latency?: readonly [origin: number | null, replay: number | null];
  readonly fields?: ReadonlyArray<readonly [string, JsonDifferenceKind]>;
  readonly risk?: Risk;
  /** Its cluster, for a non-ok exchange; the route and reason by default. */
  readonly cluster?: string | undefined;
}

/** Caps of the run, as `run.options` holds them when not the defaults. */
export interface HandCaps {
  readonly maxFieldPaths?: number;
  readonly maxClusters?: number;
}

const EXAMPLES = 5;
const zero = (): Record<Verdict, number> => ({ ok: 0, warn: 0, error: 0, incomplete: 0 });
const noRisk = (): Record<Risk, number> => ({ high: 0, medium: 0, low: 0 });

/** The report one run judging `exchanges` in order would write. */
export function handReport(exchanges: readonly HandExchange[], caps: HandCaps = {}): SavedReport {
  const exchangeCounts = zero();
  const reasons: Partial<Record<Reason, number>> = {};
  const risk = noRisk();
  const routes = new Map<string, { verdicts: Record<Verdict, number>; risk: Record<Risk, number>; origin: LatencyHistogram; replay: LatencyHistogram }>();
  const origin = new LatencyHistogram();
  const replay = new LatencyHistogram();
  const fields = new Map<
    string,
    { judged: number; overflow: number; paths: Map<string, { count: number; kinds: Partial<Record<JsonDifferenceKind, number>>; examples: string[] }> }
  >();
  const clusters = new Map<string, Cluster & { examples: Cluster['examples'] }>();
  let clusterOverflow = 0;
  for (const exchange of exchanges) {
    exchangeCounts[exchange.verdict] += 1;
    reasons[exchange.reason] = (reasons[exchange.reason] ?? 0) + 1;
    let route = routes.get(exchange.route);
    if (route === undefined) {
      route = { verdicts: zero(), risk: noRisk(), origin: new LatencyHistogram(), replay: new LatencyHistogram() };
      routes.set(exchange.route, route);
    }
    route.verdicts[exchange.verdict] += 1;
    const [originMs = null, replayMs = null] = exchange.latency ?? [];
    if (originMs !== null) for (const histogram of [route.origin, origin]) histogram.record(originMs);
    if (replayMs !== null) for (const histogram of [route.replay, replay]) histogram.record(replayMs);
    if (exchange.verdict !== 'incomplete') countFields(fields, exchange, caps.maxFieldPaths ?? 500);
    if (exchange.verdict === 'ok') continue;
    const exchangeRisk = exchange.risk ?? 'medium';
    risk[exchangeRisk] += 1;
    route.risk[exchangeRisk] += 1;
    const id = exchange.cluster ?? `c-${exchange.route}-${exchange.reason}`;
    const known = clusters.get(id);
    const example = {
      id: exchange.id,
      at: new Date(exchange.at).toISOString(),
      method: 'GET',
      path: `/${exchange.id}`,
      latencyMs: { origin: originMs, replay: replayMs },
      diffs: [],
    };
    if (known !== undefined) {
      clusters.set(id, {
        ...known,
        count: known.count + 1,
        risk: RISKS.indexOf(exchangeRisk) < RISKS.indexOf(known.risk) ? exchangeRisk : known.risk,
        lastSeen: example.at,
        examples: known.examples.length < EXAMPLES ? [...known.examples, example] : known.examples,
      });
    } else if (clusters.size < (caps.maxClusters ?? 1000)) {
      const status = { origin: 200, replay: exchange.reason === 'status_mismatch' ? 500 : 200 };
      const base = { id, route: exchange.route, verdict: exchange.verdict, reason: exchange.reason, status, fields: exchange.fields ?? [] };
      clusters.set(id, { ...base, risk: exchangeRisk, count: 1, firstSeen: example.at, lastSeen: example.at, examples: [example] });
    } else {
      clusterOverflow += 1;
    }
  }
  const names = [...routes.keys()].sort();
  const ats = exchanges.map((exchange) => exchange.at);
  const percentiles = (histogram: LatencyHistogram) => histogram.percentiles();
  const pair = (a: LatencyHistogram, b: LatencyHistogram): HistogramPair => ({ origin: a.toData(), replay: b.toData() });
  const n = exchanges.length;
  return {
    format: 2,
    run: {
      mode: 'compare',
      version: '0.1.0',
      sources: ['part.gor'],
      target: null,
      routes: names.map((name) => ({ name, match: name, comparator: 'json' })),
      options: { ...caps },
      gates: { failOn: 'error', minSamples: 1, failOnNew: false, result: 'pass' },
    },
    startedAt: new Date(Math.min(...ats) - 1000).toISOString(),
    updatedAt: new Date(Math.max(...ats) + 1000).toISOString(),
    elapsedSeconds: (Math.max(...ats) - Math.min(...ats) + 2000) / 1000,
    exchanges: exchangeCounts,
    extraReplays: 0,
    pending: 0,
    skipped: { unwatched: 0, filtered: 0, evicted: 0, orphaned: 0, shed: 0 },
    messages: { request: n, response: n, replay: n, malformed: 0, oversized: 0 },
    rates: { messagesPerSecond: 1, exchangesPerSecond: 1 },
    latencyMs: { origin: percentiles(origin), replay: percentiles(replay) },
    routes: Object.fromEntries(
      names.map((name): [string, SavedRoute] => {
        const route = routes.get(name)!;
        return [name, { ...route.verdicts, latencyMs: { origin: percentiles(route.origin), replay: percentiles(route.replay) }, risk: route.risk }];
      }),
    ),
    reasons: Object.fromEntries(Object.entries(reasons).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    warnings: [],
    risk,
    latency: { ...pair(origin, replay), routes: Object.fromEntries(names.map((name) => [name, pair(routes.get(name)!.origin, routes.get(name)!.replay)])) },
    fields: Object.fromEntries(
      [...fields.keys()].sort().map((name): [string, RouteFields] => {
        const route = fields.get(name)!;
        const paths = [...route.paths.keys()].sort().map((path): [string, FieldStat] => [path, route.paths.get(path)!]);
        return [name, { judged: route.judged, paths: Object.fromEntries(paths), overflow: route.overflow }];
      }),
    ),
    clusters: { items: [...clusters.values()].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1)), overflow: clusterOverflow },
    baseline: null,
    suggestions: { items: [], config: { routes: [] }, evidence: null },
  };
}

function countFields(
  fields: Map<string, { judged: number; overflow: number; paths: Map<string, { count: number; kinds: Partial<Record<JsonDifferenceKind, number>>; examples: string[] }> }>,
  exchange: HandExchange,
  cap: number,
): void {
  let route = fields.get(exchange.route);
  if (route === undefined) {
    route = { judged: 0, overflow: 0, paths: new Map() };
    fields.set(exchange.route, route);
  }
  route.judged += 1;
  const byPath = new Map<string, Set<JsonDifferenceKind>>();
  for (const [path, kind] of exchange.fields ?? []) byPath.set(path, (byPath.get(path) ?? new Set()).add(kind));
  for (const [path, kinds] of byPath) {
    let stat = route.paths.get(path);
    if (stat === undefined) {
      if (route.paths.size >= cap) {
        route.overflow += 1;
        continue;
      }
      stat = { count: 0, kinds: {}, examples: [] };
      route.paths.set(path, stat);
    }
    stat.count += 1;
    for (const kind of ['changed', 'added', 'removed', 'type_changed'] as const) if (kinds.has(kind)) stat.kinds[kind] = (stat.kinds[kind] ?? 0) + 1;
    if (stat.examples.length < EXAMPLES) stat.examples.push(exchange.id);
  }
}

/** A report without what depends on when and how a run ran: its times, rates and run header. */
export function withoutTimes(report: SavedReport): object {
  const { run: _run, startedAt: _s, updatedAt: _u, elapsedSeconds: _e, rates: _r, ...rest } = report;
  return rest;
}
