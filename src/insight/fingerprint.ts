import { createHash } from 'node:crypto';
import type { Pair } from '../compare/exchange-result.js';
import { formatPath } from '../compare/ignore-paths.js';
import type { PathSegment } from '../compare/ignore-paths.js';
import type { JsonDifference, JsonDifferenceKind } from '../compare/json-difference.js';
import type { Reason, Verdict } from '../compare/verdict.js';

/**
 * A difference's path with every array position collapsed to `[*]` (an index, or a keyed
 * element's selector), so that `items[3].price` and `items[7].price` count as one field:
 * `items[*].price`. Object keys stay as `formatPath` writes them.
 */
export function collapsedPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '$';
  let out = '';
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i]!;
    if (typeof segment !== 'string') {
      out += '[*]';
      continue;
    }
    const written = formatPath([segment]);
    out += i === 0 || written.startsWith('[') ? written : `.${written}`;
  }
  return out;
}

/** What makes two non-ok exchanges the same regression. */
export interface FingerprintInput {
  readonly route: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly status: Pair<number>;
  readonly diffs: readonly JsonDifference[];
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
  const unique = new Map<string, readonly [string, JsonDifferenceKind]>();
  for (const diff of input.diffs) {
    const path = collapsedPath(diff.path);
    const key = `${diff.kind} ${path}`;
    if (!unique.has(key)) unique.set(key, [path, diff.kind]);
  }
  const fields = [...unique.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const text = JSON.stringify([input.route, input.verdict, input.reason, input.status.origin, input.status.replay, fields]);
  return { text, fields };
}

/** The ID of a fingerprint's text: `c` and 12 hex digits of its SHA-256. */
export function fingerprintIdOf(text: string): string {
  return `c${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}
