import type { Verdict } from '../compare/verdict.js';

/**
 * How strongly a verdict says the candidate regressed, for `--fail-on V` ("V or worse"):
 * ok < warn < incomplete < error.
 *
 * - `error` is proof: the candidate answered differently in a way that matters.
 * - `incomplete` is the absence of proof: the exchange could not be judged (the replay never
 *   came back, or the capture lost the original response). It may hide a failing candidate,
 *   so it ranks above `warn`, but it is weaker evidence than a judged mismatch, so below `error`.
 * - `warn` is a difference a comparator tolerates (the seed's "please check").
 *
 * So `--fail-on error` fails only on proven mismatches, `--fail-on incomplete` fails unless every
 * exchange was judged ok or warn, and `--fail-on warn` fails on anything but ok. (Putting
 * incomplete last would make `--fail-on incomplete` pass a run full of errors.)
 */
export const FAIL_ON_RANK: Readonly<Record<Verdict, number>> = Object.freeze({
  ok: 0,
  warn: 1,
  incomplete: 2,
  error: 3,
});

/** The verdicts that count as `failOn` or worse by {@link FAIL_ON_RANK}; `ok` gives all four. */
export function verdictsAtLeast(failOn: Verdict): Verdict[] {
  const floor = FAIL_ON_RANK[failOn];
  return (Object.keys(FAIL_ON_RANK) as Verdict[]).filter((verdict) => FAIL_ON_RANK[verdict] >= floor);
}

/**
 * The process exit code at end of input: 0 when `failOn` is null (a middleware must not fail
 * gor's pipeline) or when no exchange reached `failOn` or worse; 1 otherwise. `stats` is a
 * `Stats` or a summary report (anything with verdict counts). Bad usage (2) is the CLI's.
 */
export function exitCodeFor(
  stats: { readonly exchanges: Readonly<Record<Verdict, number>> },
  failOn: Verdict | null,
): 0 | 1 {
  if (failOn === null) return 0;
  return verdictsAtLeast(failOn).some((verdict) => stats.exchanges[verdict] > 0) ? 1 : 0;
}
