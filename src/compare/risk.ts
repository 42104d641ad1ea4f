import type { Pair } from './exchange-result.js';
import type { JsonDifference } from './json-difference.js';
import type { Judgement, Reason } from './verdict.js';

/**
 * How likely a non-ok exchange is a regression a user would notice, for ordering what to
 * look at first:
 * - `high`: the candidate answers a different kind of thing (status, content type or
 *   redirect target changed, a field is gone or changed type, a body that is not JSON differs,
 *   the candidate failed to answer or its body cannot be read);
 * - `medium`: the same kind of answer with other values (a changed value, another header
 *   changed, a seed comparator's warning, a comparator that failed, a replay that never came);
 * - `low`: the candidate only added fields, or the capture lost the original response.
 */
export type Risk = 'high' | 'medium' | 'low';

export const RISKS: readonly Risk[] = Object.freeze(['high', 'medium', 'low']);

/** What {@link riskOf} reads: a judgement and the status pair. */
export interface RiskInput extends Pick<Judgement, 'verdict' | 'reason' | 'diffs'> {
  readonly status: Pair<number>;
}

const HIGH_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'status_mismatch',
  'not_json',
  'text_mismatch',
  'form_mismatch',
  'binary_mismatch',
  'undecodable_body',
  'replay_failed',
]);

/** Headers whose change alters what the response is, not only how it is described. */
const HIGH_HEADERS: ReadonlySet<string> = new Set(['content-type', 'location']);

/** The risk of one judged exchange; null for an ok one. */
export function riskOf(input: RiskInput): Risk | null {
  if (input.verdict === 'ok') return null;
  if (HIGH_REASONS.has(input.reason)) return 'high';
  const { origin, replay } = input.status;
  if (origin !== null && replay !== null && origin !== replay) return 'high';
  if (input.reason === 'missing_origin') return 'low';
  let medium = false;
  let added = false;
  for (const diff of input.diffs) {
    const risk = riskOfDifference(diff);
    if (risk === 'high') return 'high';
    if (risk === 'medium') medium = true;
    else added = true;
  }
  // An exchange judged non-ok with no listed difference (a seed comparator's warning, a
  // comparator error, a missing replay) is not proof of an additive change: medium.
  if (medium || !added) return 'medium';
  return 'low';
}

/** The risk of one difference: headers by name, body fields by kind. */
export function riskOfDifference(diff: JsonDifference): Risk {
  if (diff.path[0] === 'headers' && diff.path.length >= 2) return HIGH_HEADERS.has(String(diff.path[1])) ? 'high' : 'medium';
  if (diff.kind === 'removed' || diff.kind === 'type_changed') return 'high';
  if (diff.kind === 'changed') return 'medium';
  return 'low';
}
