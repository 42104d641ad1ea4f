import { markedClusters } from '../insight/baseline.js';
import { zeroRisks } from '../insight/insight.js';
import { REPORT_FORMAT } from '../insight/report-format.js';
import type { BaselineSummary, Clusters, HistogramData, RiskCounts, RouteFields, RunHeader, Suggestions } from '../insight/report-format.js';
import { packageVersion } from './package-version.js';
import type { RouteSummary, Stats, SummaryReport } from './stats.js';

/** One route of the report: its verdict counts and latency percentiles, then its risk counts. */
export interface RouteReport extends RouteSummary {
  readonly risk: RiskCounts;
}

export interface LatencyData {
  readonly origin: HistogramData;
  readonly replay: HistogramData;
  readonly routes: Readonly<Record<string, { readonly origin: HistogramData; readonly replay: HistogramData }>>;
}

/** The JSON report (`--report`), format 2; the README documents it field by field. */
export interface Report extends Omit<SummaryReport, 'routes'> {
  readonly format: typeof REPORT_FORMAT;
  readonly run: RunHeader;
  readonly routes: Readonly<Record<string, RouteReport>>;
  readonly risk: RiskCounts;
  readonly latency: LatencyData;
  readonly fields: Readonly<Record<string, RouteFields>>;
  readonly clusters: Clusters;
  readonly baseline: BaselineSummary | null;
  readonly suggestions: Suggestions;
}

/** The parts a report is made of besides the summary counters; each output that adds one fills its own. */
export interface ReportParts {
  readonly run: RunHeader;
  readonly risk: RiskCounts;
  readonly routeRisk: (route: string) => RiskCounts;
  readonly latency: LatencyData;
  readonly fields: Readonly<Record<string, RouteFields>>;
  readonly clusters: Clusters;
  readonly baseline: BaselineSummary | null;
  readonly suggestions: Suggestions;
}

/** The header of a run nobody described (counters alone, in tests). */
function unknownRun(): RunHeader {
  return {
    mode: 'middleware',
    version: packageVersion(),
    sources: [],
    target: null,
    routes: [],
    options: {},
    gates: { failOn: 'never', minSamples: 0, failOnNew: false, result: null },
  };
}

/** The report of `stats` as of `now` (ms since the epoch): the summary and every part the run gathered. */
export function reportOf(stats: Stats, now: number): Report {
  const insight = stats.insight;
  const marked = markedClusters(insight?.clustersSnapshot() ?? { items: [], overflow: 0 }, stats.baseline);
  return composeReport(stats.snapshot(now), {
    run: stats.run ?? unknownRun(),
    risk: insight === null ? zeroRisks() : { ...insight.risk },
    routeRisk: (route) => insight?.routeRisk(route) ?? zeroRisks(),
    latency: stats.latencyData(),
    fields: insight?.fieldsSnapshot() ?? {},
    clusters: marked.clusters,
    baseline: marked.baseline,
    suggestions: stats.suggestions(),
  });
}

/** The report in its documented key order: `format`, `run`, the summary's fields, then the parts. */
export function composeReport(summary: SummaryReport, parts: ReportParts): Report {
  const routes: Record<string, RouteReport> = {};
  for (const [name, route] of Object.entries(summary.routes)) {
    // defineProperty, because a route may be named `__proto__`.
    Object.defineProperty(routes, name, { enumerable: true, writable: true, configurable: true, value: { ...route, risk: parts.routeRisk(name) } });
  }
  return {
    format: REPORT_FORMAT,
    run: parts.run,
    ...summary,
    routes,
    risk: parts.risk,
    latency: parts.latency,
    fields: parts.fields,
    clusters: parts.clusters,
    baseline: parts.baseline,
    suggestions: parts.suggestions,
  };
}
