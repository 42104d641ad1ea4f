import { verdictsAtLeast } from '../compare/verdict.js';
import type { Verdict } from '../compare/verdict.js';
import { newClusterExchanges } from '../insight/baseline.js';
import type { Clusters } from '../insight/report-format.js';
import { judgedCount } from '../report/run-hints.js';

/**
 * How many failing exchanges a run tolerates (`--max-error-rate`), and how many judged
 * exchanges it needs (`--min-samples`). A failing exchange is one whose verdict is
 * `--fail-on` or worse; a judged one is ok, warn or error (an incomplete one was not judged).
 */
export interface RateGate {
  /** Largest tolerated share of failing exchanges among all verdicts, 0..1; 0 fails on the first one. */
  readonly maxRate: number;
  /** Fewer judged exchanges than this fail the run; 0 for no such check. */
  readonly minSamples: number;
}

/** compare's and replay's gate when neither flag is given: any failing exchange fails, and so does judging nothing. */
export const STRICT_GATE: RateGate = Object.freeze({ maxRate: 0, minSamples: 1 });

/**
 * Middleware mode's gate: any failing exchange fails (with `--fail-on`), but judging nothing
 * does not: a middleware may see no watched traffic for a while. It warns instead.
 */
export const MIDDLEWARE_GATE: RateGate = Object.freeze({ maxRate: 0, minSamples: 0 });

/**
 * The exit code at the end of a run, in every mode: 1 when `failOn` is set and either fewer
 * than `minSamples` exchanges were judged, or the share of all exchanges at `failOn` or worse
 * (by FAIL_ON_RANK) exceeds `maxRate`; 0 otherwise. Without `failOn` (`--fail-on never`) it
 * is 0 whatever happened: an explicit "never fail" (a middleware must not fail gor's
 * pipeline). With `onlyNew` (`--fail-on-new`, the run's clusters marked against the
 * baseline), only the exchanges of new clusters at `failOn` or worse are failing. Bad usage
 * (2) is the CLI's. Pure.
 */
export function exitCodeFor(exchanges: Readonly<Record<Verdict, number>>, failOn: Verdict | null, gate: RateGate = STRICT_GATE, onlyNew?: Clusters): 0 | 1 {
  if (failOn === null) return 0;
  if (judgedCount(exchanges) < gate.minSamples) return 1;
  const total = exchanges.ok + exchanges.warn + exchanges.error + exchanges.incomplete;
  if (total === 0) return 0;
  const verdicts = verdictsAtLeast(failOn);
  // --fail-on-new: only the exchanges of clusters the baseline did not have are failing.
  const failing = onlyNew === undefined ? verdicts.reduce((sum, verdict) => sum + exchanges[verdict], 0) : newClusterExchanges(onlyNew, verdicts);
  return failing / total > gate.maxRate ? 1 : 0;
}

/**
 * The level a run is gated at: `--fail-on`, or, when it is `never` and `--fail-on-new` is
 * given, any verdict but ok (a new cluster of any kind fails).
 */
export function gateLevel(failOn: Verdict | null, failOnNew: boolean): Verdict | null {
  return failOn ?? (failOnNew ? 'warn' : null);
}

/** Whether the run fails for judging too few exchanges (rather than, or as well as, for its verdicts). */
export function failsForTooFew(exchanges: Readonly<Record<Verdict, number>>, failOn: Verdict | null, gate: RateGate): boolean {
  return failOn !== null && judgedCount(exchanges) < gate.minSamples;
}
