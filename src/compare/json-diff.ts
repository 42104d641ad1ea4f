import { ADDED, alignArrays, canonicalKey, matchesExactly, multisetSteps, PAIR, REMOVED } from './array-alignment.js';
import { ExactNumber, sameNumber } from './exact-number.js';
import { formatPath, type IgnoreState, type PathSegment } from './ignore-paths.js';
import type { Frame, JsonDifference, JsonDifferenceKind, JsonDiffOptions, JsonDiffResult } from './json-difference.js';
import { arrayKeyAt, keyedSteps, type Note } from './keyed-arrays.js';
import { bothHaveShape } from './value-shapes.js';
import { leavesEqual } from './value-rules.js';

export type { JsonDifference, JsonDifferenceKind, JsonDiffOptions, JsonDiffResult } from './json-difference.js';

const NO_KEYS: string[] = [];

/** Notes kept per walk: hostile bodies can hold any number of arrays. */
export const MAX_NOTES = 10;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof ExactNumber) return 'number';
  return typeof value;
}

/**
 * Structurally compares two values produced by `parseJsonBody` (or `JSON.parse`) and lists
 * their differences.
 *
 * Objects are compared by own keys only (so `__proto__`, `constructor` and friends are
 * ordinary keys) and regardless of key order. Arrays are aligned by a longest common
 * subsequence (see {@link alignArrays}): an inserted or removed element is one `added`
 * (replay's index) or `removed` (origin's index) difference, and elements paired in a changed
 * run are walked into under origin's index; an array whose differing middle is too large to
 * align is compared by index and named in `notes`. An array `options.arrayKeys` names pairs its elements by key
 * instead, at `[field=key]` segments (see keyedSteps). Numbers compare by exact decimal value: doubles with `===`
 * (so `0` equals `-0` and `1` equals `1.0`), an {@link ExactNumber} by its value against a
 * double or another one; an exact number is a leaf of type number, never walked into.
 * (`NaN` cannot come from JSON; if passed in, it differs from itself.)
 * Diffs come depth first: origin's keys in origin's order, then replay-only keys in replay's
 * order. `total` counts every difference, since the walk visits each node at most once
 * anyway and only listed differences pay for building their path.
 *
 * The walk is iterative (no recursion), so any nesting depth `JSON.parse` accepts is fine,
 * and identical references are skipped without descending. Never throws on JSON values.
 */
