import { ADDED, alignArrays, matchesExactly, PAIR, REMOVED } from './array-alignment.js';
import { compileIgnorePaths, parseIgnorePath } from './ignore-paths.js';
import type { IgnoreMatcher, PathSegment } from './ignore-paths.js';
import { formatKeySegment, keyIdentity, keyValueOf } from './key-selector.js';
import type { KeyValue } from './key-selector.js';

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
  for (let i = 0; i < a.length; i += 1) {
    const value = origin.values[i];
    if (value === undefined) continue;
    const j = holder(holdersOf(replay, value), origin.occurrence[i]!);
    steps.push(j === undefined ? REMOVED : PAIR, i, j ?? -1);
    segments.push({ field, value });
  }
  for (let j = 0; j < b.length; j += 1) {
    const value = replay.values[j];
    if (value === undefined || replay.occurrence[j]! < count(holdersOf(origin, value))) continue;
    steps.push(ADDED, -1, j);
    segments.push({ field, value });
  }
  noteRepeatedKeys(origin, replay, field, note);
  if (origin.unkeyed.length > 0 || replay.unkeyed.length > 0) unkeyedSteps(a, b, origin.unkeyed, replay.unkeyed, field, equal, steps, segments, note);
  return { steps, segments };
}

/** The index of one element holding a key, or of each in order when several do. */
type Holders = number | number[];

/**
 * An array's elements by key. Numbers are looked up by value as Map keys (SameValueZero: `0`
 * and `-0` are one key); an exact number by its decimal key, as no double holds its value.
 */
interface KeyIndex {
  /** Each element's key; undefined for an element without one. */
  readonly values: (KeyValue | undefined)[];
  /** Each keyed element's rank among the elements of its key (0 for the first). */
  readonly occurrence: number[];
  readonly strings: Map<string, Holders>;
  readonly numbers: Map<number | string, Holders>;
  /** Indexes of the elements without a key. */
  readonly unkeyed: number[];
  /** Keys held by more than one element, in order of first repeat. */
  readonly repeated: KeyValue[];
}

function indexByKey(elements: readonly unknown[], field: string): KeyIndex {
  const index: KeyIndex = { values: [], occurrence: [], strings: new Map(), numbers: new Map(), unkeyed: [], repeated: [] };
  for (let i = 0; i < elements.length; i += 1) {
    const value = keyValueOf(elements[i], field);
    index.values.push(value);
    if (value === undefined) {
      index.occurrence.push(-1);
      index.unkeyed.push(i);
      continue;
    }
    const map = (typeof value === 'string' ? index.strings : index.numbers) as Map<string | number, Holders>;
    const key = typeof value === 'object' ? value.key : value;
    const held = map.get(key);
    if (held === undefined) {
      map.set(key, i);
      index.occurrence.push(0);
    } else if (typeof held === 'number') {
      map.set(key, [held, i]);
      index.occurrence.push(1);
      index.repeated.push(value);
    } else {
      index.occurrence.push(held.push(i) - 1);
    }
  }
  return index;
}

function holdersOf(index: KeyIndex, value: KeyValue): Holders | undefined {
  if (typeof value === 'string') return index.strings.get(value);
  return index.numbers.get(typeof value === 'object' ? value.key : value);
}

/** The `occurrence`-th holder, if there is one. */
function holder(held: Holders | undefined, occurrence: number): number | undefined {
  if (typeof held === 'number') return occurrence === 0 ? held : undefined;
  return held?.[occurrence];
}

function count(held: Holders | undefined): number {
  return held === undefined ? 0 : typeof held === 'number' ? 1 : held.length;
}

/** One note naming the first repeated key and its counts on both sides, and how many other keys repeat. */
function noteRepeatedKeys(origin: KeyIndex, replay: KeyIndex, field: string, note: Note): void {
  const first = origin.repeated[0] ?? replay.repeated[0];
  if (first === undefined) return;
  const identities = new Set([...origin.repeated, ...replay.repeated].map(keyIdentity));
  const counts = `${count(holdersOf(origin, first))} in origin, ${count(holdersOf(replay, first))} in replay`;
  const others = identities.size > 1 ? ` (and ${identities.size - 1} more repeated keys)` : '';
  note((path) => `${path}${formatKeySegment({ field, value: first })} is not unique (${counts})${others}: its elements are paired in order`);
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
