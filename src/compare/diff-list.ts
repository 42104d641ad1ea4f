import type { JsonDifference } from './json-diff.js';

/** Differences as a comparator collects them: the first `maxDiffs` listed, all counted. */
export interface DiffList {
  readonly diffs: JsonDifference[];
  readonly total: number;
  add(difference: JsonDifference): void;
}

/** A list capped at `maxDiffs` (below 0 or NaN counts as 0, as for the JSON diff). */
export function diffList(maxDiffs: number): DiffList {
  const limit = Number.isFinite(maxDiffs) && maxDiffs > 0 ? Math.floor(maxDiffs) : 0;
  const diffs: JsonDifference[] = [];
  let total = 0;
  return {
    diffs,
    get total() {
      return total;
    },
    add(difference) {
      total += 1;
      if (diffs.length < limit) diffs.push(difference);
    },
  };
}