export function diffJson(origin: unknown, replay: unknown, options: JsonDiffOptions): JsonDiffResult {
  const maxDiffs = Math.max(options.maxDiffs, 0);
  const matcher = options.ignore !== undefined && !options.ignore.isEmpty ? options.ignore : undefined;
  const unordered = options.unordered !== undefined && !options.unordered.isEmpty ? options.unordered : undefined;
  const shapes = options.ignoreShapes !== undefined && options.ignoreShapes.length > 0 ? options.ignoreShapes : undefined;
  const nullMissing = options.values?.nullEqualsMissing === true;
  const arrayKeys = options.arrayKeys !== undefined && options.arrayKeys.length > 0 ? options.arrayKeys : undefined;
  const diffs: JsonDifference[] = [];
  let total = 0;
  let notes: string[] | undefined;
  let notesLeftOut = 0;
  const note = (make: () => string): void => {
    if ((notes ??= []).length < MAX_NOTES) notes.push(make());
    else notesLeftOut += 1;
  };
  const frames: Frame[] = [];
  let depth = -1;
  /** Frames on the stack whose replay segment is another index than their own: the replay's path then differs. */
  let shifted = 0;

  /** The path to `segment` below the current frame, by origin's segments or by replay's. */
  const pathTo = (segment: PathSegment | undefined, replaySide = false): PathSegment[] => {
    const path: PathSegment[] = [];
    for (let d = 1; d <= depth; d += 1) path.push(replaySide ? frames[d]!.replaySegment : frames[d]!.segment);
    if (segment !== undefined) path.push(segment);
    return path;
  };

  /**
   * `segment` names the child on origin's side (replay's for `added`); `replaySegment` on
   * replay's, when alignment put it at another index. A difference whose replay-side path
   * differs from its path carries that path too, so that it can be shown where it is.
   */
  const report = (segment: PathSegment | undefined, kind: JsonDifferenceKind, a: unknown, b: unknown, replaySegment: PathSegment | undefined = segment): void => {
    total += 1;
    if (diffs.length >= maxDiffs) return;
    const path = pathTo(segment);
    let difference: JsonDifference;
    if (kind === 'added') difference = { path, kind, replay: b };
    else if (kind === 'removed') difference = { path, kind, origin: a };
    else difference = { path, kind, origin: a, replay: b };
    if (kind !== 'removed' && (shifted > 0 || replaySegment !== segment)) difference.replayPath = pathTo(replaySegment, true);
    diffs.push(difference);
  };

  const push = (a: object, b: object, isArray: boolean, segment: PathSegment, ignore: IgnoreState | undefined, replaySegment: PathSegment): void => {
    depth += 1;
    if (replaySegment !== segment) shifted += 1;
    let frame = frames[depth];
    if (frame === undefined) {
      frame = { isArray, origin: a, replay: b, keys: NO_KEYS, replayKeys: NO_KEYS, next: 0, steps: undefined, segments: undefined, shared: 0, segment, replaySegment, ignore };
      frames.push(frame);
    } else {
      frame.isArray = isArray;
      frame.origin = a;
      frame.replay = b;
      frame.next = 0;
      frame.steps = undefined;
      frame.segments = undefined;
      frame.shared = 0;
      frame.segment = segment;
      frame.replaySegment = replaySegment;
      frame.ignore = ignore;
    }
    frame.keys = isArray ? NO_KEYS : Object.keys(a);
    frame.replayKeys = isArray ? NO_KEYS : Object.keys(b);
  };

  /**
   * Compares two values that are not the same reference. Reports leaves and mismatched
   * containers; pushes a frame for two containers of one kind and returns true then.
   */
  const visit = (segment: PathSegment | undefined, a: unknown, b: unknown, ignore: IgnoreState | undefined, replaySegment: PathSegment | undefined = segment): boolean => {
    const isArray = Array.isArray(a);
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || (!isArray && (a instanceof ExactNumber || b instanceof ExactNumber))) {
      const equal =
        sameNumber(a, b) || (shapes !== undefined && bothHaveShape(a, b, shapes)) || (options.values !== undefined && leavesEqual(options.values, a, b, () => pathTo(segment)));
      if (!equal) report(segment, jsonType(a) === jsonType(b) ? 'changed' : 'type_changed', a, b, replaySegment);
      return false;
    }
    if (isArray !== Array.isArray(b)) {
      report(segment, 'type_changed', a, b, replaySegment);
      return false;
    }
    push(a, b, isArray, segment ?? '', ignore?.live === true ? ignore : undefined, replaySegment ?? '');
    return true;
  };

  /** The ignore state of `segment` under `frame`, or null when that child is ignored. */
  const childIgnore = (frame: Frame, segment: PathSegment): IgnoreState | undefined | null => {
    if (frame.ignore === undefined) return undefined;
    const state = matcher!.step(frame.ignore, segment);
    return state.ignored ? null : state;
  };

  const rootIgnore = matcher?.root;
  if (origin === replay || rootIgnore?.ignored === true) return { diffs, total };
  if (!visit(undefined, origin, replay, rootIgnore)) return { diffs, total };

  const stopAtFirst = options.stopAtFirst === true;
  const noteOnArray: Note = (make) => note(() => make(formatPath(pathTo(undefined))));
  while (depth >= 0 && !(stopAtFirst && total > 0)) {
    const frame = frames[depth]!;
    let descended = false;
    if (frame.isArray) {
      const a = frame.origin as unknown[];
      const b = frame.replay as unknown[];
      if (frame.steps === undefined && arrayKeys !== undefined) {
        const field = arrayKeyAt(arrayKeys, pathTo(undefined));
        if (field !== undefined) {
          const keyed = keyedSteps(a, b, field, elementsEqual, noteOnArray);
          frame.steps = keyed.steps;
          frame.segments = keyed.segments;
        }
      }
      if (frame.steps === undefined && unordered !== undefined && matchesExactly(unordered, pathTo(undefined))) frame.steps = multisetSteps(a, b, canonicalKey);
      if (frame.steps === undefined) {
        const alignment = alignArrays(a, b, elementsEqual);
        frame.steps = alignment.steps;
        if (alignment.byIndex) note(() => `${formatPath(pathTo(undefined))}: compared by index (too large to align)`);
      }
      const steps = frame.steps;
      const segments = frame.segments;
      while (frame.next < steps.length) {
        const op = steps[frame.next]!;
        const i = steps[frame.next + 1]!;
        const j = steps[frame.next + 2]!;
        const segment = segments === undefined ? (op === ADDED ? j : i) : segments[frame.next / 3]!;
        frame.next += 3;
        if (op === REMOVED) {
          if (childIgnore(frame, segment) !== null) report(segment, 'removed', a[i], undefined);
        } else if (op === ADDED) {
          if (childIgnore(frame, segment) !== null) report(segment, 'added', undefined, b[j]);
        } else if (op === PAIR) {
          const x = a[i];
          const y = b[j];
          // Keyed pairs are mostly equal: an exact check that allocates nothing beats a walk (no option makes equal values differ).
          if (x === y || (segments !== undefined && elementsEqual(x, y))) continue;
          const ignore = childIgnore(frame, segment);
          // An index names origin's element i, paired with replay's j (positional alignment, or elements without the key); a keyed segment names both.
          if (ignore !== null && visit(segment, x, y, ignore, typeof segment === 'number' ? j : segment)) {
            descended = true;
            break;
          }
        }
      }
      if (descended) continue;
    } else {
      const a = frame.origin as Record<string, unknown>;
      const b = frame.replay as Record<string, unknown>;
      const keys = frame.keys;
      while (frame.next < keys.length) {
        const key = keys[frame.next]!;
        frame.next += 1;
        if (!Object.hasOwn(b, key)) {
          if (!(nullMissing && a[key] === null) && childIgnore(frame, key) !== null) report(key, 'removed', a[key], undefined);
          continue;
        }
        frame.shared += 1;
        const x = a[key];
        const y = b[key];
        if (x === y) continue;
        const ignore = childIgnore(frame, key);
        if (ignore !== null && visit(key, x, y, ignore)) {
          descended = true;
          break;
        }
      }
      if (descended) continue;
      const replayKeys = frame.replayKeys;
      if (frame.shared < replayKeys.length) {
        for (const key of replayKeys) {
          if (!Object.hasOwn(a, key) && !(nullMissing && b[key] === null) && childIgnore(frame, key) !== null) report(key, 'added', undefined, b[key]);
        }
      }
    }
    // Drop references so a reused frame does not keep large bodies alive.
    frame.origin = undefined;
    frame.replay = undefined;
    frame.keys = NO_KEYS;
    frame.replayKeys = NO_KEYS;
    frame.steps = undefined;
    frame.segments = undefined;
    if (frame.replaySegment !== frame.segment) shifted -= 1;
    depth -= 1;
  }
  if (notesLeftOut > 0) notes!.push(`(${notesLeftOut} more notes)`);
  return notes === undefined ? { diffs, total } : { diffs, total, notes };
}

