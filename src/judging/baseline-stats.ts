import type { Baseline } from '../insight/baseline.js';
import { withBaseline } from '../insight/baseline.js';
import type { MarkedParts } from '../insight/baseline.js';
import type { Clusters } from '../insight/report-format.js';
import { Stats } from '../report/stats.js';

/**
 * The run's counters, whose every snapshot (report file, HTML, summary, exit code) has its
 * clusters marked new or persisting against `baseline` and the baseline summary filled in:
 * the baseline is read once at start, and marking is a pass over the clusters held.
 */
class BaselineStats extends Stats {
  readonly #baseline: Baseline;

  constructor(baseline: Baseline, ...args: ConstructorParameters<typeof Stats>) {
    super(...args);
    this.#baseline = baseline;
  }

  override snapshot(now: number): ReturnType<Stats['snapshot']> {
    const report = super.snapshot(now);
    return hasClusters(report) ? withBaseline(report, this.#baseline) : report;
  }
}

/** The run's counters: marked against `baseline` when there is one. */
export function createStats(baseline: Baseline | null, ...args: ConstructorParameters<typeof Stats>): Stats {
  return baseline === null ? new Stats(...args) : new BaselineStats(baseline, ...args);
}

/** The clusters of a snapshot, once the report has them. */
export function clustersOf(report: object): Clusters | undefined {
  return hasClusters(report) ? report.clusters : undefined;
}

function hasClusters<R extends object>(report: R): report is R & MarkedParts {
  return 'clusters' in report && typeof report.clusters === 'object' && report.clusters !== null && 'baseline' in report;
}
