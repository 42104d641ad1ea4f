import type { IgnoreMatcher, IgnoreState, PathSegment } from './ignore-paths.js';
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
 *
 * `path` names origin's elements (an `added` one by replay's index); `replayPath` is where
 * the replay's value is, present only when that differs: an array alignment paired origin's
 * element `i` with replay's element `j` somewhere on the way (an element inserted before it).
 */
export interface JsonDifference {
  path: PathSegment[];
  kind: JsonDifferenceKind;
  origin?: unknown;
  replay?: unknown;
  replayPath?: PathSegment[];
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

/** A container being walked (json-diff.ts's own). Frames are reused per depth, so the walk allocates little. */
export interface Frame {
  isArray: boolean;
  origin: unknown;
  replay: unknown;
  /** Origin's keys (objects only). */
  keys: string[];
  /** Replay's keys (objects only). */
  replayKeys: string[];
  /** Next child to look at: a position in `keys`, or a position in `steps`. */
  next: number;
  /** Arrays only: the alignment's `[op, originIndex, replayIndex]` triples, computed when the walk first reaches the array. */
  steps: number[] | undefined;
  /** Keyed arrays only: each step's segment (`[id=7]`, or an index for an element without the key). */
  segments: PathSegment[] | undefined;
  /** How many origin keys replay also has; when it equals replay's key count there are no extras. */
  shared: number;
  /** This container's own segment in its parent (unused at the root). */
  segment: PathSegment;
  /** Its segment in the replay's parent: another index when alignment shifted it, else `segment`. */
  replaySegment: PathSegment;
  /** Undefined when no ignore pattern can match anything below this container. */
  ignore: IgnoreState | undefined;
}
