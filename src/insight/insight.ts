import type { ExchangeResult } from '../compare/exchange-result.js';
import { riskOf } from '../compare/risk.js';
import type { Risk } from '../compare/risk.js';
import { ClusterIndex } from './clusters.js';
import type { BuiltExample } from './clusters.js';
import { FieldStatistics } from './field-stats.js';
import { collapsedPaths } from './fingerprint.js';
import type { Clusters, RiskCounts, RouteFields } from './report-format.js';

/** What every output says of a non-ok exchange besides its verdict: its regression and how bad it looks. */
export interface ExchangeInsight {
  readonly cluster: string;
  readonly risk: Risk;
}

export interface InsightOptions {
  /** `--max-field-paths`: paths kept per route. */
  readonly maxFieldPaths: number;
  /** `--max-clusters`. */
  readonly maxClusters: number;
  /** Characters of example content over all clusters (see EXAMPLE_CONTENT_BUDGET). */
  readonly contentBudget?: number;
  /** Builds a cluster's example of an exchange judged at `at` (redacted by the caller's rules); called for at most 5 exchanges per cluster. */
  readonly example: (result: ExchangeResult, at: number) => BuiltExample;
}

export const zeroRisks = (): RiskCounts => ({ high: 0, medium: 0, low: 0 });

/**
 * The aggregates of a run beyond the verdict counts: field statistics, regression clusters
 * and risk counts, overall and by route. Pure; fed with each judged exchange and the time it
 * was judged (the injected clock's). An ok exchange costs a field counter and nothing else.
 */
export class Insight {
  readonly fields: FieldStatistics;
  readonly clusters: ClusterIndex;
  readonly risk: RiskCounts = zeroRisks();
  readonly #routeRisk = new Map<string, RiskCounts>();
  readonly #example: InsightOptions['example'];

  constructor(options: InsightOptions) {
    this.#example = options.example;
    this.fields = new FieldStatistics(options.maxFieldPaths);
    this.clusters = new ClusterIndex({ maxClusters: options.maxClusters, ...(options.contentBudget === undefined ? {} : { contentBudget: options.contentBudget }) });
  }

  /**
   * Counts one judged exchange; for a non-ok one returns its cluster and risk, for an ok one null.
   * `paths`: `collapsedPaths(result.diffs)` when the caller has them already.
   */
  add(result: ExchangeResult, at: number, paths: readonly string[] = collapsedPaths(result.diffs)): ExchangeInsight | null {
    this.fields.add(result, paths);
    const risk = riskOf(result);
    if (risk === null) return null;
    this.risk[risk] += 1;
    let route = this.#routeRisk.get(result.route);
    if (route === undefined) {
      route = zeroRisks();
      this.#routeRisk.set(result.route, route);
    }
    route[risk] += 1;
    const cluster = this.clusters.add({ route: result.route, verdict: result.verdict, reason: result.reason, status: result.status, diffs: result.diffs, paths, risk }, at, () =>
      this.#example(result, at),
    );
    return { cluster, risk };
  }

  /** A route's risk counts (zeros for a route without non-ok exchanges). */
  routeRisk(route: string): RiskCounts {
    return { ...(this.#routeRisk.get(route) ?? zeroRisks()) };
  }

  fieldsSnapshot(): Record<string, RouteFields> {
    return this.fields.snapshot();
  }

  clustersSnapshot(): Clusters {
    return this.clusters.snapshot();
  }
}
