import type { JsonDifference } from './json-diff.js';

/** How an exchange was judged. */
export type Verdict = 'ok' | 'warn' | 'error' | 'incomplete';

/**
 * Why a verdict was reached. Stable strings: they appear in logs, reports and JUnit.
 * - identical: decoded bodies byte-identical; json_equal: equal ignoring key order;
 * - comparator_ok / hint_list_present / intention_list_present: the route's comparator accepted it;
 * - status_mismatch, body_mismatch, not_json, hint_list_empty, intention_list_empty;
 * - undecodable_body: a body could not be decoded (bad gzip, too large, truncated framing);
 * - missing_replay, missing_origin, replay_failed: the exchange never completed;
 * - comparator_error: a comparator threw (a bug); counted, never fatal.
 */
export type Reason =
  | 'identical'
  | 'json_equal'
  | 'comparator_ok'
  | 'status_equal'
  | 'hint_list_present'
  | 'intention_list_present'
  | 'status_mismatch'
  | 'body_mismatch'
  | 'not_json'
  | 'hint_list_empty'
  | 'intention_list_empty'
  | 'undecodable_body'
  | 'missing_replay'
  | 'missing_origin'
  | 'replay_failed'
  | 'comparator_error';

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
}
