import { parseIgnorePath, type PatternSegment } from './ignore-path-syntax.js';
import { formatKeySegment, keyIdentity, type KeySegment } from './key-selector.js';

export { parseIgnorePath, type PatternSegment } from './ignore-path-syntax.js';
export type { KeySegment } from './key-selector.js';

/**
 * One step of a path into a JSON value: an object key (string), an array index (number), or
 * the element of a keyed array named by its key (`--array-key`, see key-selector.ts). Patterns
 * treat a key segment as an index (`*`, `[*]` and `**` match it; `[0]` does not), besides the
 * `[field=key]` segment naming it.
 */
export type PathSegment = string | number | KeySegment;

/** Thrown by {@link compileIgnorePaths} for a pattern it cannot parse; `code` is stable. */
export class IgnorePathError extends Error {
  override readonly name = 'IgnorePathError';
  readonly code = 'INVALID_IGNORE_PATH';
  /** The pattern exactly as given. */
  readonly pattern: string;
  /** Why it was rejected, e.g. "empty segment at position 2". */
  readonly reason: string;

  constructor(pattern: string, reason: string) {
    super(`Invalid ignore path ${JSON.stringify(pattern)}: ${reason}`);
    this.pattern = pattern;
    this.reason = reason;
  }
}

/**
 * Where a walk stands in the ignore patterns after some path prefix.
 * `ignored`: this path (or an ancestor) matches a pattern, so its whole subtree is ignored.
 * `live`: some longer path could still match; when false the walker can stop asking.
 */
export interface IgnoreState {
  readonly ignored: boolean;
  readonly live: boolean;
}

/**
 * Compiled ignore patterns. A path is ignored when it or any of its ancestors matches a
 * pattern, so `matches` is also the check for pruning a subtree.
 */
export interface IgnoreMatcher {
  /** True when no patterns were given; callers may skip all matching. */
  readonly isEmpty: boolean;
  /** The state for the root path `[]`. */
  readonly root: IgnoreState;
  /** The state one segment below `state`; memoised, so cheap on repeated shapes. */
  step(state: IgnoreState, segment: PathSegment): IgnoreState;
  /** True when `path` or one of its ancestors matches a pattern. */
  matches(path: readonly PathSegment[]): boolean;
}

/** Keys printed bare by {@link formatPath}; anything else is printed as `["…"]`. */
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Whether {@link formatPath} prints object key `key` bare (`a.key`) rather than as `["…"]`. */
export function isBareKey(key: string): boolean {
  return BARE_KEY.test(key);
}

/**
 * Formats a path for humans and logs: `results.hint_list[0].score`. Keys that are not
 * identifier-like (e.g. `a.b`, `0`, `*`, `$`) print as `["a.b"]` (JSON string syntax);
 * indexes print as `[n]`; keyed elements as `[id=7]` (see formatKeySegment); the root path `[]` prints as `$`. The output, when not `$`, parses
 * back with {@link parseIgnorePath} into a pattern that matches exactly this path.
 */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '$';
  let out = '';
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i]!;
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'object') out += formatKeySegment(segment);
    else if (BARE_KEY.test(segment)) out += i === 0 ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Above this many memoised states, new states are built per step and not kept, so memory
 * stays bounded even for patterns whose state sets multiply (deep `**` with many `*`).
 */
const MAX_CACHED_STATES = 4096;

interface State extends IgnoreState {
  /** Sorted positions in the flattened pattern list that this path prefix can be at. */
  readonly positions: readonly number[];
  /** Whether this state is in the memo; only transitions to memoised states are kept. */
  readonly cached: boolean;
  readonly byKey: Map<string, State>;
  readonly byIndex: Map<number, State>;
  /** Keyed elements that a `[field=key]` pattern names, by {@link selectorId}. */
  readonly bySelector: Map<string, State>;
  otherKey: State | undefined;
  otherIndex: State | undefined;
  /** With key regexes, a key no pattern names goes by which regexes match it (see keyClass). */
  readonly byKeyClass: Map<string, State>;
}

/**
 * Compiles ignore patterns into a matcher (a lazily built automaton: one map lookup per
 * path segment once warm). Throws {@link IgnorePathError} naming the first invalid pattern.
 * An empty list gives a matcher that ignores nothing and reports `isEmpty`.
 */
