import { createHash } from 'node:crypto';
import type { Pair } from '../compare/exchange-result.js';
import { isBareKey } from '../compare/ignore-paths.js';
import type { PathSegment } from '../compare/ignore-paths.js';
import type { JsonDifference, JsonDifferenceKind } from '../compare/json-difference.js';
import type { Reason, Verdict } from '../compare/verdict.js';

/**
 * A difference's path with every array position collapsed to `[*]` (an index, or a keyed
 * element's selector), so that `items[3].price` and `items[7].price` count as one field:
 * `items[*].price`. Object keys are written as `formatPath` writes them.
 */
export function collapsedPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '$';
  let out = '';
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i]!;
    if (typeof segment !== 'string') out += '[*]';
    else if (!isBareKey(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += i === 0 ? segment : `.${segment}`;
  }
  return out;
}

const NO_PATHS: readonly string[] = Object.freeze([]);

/**
 * The collapsed path of each difference, in order. Taken once per exchange and handed to the
 * field statistics, the fingerprint and the noise evidence, which all count by it.
 */
export function collapsedPaths(diffs: readonly JsonDifference[]): readonly string[] {
  if (diffs.length === 0) return NO_PATHS;
  const paths: string[] = [];
  for (const diff of diffs) paths.push(collapsedPath(diff.path));
  return paths;
}

/** What makes two non-ok exchanges the same regression. */
export interface FingerprintInput {
  readonly route: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly status: Pair<number>;
  readonly diffs: readonly JsonDifference[];
  /** `collapsedPaths(diffs)` when the caller has them already. */
  readonly paths?: readonly string[];
}

/** A fingerprint: its stable ID and the sorted set of (collapsed path, kind) it was made of. */
export interface Fingerprint {
  /** `c` and 12 hex digits of a SHA-256 of the fingerprint: the same across runs and machines. */
  readonly id: string;
  readonly fields: ReadonlyArray<readonly [string, JsonDifferenceKind]>;
}

/** A fingerprint before its ID: the text the ID is the hash of, and its fields. */
export interface FingerprintText {
  readonly text: string;
  readonly fields: ReadonlyArray<readonly [string, JsonDifferenceKind]>;
}

/**
 * The fingerprint of a non-ok exchange: route, verdict, reason, status pair and the sorted
 * set of (collapsed path, kind) of its listed differences (those within `--max-diffs`).
 */
export function fingerprintOf(input: FingerprintInput): Fingerprint {
  const { text, fields } = fingerprintTextOf(input);
  return { id: fingerprintIdOf(text), fields };
}

/** {@link fingerprintOf} without the hash, for a caller that knows the IDs of texts it has met. */
export function fingerprintTextOf(input: FingerprintInput): FingerprintText {
  const { diffs } = input;
  const paths = input.paths ?? collapsedPaths(diffs);
  const pairs: Array<readonly [string, JsonDifferenceKind]> = [];
  for (let i = 0; i < diffs.length; i += 1) pairs.push([paths[i]!, diffs[i]!.kind]);
  if (pairs.length > 1) pairs.sort(byPathThenKind);
  // Sorted, a repeated (path, kind) pair sits next to its first occurrence.
  let kept = 0;
  for (const pair of pairs) {
    const last = kept === 0 ? undefined : pairs[kept - 1]!;
    if (last !== undefined && last[0] === pair[0] && last[1] === pair[1]) continue;
    pairs[kept++] = pair;
  }
  pairs.length = kept;
  const text = JSON.stringify([input.route, input.verdict, input.reason, input.status.origin, input.status.replay, pairs]);
  return { text, fields: pairs };
}

function byPathThenKind(a: readonly [string, JsonDifferenceKind], b: readonly [string, JsonDifferenceKind]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** The ID of a fingerprint's text: `c` and 12 hex digits of its SHA-256. */
export function fingerprintIdOf(text: string): string {
  return `c${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}
