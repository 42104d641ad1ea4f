import { ADDED, alignArrays, matchesExactly, PAIR, REMOVED } from './array-alignment.js';
import { compileIgnorePaths, parseIgnorePath } from './ignore-paths.js';
import type { IgnoreMatcher, PathSegment } from './ignore-paths.js';
import { formatKeySegment, keyIdentity, keyValueOf } from './key-selector.js';
import type { KeySegment } from './key-selector.js';

/*
 * Arrays whose elements are objects matched by a key field (`--array-key results.items=id`):
 * elements are paired by key wherever they sit, and named by it (`results.items[id=7].price`).
 */

/** `PATH=FIELD`: the elements of the array at PATH are matched by their FIELD. */
export interface ArrayKeyRule {
  readonly path: string;
  readonly field: string;
}

export interface CompiledArrayKey {
  readonly matcher: IgnoreMatcher;
  readonly field: string;
}

/** Parses `PATH=FIELD` (the last `=` splits, so PATH may hold a `[field=key]` of its own); `{ error }` says what is wrong. */
export function parseArrayKey(spec: string): ArrayKeyRule | { error: string } {
  const at = spec.lastIndexOf('=');
  if (at <= 0 || at === spec.length - 1) return { error: 'expected PATH=FIELD, e.g. results.items=id' };
  const path = spec.slice(0, at);
  const parsed = parseIgnorePath(path);
  if ('error' in parsed) return { error: parsed.error };
  return { path, field: spec.slice(at + 1) };
}

/** Compiles rules already checked by {@link parseArrayKey}, in the order they apply; undefined when there are none. */
export function compileArrayKeys(rules: readonly ArrayKeyRule[]): CompiledArrayKey[] | undefined {
  if (rules.length === 0) return undefined;
  return rules.map((rule) => ({ matcher: compileIgnorePaths([rule.path]), field: rule.field }));
}

/** The key field of the array at `path`: the first rule naming that path exactly, else undefined. */
export function arrayKeyAt(keys: readonly CompiledArrayKey[], path: readonly PathSegment[]): string | undefined {
  for (const key of keys) if (matchesExactly(key.matcher, path)) return key.field;
  return undefined;
}

/** An array's walk steps (`[op, originIndex, replayIndex]` triples, as alignArrays gives them) and each step's segment. */
export interface KeyedSteps {
  readonly steps: number[];
  readonly segments: PathSegment[];
}

/** Adds a note about the array being walked; `make` gets its formatted path and is called only when the note is kept. */
export type Note = (make: (arrayPath: string) => string) => void;

/**
 * Matches two arrays' elements by `field`. In walk order: origin's keyed elements in its order,
 * each paired with replay's element of the same key (walked into, at `[field=key]`) or removed;
 * then replay's keyed elements no origin element has, added. A key held by several elements
 * of one side pairs them in order of occurrence (the extra ones added or removed) and is named
 * in a note. Elements without the key (not objects, no such field, or a value that is not a
 * string or number) are aligned among themselves as any array is, at their indexes, and named
 * in a note: they are compared, never dropped.
 */
export function keyedSteps(a: readonly unknown[], b: readonly unknown[], field: string, equal: (x: unknown, y: unknown) => boolean, note: Note): KeyedSteps {
  const origin = indexByKey(a, field);
  const replay = indexByKey(b, field);
  const steps: number[] = [];
  const segments: PathSegment[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < a.length; i += 1) {
    const id = origin.ids[i];
    if (id === undefined) continue;
    const occurrence = seen.get(id) ?? 0;
    seen.set(id, occurrence + 1);
    const j = replay.byKey.get(id)?.[occurrence];
    steps.push(j === undefined ? REMOVED : PAIR, i, j ?? -1);
    segments.push(origin.segments[i]!);
  }
  seen.clear();
  for (let j = 0; j < b.length; j += 1) {
    const id = replay.ids[j];
    if (id === undefined) continue;
    const occurrence = seen.get(id) ?? 0;
    seen.set(id, occurrence + 1);
    if (occurrence < (origin.byKey.get(id)?.length ?? 0)) continue;
    steps.push(ADDED, -1, j);
    segments.push(replay.segments[j]!);
  }
  noteRepeatedKeys(origin, replay, note);
  if (origin.unkeyed.length > 0 || replay.unkeyed.length > 0) unkeyedSteps(a, b, origin.unkeyed, replay.unkeyed, field, equal, steps, segments, note);
  return { steps, segments };
}

