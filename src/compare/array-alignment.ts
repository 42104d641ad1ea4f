// The one diff this needs, by its own subpath: the package index loads twenty modules at start-up.
import { diffArrays } from 'diff/lib/diff/array.js';
import { ExactNumber } from './exact-number.js';
import type { IgnoreMatcher, PathSegment } from './ignore-paths.js';

/** One step of an array alignment: walk into a pair, or report an element as removed or added. */
export const PAIR = 0;
export const REMOVED = 1;
export const ADDED = 2;

/**
 * How two arrays line up: a flat list of `[op, originIndex, replayIndex]` triples in walk order.
 * `byIndex` is true when the differing middle was too large to align and was paired by index.
 */
export interface ArrayAlignment {
  steps: number[];
  byIndex: boolean;
}

/**
 * The most element comparisons one alignment may cost. Myers' search costs about
 * (n + m) × edits, so the edit budget is this divided by the middle's length; when the
 * search would need more edits, the array is compared by index instead, keeping the walk
 * bounded on large bodies with many changes while a few changes in a large array still align.
 */
export const MAX_ALIGNMENT_WORK = 1_000_000;

const NOTHING: ArrayAlignment = { steps: [], byIndex: false };

/**
 * Aligns `a` (origin) and `b` (replay) by a longest common subsequence under `equal`, so one
 * inserted or removed element is one step. Equal prefixes and suffixes are trimmed first
 * (equal arrays cost one equality check per element and allocate nothing). Within a run where
 * elements were both removed and added, they are paired in order (and walked into); the rest
 * of the longer side is removed or added.
 */
export function alignArrays(a: readonly unknown[], b: readonly unknown[], equal: (x: unknown, y: unknown) => boolean, maxWork = MAX_ALIGNMENT_WORK): ArrayAlignment {
  // Two one-element arrays pair whatever they hold; skipping the check keeps chains of them linear.
  if (a.length === 1 && b.length === 1) return { steps: [PAIR, 0, 0], byIndex: false };
  const same = (x: unknown, y: unknown): boolean => x === y || equal(x, y);
  const common = Math.min(a.length, b.length);
  let start = 0;
  while (start < common && same(a[start], b[start])) start += 1;
  if (start === a.length && start === b.length) return NOTHING;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1], b[endB - 1])) {
    endA -= 1;
    endB -= 1;
  }
  const steps: number[] = [];
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) {
    pairRun(steps, start, n, start, m);
    return { steps, byIndex: false };
  }
  const maxEditLength = Math.floor(maxWork / (n + m));
  const changes = maxEditLength < 1 ? undefined : diffArrays(a.slice(start, endA), b.slice(start, endB), { comparator: same, maxEditLength });
  if (changes === undefined) {
    pairRun(steps, start, n, start, m);
    return { steps, byIndex: true };
  }
  let i = start;
  let j = start;
  let removed = 0;
  let added = 0;
  const flush = (): void => {
    pairRun(steps, i, removed, j, added);
    i += removed;
    j += added;
    removed = 0;
    added = 0;
  };
  for (const change of changes) {
    const count = change.value.length;
    if (change.removed) removed += count;
    else if (change.added) added += count;
    else {
      flush();
      i += count;
      j += count;
    }
  }
  flush();
  return { steps, byIndex: false };
}

/** Pairs the first min(n, m) elements of two runs in order, then removes or adds the rest. */
function pairRun(steps: number[], i: number, n: number, j: number, m: number): void {
  const paired = Math.min(n, m);
  for (let k = 0; k < paired; k += 1) steps.push(PAIR, i + k, j + k);
  for (let k = paired; k < n; k += 1) steps.push(REMOVED, i + k, -1);
  for (let k = paired; k < m; k += 1) steps.push(ADDED, -1, j + k);
}

/**
 * Steps for an array compared as a multiset: every origin element without an equal replay
 * element left is removed, every replay element without an equal origin element left is
 * added (one difference per extra copy, so repeats are counted); equal elements, wherever
 * they sit, are never reported. Elements are matched by a canonical key (`keyOf`), in linear time.
 */
export function multisetSteps(a: readonly unknown[], b: readonly unknown[], keyOf: (value: unknown) => string): number[] {
  const unmatched = new Map<string, number[]>();
  for (let i = 0; i < a.length; i += 1) {
    const key = keyOf(a[i]);
    const indexes = unmatched.get(key);
    if (indexes === undefined) unmatched.set(key, [i]);
    else indexes.push(i);
  }
  const added: number[] = [];
  for (let j = 0; j < b.length; j += 1) {
    const indexes = unmatched.get(keyOf(b[j]));
    if (indexes !== undefined && indexes.length > 0) indexes.shift();
    else added.push(j);
  }
  const removed: number[] = [];
  for (const indexes of unmatched.values()) removed.push(...indexes);
  removed.sort((x, y) => x - y);
  const steps: number[] = [];
  for (const i of removed) steps.push(REMOVED, i, -1);
  for (const j of added) steps.push(ADDED, -1, j);
  return steps;
}

/** True when `path` itself (not only an ancestor) matches one of `matcher`'s patterns. */
export function matchesExactly(matcher: IgnoreMatcher, path: readonly PathSegment[]): boolean {
  let state = matcher.root;
  for (const segment of path) {
    if (state.ignored || !state.live) return false;
    state = matcher.step(state, segment);
  }
  return state.ignored;
}

/** A text equal for two values exactly when the walker finds them equal: keys sorted, numbers by decimal value. */
export function canonicalKey(value: unknown): string {
  if (value instanceof ExactNumber) return `n${value.key}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `n${new ExactNumber(String(value)).key}` : 'NaN';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalKey(record[key])}`)
    .join(',')}}`;
}
