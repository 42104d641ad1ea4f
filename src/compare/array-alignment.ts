import { diffArrays } from 'diff';

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