interface KeyIndex {
  /** Each element's key identity; undefined for an element without a key. */
  readonly ids: (string | undefined)[];
  /** Each keyed element's segment. */
  readonly segments: (KeySegment | undefined)[];
  /** The indexes holding each key, in order. */
  readonly byKey: Map<string, number[]>;
  /** Indexes of the elements without a key. */
  readonly unkeyed: number[];
  /** Keys held by more than one element, in order of first repeat. */
  readonly repeated: string[];
}

function indexByKey(elements: readonly unknown[], field: string): KeyIndex {
  const index: KeyIndex = { ids: [], segments: [], byKey: new Map(), unkeyed: [], repeated: [] };
  for (let i = 0; i < elements.length; i += 1) {
    const value = keyValueOf(elements[i], field);
    if (value === undefined) {
      index.ids.push(undefined);
      index.segments.push(undefined);
      index.unkeyed.push(i);
      continue;
    }
    const id = keyIdentity(value);
    index.ids.push(id);
    index.segments.push({ field, value });
    const holders = index.byKey.get(id);
    if (holders === undefined) index.byKey.set(id, [i]);
    else if (holders.push(i) === 2) index.repeated.push(id);
  }
  return index;
}

/** One note naming the first repeated key and its counts on both sides, and how many other keys repeat. */
function noteRepeatedKeys(origin: KeyIndex, replay: KeyIndex, note: Note): void {
  const repeated = [...new Set([...origin.repeated, ...replay.repeated])];
  const first = repeated[0];
  if (first === undefined) return;
  const holder = origin.byKey.get(first)?.[0];
  const segment = holder === undefined ? replay.segments[replay.byKey.get(first)![0]!]! : origin.segments[holder]!;
  const counts = `${origin.byKey.get(first)?.length ?? 0} in origin, ${replay.byKey.get(first)?.length ?? 0} in replay`;
  const others = repeated.length > 1 ? ` (and ${repeated.length - 1} more repeated keys)` : '';
  note((path) => `${path}${formatKeySegment(segment)} is not unique (${counts})${others}: its elements are paired in order`);
}

/** The elements without a key, aligned among themselves and named by index. */
function unkeyedSteps(
  a: readonly unknown[],
  b: readonly unknown[],
  originIndexes: readonly number[],
  replayIndexes: readonly number[],
  field: string,
  equal: (x: unknown, y: unknown) => boolean,
  steps: number[],
  segments: PathSegment[],
  note: Note,
): void {
  const alignment = alignArrays(
    originIndexes.map((i) => a[i]),
    replayIndexes.map((j) => b[j]),
    equal,
  );
  for (let k = 0; k < alignment.steps.length; k += 3) {
    const op = alignment.steps[k]!;
    const i = op === ADDED ? -1 : originIndexes[alignment.steps[k + 1]!]!;
    const j = op === REMOVED ? -1 : replayIndexes[alignment.steps[k + 2]!]!;
    steps.push(op, i, j);
    segments.push(op === ADDED ? j : i);
  }
  const how = alignment.byIndex ? 'compared by index (too large to align)' : 'aligned by position';
  note((path) => `${path}: elements without a key ${JSON.stringify(field)} (a string or number), ${originIndexes.length} in origin and ${replayIndexes.length} in replay: ${how}`);
}
