/** One step of a path into a JSON value: an object key (string) or an array index (number). */
export type PathSegment = string | number;

/**
 * One parsed step of an ignore pattern.
 * `key`/`index` match that exact key or index; `anyOne` (`*`) matches one key or index;
 * `anyIndex` (`[*]`) matches one array index only; `anyDepth` (`**`) matches zero or more steps.
 */
export type PatternSegment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'anyOne' }
  | { readonly kind: 'anyIndex' }
  | { readonly kind: 'anyDepth' };

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

/**
 * Parses one pattern: dot-separated keys, `[n]` indexes, `["quoted key"]`, `*`, `[*]`, `**`.
 * Returns the segments, or `{ error }` describing the first problem (empty pattern, empty
 * segment, unclosed or malformed bracket, `*` inside a key). Never throws.
 */
export function parseIgnorePath(pattern: string): { segments: PatternSegment[] } | { error: string } {
  if (pattern.length === 0) return { error: 'pattern is empty' };
  const segments: PatternSegment[] = [];
  let pos = 0;
  while (pos < pattern.length) {
    const ch = pattern[pos];
    if (ch === '[') {
      const parsed = parseBracket(pattern, pos);
      if ('error' in parsed) return parsed;
      segments.push(parsed.segment);
      pos = parsed.end;
      continue;
    }
    if (ch === '.') {
      if (segments.length === 0) return { error: `empty segment at position ${pos}` };
      pos += 1;
    } else if (segments.length > 0) {
      return { error: `expected '.' or '[' at position ${pos}` };
    }
    let end = pos;
    while (end < pattern.length && pattern[end] !== '.' && pattern[end] !== '[') end += 1;
    const token = pattern.slice(pos, end);
    const parsed = parseBareToken(token, pos);
    if ('error' in parsed) return parsed;
    segments.push(parsed.segment);
    pos = end;
  }
  return { segments };
}

function parseBareToken(token: string, pos: number): { segment: PatternSegment } | { error: string } {
  if (token.length === 0) return { error: `empty segment at position ${pos}` };
  if (token === '*') return { segment: { kind: 'anyOne' } };
  if (token === '**') return { segment: { kind: 'anyDepth' } };
  if (token.includes('*')) return { error: `'*' must be a whole segment at position ${pos}` };
  if (token.includes(']')) return { error: `unexpected ']' at position ${pos + token.indexOf(']')}` };
  return { segment: { kind: 'key', key: token } };
}

function parseBracket(pattern: string, open: number): { segment: PatternSegment; end: number } | { error: string } {
  if (pattern[open + 1] === '"') {
    let j = open + 2;
    while (j < pattern.length && pattern[j] !== '"') j += pattern[j] === '\\' ? 2 : 1;
    if (j >= pattern.length || pattern[j + 1] !== ']') {
      return { error: `unclosed '[' at position ${open}` };
    }
    let key: unknown;
    try {
      key = JSON.parse(pattern.slice(open + 1, j + 1));
    } catch {
      return { error: `invalid quoted key at position ${open}` };
    }
    return { segment: { kind: 'key', key: String(key) }, end: j + 2 };
  }
  const close = pattern.indexOf(']', open + 1);
  if (close === -1) return { error: `unclosed '[' at position ${open}` };
  const inner = pattern.slice(open + 1, close);
  if (inner === '*') return { segment: { kind: 'anyIndex' }, end: close + 1 };
  if (/^[0-9]+$/.test(inner) && Number.isSafeInteger(Number(inner))) {
    return { segment: { kind: 'index', index: Number(inner) }, end: close + 1 };
  }
  return { error: `'[...]' must hold an index, '*' or a quoted key at position ${open}` };
}

/** Keys printed bare by {@link formatPath}; anything else is printed as `["…"]`. */
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a path for humans and logs: `results.hint_list[0].score`. Keys that are not
 * identifier-like (e.g. `a.b`, `0`, `*`, `$`) print as `["a.b"]` (JSON string syntax);
 * indexes print as `[n]`; the root path `[]` prints as `$`. The output, when not `$`, parses
 * back with {@link parseIgnorePath} into a pattern that matches exactly this path.
 */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '$';
  let out = '';
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i]!;
    if (typeof segment === 'number') out += `[${segment}]`;
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
  otherKey: State | undefined;
  otherIndex: State | undefined;
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
  for (const pattern of patterns) {
    const parsed = parseIgnorePath(pattern);
    if ('error' in parsed) throw new IgnorePathError(pattern, parsed.error);
    starts.push(steps.length);
    for (const segment of parsed.segments) {
      steps.push(segment);
      if (segment.kind === 'key') literalKeys.add(segment.key);
      if (segment.kind === 'index') literalIndexes.add(segment.index);
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
      otherKey: undefined,
      otherIndex: undefined,
    };
    if (cacheable) cache.set(id, state);
    return state;
  };

  // `literal` false means "a key or index no pattern names", which only wildcards match.
  const advance = (from: State, segment: PathSegment, literal: boolean): State => {
    const next: number[] = [];
    const isIndex = typeof segment === 'number';
    for (const p of from.positions) {
      const step = steps[p];
      if (step === undefined) continue;
      if (step.kind === 'anyDepth') next.push(p);
      else if (
        step.kind === 'anyOne' ||
        (step.kind === 'anyIndex' && isIndex) ||
        (literal && step.kind === 'key' && step.key === segment) ||
        (literal && step.kind === 'index' && step.index === segment)
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
