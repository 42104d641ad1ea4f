import type { JsonDifference } from './json-diff.js';

/** How an exchange was judged. */
export type Verdict = 'ok' | 'warn' | 'error' | 'incomplete';

/**
 * Why a verdict was reached. Stable strings: they appear in logs, reports and JUnit.
 * - identical: decoded bodies byte-identical; json_equal: equal ignoring key order;
 * - comparator_ok, status_equal, hint_list_present, intention_list_present: the route's comparator accepted it;
 * - status_mismatch, body_mismatch, not_json, hint_list_empty, intention_list_empty;
 * - text_equal, form_equal, text_mismatch, form_mismatch, binary_mismatch: bodies that are not JSON;
 * - header_mismatch: a compared response header differs and the body alone would pass;
 * - undecodable_body: a body could not be decoded (bad gzip, too large, truncated framing);
 * - missing_replay, missing_origin, replay_failed: the exchange never completed;
 * - comparator_error: a comparator threw (a bug), or a plugin one failed (threw, malformed result, too slow); counted, never fatal.
 */
export const REASONS = [
  'identical',
  'json_equal',
  'comparator_ok',
  'status_equal',
  'hint_list_present',
  'intention_list_present',
  'text_equal',
  'form_equal',
  'status_mismatch',
  'body_mismatch',
  'header_mismatch',
  'not_json',
  'text_mismatch',
  'form_mismatch',
  'binary_mismatch',
  'hint_list_empty',
  'intention_list_empty',
  'undecodable_body',
  'missing_replay',
  'missing_origin',
  'replay_failed',
  'comparator_error',
] as const;
/** A reason a plugin comparator declares, reported as `<comparator>:<reason>` (see plugin-comparator.ts). */
export type PluginReason = `${string}:${string}`;
export type Reason = (typeof REASONS)[number] | PluginReason;

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

/** The judgement of one exchange: what a comparator returns, before reporting adds context. */
export interface Judgement {
  readonly verdict: Verdict;
  readonly reason: Reason;
  /** Differing paths, capped at the configured maximum. */
  readonly diffs: readonly JsonDifference[];
  /** Every difference found, including those beyond the cap. */
  readonly totalDiffs: number;
  /** Free text for reasons that need it (decode failure, replay error). */
  readonly detail?: string | undefined;
  /** What was compared otherwise than usual (an array compared by index, repeated or missing array keys); absent when nothing was. */
  readonly notes?: readonly string[] | undefined;
}
