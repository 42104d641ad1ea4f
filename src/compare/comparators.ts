import { compareBinary, compareForm, compareText } from './body-comparators.js';
import type { BodyInput } from './body-kind.js';
import { diffJson, type JsonDiffOptions } from './json-diff.js';
import type { Shape } from './value-shapes.js';
import type { ValueRules } from './value-rules.js';
import type { IgnoreMatcher } from './ignore-paths.js';
import type { CompiledArrayKey } from './keyed-arrays.js';
import { NOT_JSON } from './json-body.js';
import type { Judgement, Reason, Verdict } from './verdict.js';

/** The comparators a route can name. */
export type ComparatorName = 'json' | 'query' | 'input_hint' | 'intention' | 'status' | 'text' | 'form' | 'binary';

export const COMPARATOR_NAMES: readonly ComparatorName[] = ['json', 'query', 'input_hint', 'intention', 'status', 'text', 'form', 'binary'];

/** What a comparator sees once status and byte/JSON equality have been ruled out. */
export interface ComparatorInput {
  /** Parsed JSON bodies, or NOT_JSON. */
  readonly originJson: unknown;
  readonly replayJson: unknown;
  /** The decoded bodies and their Content-Types, for the comparators of bodies that are not JSON. */
  readonly origin: BodyInput;
  readonly replay: BodyInput;
  readonly ignore: IgnoreMatcher | undefined;
  readonly unordered?: IgnoreMatcher | undefined;
  readonly arrayKeys?: readonly CompiledArrayKey[] | undefined;
  readonly ignoreShapes?: readonly Shape[] | undefined;
  readonly values?: ValueRules | undefined;
  readonly maxDiffs: number;
}

/** Decides the verdict for a complete exchange whose bodies differ. Must not throw, but may (a bug): the caller counts that as comparator_error. */
export type Comparator = (input: ComparatorInput) => Judgement;

const NO_DIFFS: Judgement = { verdict: 'ok', reason: 'status_equal', diffs: [], totalDiffs: 0 };

/**
 * A comparator built on the structural diff: bodies that are not JSON (and differ) are
 * `not_json`, no difference outside ignored paths is ok, and otherwise `decide` rules.
 */
function withJsonDiff(decide: (replayJson: unknown) => readonly [Verdict, Reason]): Comparator {
  return (input) => {
    const notJson = notJsonJudgement(input);
    if (notJson !== null) return notJson;
    const diff = diffJson(input.originJson, input.replayJson, withIgnore(input));
    const notes = diff.notes === undefined ? {} : { notes: diff.notes };
    if (diff.total === 0) return { verdict: 'ok', reason: 'comparator_ok', diffs: [], totalDiffs: 0, ...notes };
    const [verdict, reason] = decide(input.replayJson);
    return { verdict, reason, diffs: diff.diffs, totalDiffs: diff.total, ...notes };
  };
}

/** Any difference outside ignored paths is an error. */
const structural = withJsonDiff(() => ['error', 'body_mismatch']);

/**
 * The old robot middleware's rules: the verdict follows whether the replay's
 * `results.<key>` is a non-empty array. Its gaps are fixed: a missing `results` no longer
 * throws, and the differences are listed so the reader sees what changed.
 */
function listRule(key: string, present: readonly [Verdict, Reason], absent: readonly [Verdict, Reason]): Comparator {
  return withJsonDiff((replayJson) => (isNonEmptyArray(readResults(replayJson, key)) ? present : absent));
}

/** Every comparator by name; the Record type makes the compiler check the list is complete. */
export const COMPARATORS: Readonly<Record<ComparatorName, Comparator>> = Object.freeze({
  json: structural,
  query: structural,
  input_hint: listRule('hint_list', ['warn', 'hint_list_present'], ['error', 'hint_list_empty']),
  intention: listRule('intention_list', ['ok', 'intention_list_present'], ['error', 'intention_list_empty']),
  status: () => NO_DIFFS,
  text: compareText,
  form: compareForm,
  binary: compareBinary,
});

function notJsonJudgement(input: ComparatorInput): Judgement | null {
  if (input.originJson !== NOT_JSON && input.replayJson !== NOT_JSON) return null;
  const which = input.originJson === NOT_JSON ? (input.replayJson === NOT_JSON ? 'neither body is JSON' : 'the original body is not JSON') : 'the replayed body is not JSON';
  return { verdict: 'error', reason: 'not_json', diffs: [], totalDiffs: 0, detail: `${which}, and the bodies differ` };
}

/** The structural diff's options from a route's (plugin comparators' `diff` helper uses them too). */
export function withIgnore(input: Pick<ComparatorInput, 'ignore' | 'unordered' | 'arrayKeys' | 'ignoreShapes' | 'values' | 'maxDiffs'>): JsonDiffOptions {
  const options: JsonDiffOptions = input.ignore === undefined ? { maxDiffs: input.maxDiffs } : { ignore: input.ignore, maxDiffs: input.maxDiffs };
  if (input.unordered !== undefined) options.unordered = input.unordered;
  if (input.arrayKeys !== undefined) options.arrayKeys = input.arrayKeys;
  if (input.ignoreShapes !== undefined) options.ignoreShapes = input.ignoreShapes;
  if (input.values !== undefined) options.values = input.values;
  return options;
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
