import type { Reason, Verdict } from '../compare/verdict.js';
import type { BaselineSummary, Cluster, Clusters } from './report-format.js';
import type { SavedReport } from './saved-report.js';

/** Fixed clusters a report lists by name, at most; the rest are counted. */
const MAX_FIXED_LISTED = 100;

/** One cluster of a baseline, as much as a run needs of it. */
export interface BaselineCluster {
  readonly id: string;
  readonly route: string;
  readonly reason: Reason;
  readonly count: number;
}

/** What a run keeps of its baseline (`--baseline PATH`): the path as given and the clusters the baseline had. */
export interface Baseline {
  readonly file: string;
  readonly clusters: readonly BaselineCluster[];
}

/** The baseline a report is: its clusters, and `file` as the command line named it. */
export function baselineOf(report: SavedReport, file: string): Baseline {
  return { file, clusters: report.clusters.items.map(({ id, route, reason, count }) => ({ id, route, reason, count })) };
}

/**
 * Marks each cluster `new` (the baseline did not have its ID) or `persisting`, and sums up:
 * how many of each, and the baseline's clusters this run did not see (`fixed`; the first
 * 100 by count listed). A baseline cluster counts as fixed when it is not among this run's
 * clusters, also when this run's cap left some exchanges without one. Pure.
 */
export function markBaseline(clusters: Clusters, baseline: Baseline): { clusters: Clusters; summary: BaselineSummary } {
  const known = new Set(baseline.clusters.map((cluster) => cluster.id));
  const seen = new Set(clusters.items.map((cluster) => cluster.id));
  const items: Cluster[] = clusters.items.map((cluster) => ({ ...cluster, baseline: known.has(cluster.id) ? 'persisting' : 'new' }));
  const fixed = baseline.clusters.filter((cluster) => !seen.has(cluster.id)).sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const persisting = items.filter((cluster) => cluster.baseline === 'persisting').length;
  return {
    clusters: { items, overflow: clusters.overflow },
    summary: {
      file: baseline.file,
      new: items.length - persisting,
      persisting,
      fixed: fixed.length,
      fixedClusters: fixed.slice(0, MAX_FIXED_LISTED).map(({ id, route, reason, count }) => ({ id, route, reason, count })),
    },
  };
}

/** What a report holds that a baseline marks. */
export interface MarkedParts {
  readonly clusters: Clusters;
  readonly baseline: BaselineSummary | null;
}

/** What a report holds of `clusters` with or without a baseline: the clusters marked against it and its summary, or them as they are and null. */
export function markedClusters(clusters: Clusters, baseline: Baseline | null): MarkedParts {
  if (baseline === null) return { clusters, baseline: null };
  const marked = markBaseline(clusters, baseline);
  return { clusters: marked.clusters, baseline: marked.summary };
}

/** `report` with its clusters marked against `baseline` and the summary in its `baseline`; every other part as it was. */
export function withBaseline<R extends MarkedParts>(report: R, baseline: Baseline): R {
  return { ...report, ...markedClusters(report.clusters, baseline) };
}

/**
 * Exchanges of new clusters whose verdict is one of `verdicts`, for `--fail-on-new`; the
 * exchanges the cluster cap left without a cluster count too, since nothing says they are
 * not new.
 */
export function newClusterExchanges(clusters: Clusters, verdicts: readonly Verdict[]): number {
  let count = clusters.overflow;
  for (const cluster of clusters.items) if (cluster.baseline !== 'persisting' && verdicts.includes(cluster.verdict)) count += cluster.count;
  return count;
}