export function compileIgnorePaths(patterns: readonly string[]): IgnoreMatcher {
  // All patterns are laid end to end; `accept` marks the position just past each pattern.
  const steps: (PatternSegment | undefined)[] = [];
  const starts: number[] = [];
  const literalKeys = new Set<string>();
  const literalIndexes = new Set<number>();
  const keyRegexes: RegExp[] = [];
  const literalSelectors = new Set<string>();
  for (const pattern of patterns) {
    const parsed = parseIgnorePath(pattern);
    if ('error' in parsed) throw new IgnorePathError(pattern, parsed.error);
    starts.push(steps.length);
    for (const segment of parsed.segments) {
      steps.push(segment);
      if (segment.kind === 'key') literalKeys.add(segment.key);
      if (segment.kind === 'index') literalIndexes.add(segment.index);
      if (segment.kind === 'keyPattern') keyRegexes.push(segment.regex);
      if (segment.kind === 'keySelector') literalSelectors.add(selectorText(segment.field, segment.identity));
    }
    steps.push(undefined);
  }

  const cache = new Map<string, State>();

  const closure = (positions: Iterable<number>): number[] => {
    const seen = new Set<number>();
    for (let p of positions) {
      while (!seen.has(p)) {
        seen.add(p);
        if (steps[p]?.kind !== 'anyDepth') break;
        p += 1;
      }
    }
    return [...seen].sort((a, b) => a - b);
  };

  const stateFor = (positions: number[]): State => {
    const id = positions.join(',');
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const ignored = positions.some((p) => steps[p] === undefined);
    const cacheable = cache.size < MAX_CACHED_STATES;
    const state: State = {
      ignored,
      cached: cacheable,
      live: !ignored && positions.length > 0,
      positions,
      byKey: new Map(),
      byIndex: new Map(),
      bySelector: new Map(),
      otherKey: undefined,
      otherIndex: undefined,
      byKeyClass: new Map(),
    };
    if (cacheable) cache.set(id, state);
    return state;
  };

  // `literal` false means "a key, index or keyed element no pattern names", which only wildcards match.
  const advance = (from: State, segment: PathSegment, literal: boolean): State => {
    const next: number[] = [];
    const isKey = typeof segment === 'string';
    const selector = typeof segment === 'object' && literal ? selectorId(segment) : undefined;
    for (const p of from.positions) {
      const step = steps[p];
      if (step === undefined) continue;
      if (step.kind === 'anyDepth') next.push(p);
      else if (
        step.kind === 'anyOne' ||
        (step.kind === 'anyIndex' && !isKey) ||
        (literal && step.kind === 'key' && step.key === segment) ||
        (literal && step.kind === 'index' && step.index === segment) ||
        (step.kind === 'keyPattern' && isKey && step.regex.test(segment)) ||
        (selector !== undefined && step.kind === 'keySelector' && selectorText(step.field, step.identity) === selector)
      ) {
        next.push(p + 1);
      }
    }
    return stateFor(closure(next));
  };

  // Transitions are only kept towards cached states, so memory stays bounded.
  const step = (current: IgnoreState, segment: PathSegment): IgnoreState => {
    const from = current as State;
    if (from.ignored || !from.live) return from;
    if (typeof segment === 'string') {
      if (!literalKeys.has(segment) && keyRegexes.length > 0) {
        // Keys are unbounded (ids as keys), so memoise by the regexes they match, never by the key.
        const keyClass = keyRegexes.map((regex) => (regex.test(segment) ? '1' : '0')).join('');
        const known = from.byKeyClass.get(keyClass);
        if (known !== undefined) return known;
        const to = advance(from, segment, false);
        if (to.cached) from.byKeyClass.set(keyClass, to);
        return to;
      }
      if (!literalKeys.has(segment)) {
        if (from.otherKey !== undefined) return from.otherKey;
        const to = advance(from, segment, false);
        if (to.cached) from.otherKey = to;
        return to;
      }
      const known = from.byKey.get(segment);
      if (known !== undefined) return known;
      const to = advance(from, segment, true);
      if (to.cached) from.byKey.set(segment, to);
      return to;
    }
    if (typeof segment === 'object') {
      const id = literalSelectors.size === 0 ? undefined : selectorId(segment);
      if (id !== undefined && literalSelectors.has(id)) {
        const known = from.bySelector.get(id);
        if (known !== undefined) return known;
        const to = advance(from, segment, true);
        if (to.cached) from.bySelector.set(id, to);
        return to;
      }
      // A keyed element no pattern names matches exactly what an index no pattern names does.
      if (from.otherIndex !== undefined) return from.otherIndex;
      const to = advance(from, segment, false);
      if (to.cached) from.otherIndex = to;
      return to;
    }
    if (!literalIndexes.has(segment)) {
      if (from.otherIndex !== undefined) return from.otherIndex;
      const to = advance(from, segment, false);
      if (to.cached) from.otherIndex = to;
      return to;
    }
    const known = from.byIndex.get(segment);
    if (known !== undefined) return known;
    const to = advance(from, segment, true);
    if (to.cached) from.byIndex.set(segment, to);
    return to;
  };

  const root = stateFor(closure(starts));
  return {
    isEmpty: patterns.length === 0,
    root,
    step,
    matches(path) {
      let state: IgnoreState = root;
      for (const segment of path) {
        if (state.ignored || !state.live) break;
        state = step(state, segment);
      }
      return state.ignored;
    },
  };
}

/** One text per (field, key) pair, as patterns and segments both give it. */
function selectorId(segment: KeySegment): string {
  return selectorText(segment.field, keyIdentity(segment.value));
}

function selectorText(field: string, identity: string): string {
  return JSON.stringify([field, identity]);
}
