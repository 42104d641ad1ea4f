import type { IgnoreMatcher, PathSegment } from './ignore-paths.js';
import type { Shape } from './value-shapes.js';
import type { ValueRules } from './value-rules.js';
import type { CompiledArrayKey } from './keyed-arrays.js';

// The types of the JSON walker (json-diff.ts): what a difference is, and how a walk is asked for.

/**
 * How a value differs. `added`: only on replay. `removed`: only on origin. `changed`: same
 * JSON type, different value. `type_changed`: different JSON types (null, boolean, number,
 * string, array, object).
 */
export type JsonDifferenceKind = 'added' | 'removed' | 'changed' | 'type_changed';

/**
 * One difference at `path` (`[]` is the root). `origin` is absent for `added` and `replay`
 * is absent for `removed`; values are the caller's own objects, not copies.
 */
export interface JsonDifference {
  path: PathSegment[];
  kind: JsonDifferenceKind;
  origin?: unknown;
  replay?: unknown;
}

/** The first `maxDiffs` differences in walk order, and the count of all of them. */
export interface JsonDiffResult {
  diffs: JsonDifference[];
  total: number;
  /**
   * Present when something was compared otherwise than asked or usual: an array too large to
   * align, compared by index; a keyed array with repeated keys or elements without the key.
   * At most `MAX_NOTES` (json-diff.ts), then one saying how many more there were.
   */
  notes?: string[];
}

/** Options for {@link diffJson}. */
export interface JsonDiffOptions {
  /** Paths whose whole subtree is skipped: never compared, never counted. */
  ignore?: IgnoreMatcher;
  /** How many differences to list; `total` still counts all. Below 0 or NaN counts as 0. */
  maxDiffs: number;
  /** Arrays whose elements are matched by a key field, the first rule naming an array applying; before `unordered`. */
  arrayKeys?: readonly CompiledArrayKey[];
  /** Paths of arrays compared as multisets (order ignored): only elements added or removed are reported. */
  unordered?: IgnoreMatcher;
  /** Leaves whose two values both have one of these shapes are not differences (a uuid replaced by another uuid). */
  ignoreShapes?: readonly Shape[];
  /** Stop soon after the first difference (once the container holding it is done): `total` is then a lower bound. */
  stopAtFirst?: boolean;
  /** Tolerances, null equal to missing, loose types: leaves equal besides exact equality. */
  values?: ValueRules;
}
