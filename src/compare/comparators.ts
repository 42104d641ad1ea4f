import { diffJson } from './json-diff.js';
import type { IgnoreMatcher } from './ignore-paths.js';
import { NOT_JSON } from './json-body.js';
import type { Judgement } from './verdict.js';

/** The comparators a route can name. */
export type ComparatorName = 'json' | 'query' | 'input_hint' | 'intention' | 'status';

export const COMPARATOR_NAMES: readonly ComparatorName[] = ['json', 'query', 'input_hint', 'intention', 'status'];

/** What a comparator sees once status and byte/JSON equality have been ruled out. */
export interface ComparatorInput {
  /** Parsed JSON bodies, or NOT_JSON. */
  readonly originJson: unknown;
  readonly replayJson: unknown;
  readonly ignore: IgnoreMatcher | undefined;
  readonly maxDiffs: number;
}

/** Decides the verdict for a complete exchange whose bodies differ. Must not throw, but may (a bug): the caller counts that as comparator_error. */
export type Comparator = (input: ComparatorInput) => Judgement;

const NO_DIFFS: Judgement = { verdict: 'ok', reason: 'status_equal', diffs: [], totalDiffs: 0 };

/** The structural JSON diff: any difference outside ignored paths is an error. */
const structural: Comparator = (input) => {
  const notJson = notJsonJudgement(input);
  if (notJson !== null) return notJson;
  const result = diffJson(input.originJson, input.replayJson, withIgnore(input));
  return result.total === 0
    ? { verdict: 'ok', reason: 'comparator_ok', diffs: [], totalDiffs: 0 }
    : { verdict: 'error', reason: 'body_mismatch', diffs: result.diffs, totalDiffs: result.total };
};

/**
 * The old robot middleware's rules, with its gaps fixed: a missing `results` no longer
 * throws, and the differences are listed so the reader sees what changed.
 */
const inputHint: Comparator = (input) => {
  const notJson = notJsonJudgement(input);
  if (notJson !== null) return notJson;
  const diff = diffJson(input.originJson, input.replayJson, withIgnore(input));
  if (diff.total === 0) return { verdict: 'ok', reason: 'comparator_ok', diffs: [], totalDiffs: 0 };
  const present = isNonEmptyArray(readResults(input.replayJson, 'hint_list'));
  return present
    ? { verdict: 'warn', reason: 'hint_list_present', diffs: diff.diffs, totalDiffs: diff.total }
    : { verdict: 'error', reason: 'hint_list_empty', diffs: diff.diffs, totalDiffs: diff.total };
};

const intention: Comparator = (input) => {
  const notJson = notJsonJudgement(input);
  if (notJson !== null) return notJson;
  const diff = diffJson(input.originJson, input.replayJson, withIgnore(input));
  if (diff.total === 0) return { verdict: 'ok', reason: 'comparator_ok', diffs: [], totalDiffs: 0 };
  const present = isNonEmptyArray(readResults(input.replayJson, 'intention_list'));
  return present
    ? { verdict: 'ok', reason: 'intention_list_present', diffs: diff.diffs, totalDiffs: diff.total }
    : { verdict: 'error', reason: 'intention_list_empty', diffs: diff.diffs, totalDiffs: diff.total };
};

/** Every comparator by name; the Record type makes the compiler check the list is complete. */
export const COMPARATORS: Readonly<Record<ComparatorName, Comparator>> = Object.freeze({
  json: structural,
  query: structural,
  input_hint: inputHint,
  intention,
  status: () => NO_DIFFS,
});

function notJsonJudgement(input: ComparatorInput): Judgement | null {
  if (input.originJson !== NOT_JSON && input.replayJson !== NOT_JSON) return null;
  const which = input.originJson === NOT_JSON
    ? (input.replayJson === NOT_JSON ? 'neither body is JSON' : 'the original body is not JSON')
    : 'the replayed body is not JSON';
  return { verdict: 'error', reason: 'not_json', diffs: [], totalDiffs: 0, detail: `${which}, and the bodies differ` };
}

function withIgnore(input: ComparatorInput): { ignore?: IgnoreMatcher; maxDiffs: number } {
  return input.ignore === undefined ? { maxDiffs: input.maxDiffs } : { ignore: input.ignore, maxDiffs: input.maxDiffs };
}

function readResults(body: unknown, key: string): unknown {
  if (!isObject(body) || !Object.hasOwn(body, 'results')) return undefined;
  const results = body['results'];
  return isObject(results) && Object.hasOwn(results, key) ? results[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
