import type { BaselineSummary, Clusters, HistogramData, RiskCounts, RouteFields, RunHeader, Suggestions } from '../../insight/report-format.js';
import type { RouteSummary, SummaryReport } from '../stats.js';

/** The parts report format 2 adds to the summary report. */
export interface FormatTwoParts {
  readonly format: 2;
  readonly run: RunHeader;
  readonly risk: RiskCounts;
  readonly latency: {
    readonly origin: HistogramData;
    readonly replay: HistogramData;
    readonly routes: Readonly<Record<string, { readonly origin: HistogramData; readonly replay: HistogramData }>>;
  };
  readonly fields: Readonly<Record<string, RouteFields>>;
  readonly clusters: Clusters;
  readonly baseline: BaselineSummary | null;
  readonly suggestions: Suggestions;
}

/**
 * What the HTML report renders: a format 2 report, or an older summary that lacks some of
 * its parts (a report written before them, or by a producer that does not fill them yet).
 * A missing part is shown as missing, never guessed.
 */
export type HtmlReportInput = Omit<SummaryReport, 'routes'> & {
  readonly routes: Readonly<Record<string, RouteSummary & { readonly risk?: RiskCounts }>>;
} & Partial<FormatTwoParts>;

/** A route's row, with its name. */
export interface RouteRow extends RouteSummary {
  readonly name: string;
  readonly risk: RiskCounts | null;
}

/** The input with every absent part made explicit, so the sections need no guard of their own. */
export interface ReportView {
  readonly report: HtmlReportInput;
  readonly run: RunHeader | null;
  readonly routes: readonly RouteRow[];
  readonly risk: RiskCounts | null;
  readonly latency: FormatTwoParts['latency'] | null;
  readonly fields: ReadonlyArray<readonly [string, RouteFields]>;
  readonly clusters: Clusters | null;
  readonly baseline: BaselineSummary | null;
  readonly suggestions: Suggestions | null;
}

/** Own entries of a record, sorted by key (a route may be named `__proto__`). */
export function entriesOf<T>(record: Readonly<Record<string, T>> | undefined): Array<[string, T]> {
  if (record === undefined || record === null) return [];
  return Object.keys(record)
    .sort()
    .map((key) => [key, record[key] as T]);
}

/** The view of a report; reads only, copies nothing large. */
export function viewOf(report: HtmlReportInput): ReportView {
  return {
    report,
    run: report.run ?? null,
    routes: entriesOf(report.routes).map(([name, route]) => ({ ...route, name, risk: route.risk ?? null })),
    risk: report.risk ?? null,
    latency: report.latency ?? null,
    fields: entriesOf(report.fields),
    clusters: report.clusters ?? null,
    baseline: report.baseline ?? null,
    suggestions: report.suggestions ?? null,
  };
}