/**
 * How deep alignments may nest inside each other's equality checks. Past it, elements count as
 * unequal for alignment only: that weakens the alignment, never the result (unequal-looking
 * elements are paired and walked into), and keeps the stack bounded on deep nesting.
 */
const MAX_EQUALITY_NESTING = 32;
let equalityNesting = 0;

/** Equality used to align array elements: leaves directly, containers by {@link jsonEquals}. */
function elementsEqual(x: unknown, y: unknown): boolean {
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || x instanceof ExactNumber || y instanceof ExactNumber) return sameNumber(x, y);
  if (equalityNesting >= MAX_EQUALITY_NESTING) return false;
  equalityNesting += 1;
  try {
    return deepEqual(x, y, 0);
  } finally {
    equalityNesting -= 1;
  }
}

/** Nesting below which {@link deepEqual} recurses; deeper values go to the iterative walk. */
const MAX_RECURSIVE_DEPTH = 100;

/**
 * Equality by diffJson's rules without building a walk: arrays by index (equal arrays are
 * equal by index), objects by own keys. It is what alignment calls on every element, so it
 * allocates nothing; deep values fall back to {@link jsonEquals} to keep the stack bounded.
 */
function deepEqual(x: unknown, y: unknown, depth: number): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || x instanceof ExactNumber || y instanceof ExactNumber) return sameNumber(x, y);
  if (depth >= MAX_RECURSIVE_DEPTH) return jsonEquals(x, y);
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i += 1) if (!deepEqual(x[i], y[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  const a = x as Record<string, unknown>;
  const b = y as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key], depth + 1)) return false;
  return true;
}

/**
 * True when two parsed JSON values are equal ignoring key order (the rules of diffJson),
 * stopping at the first difference. Faster than comparing key-sorted serialisations.
 */
export function jsonEquals(origin: unknown, replay: unknown): boolean {
  return diffJson(origin, replay, { maxDiffs: 0, stopAtFirst: true }).total === 0;
}
