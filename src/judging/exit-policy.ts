import { verdictsAtLeast } from '../compare/verdict.js';
import type { Verdict } from '../compare/verdict.js';

/**
 * How many failing exchanges a run tolerates (`--max-error-rate`, `--min-samples`).
 * A failing exchange is one whose verdict is `--fail-on` or worse.
 */
export interface RateGate {
  /** Largest tolerated share of failing exchanges, 0..1; 0 fails on the first one. */
  readonly maxRate: number;
  /** Below this many judged exchanges (all verdicts) the run never fails. */
  readonly minSamples: number;
}

/** The gate when neither flag is given: any failing exchange fails the run, as in middleware mode. */
export const STRICT_GATE: RateGate = Object.freeze({ maxRate: 0, minSamples: 1 });

/**
 * The exit code at the end of a run, in every mode: 1 when `failOn` is set, at least
 * `minSamples` exchanges were judged, and the share of those at `failOn` or worse (by
 * FAIL_ON_RANK) exceeds `maxRate`; 0 otherwise. Without `failOn` it is 0 whatever happened
 * (a middleware must not fail gor's pipeline). Bad usage (2) is the CLI's. Pure.
 */
export function exitCodeFor(exchanges: Readonly<Record<Verdict, number>>, failOn: Verdict | null, gate: RateGate = STRICT_GATE): 0 | 1 {
  if (failOn === null) return 0;
  const total = exchanges.ok + exchanges.warn + exchanges.error + exchanges.incomplete;
  if (total === 0 || total < gate.minSamples) return 0;
  const failing = verdictsAtLeast(failOn).reduce((sum, verdict) => sum + exchanges[verdict], 0);
  return failing / total > gate.maxRate ? 1 : 0;
}
