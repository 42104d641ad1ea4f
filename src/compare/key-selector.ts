import { decimalKey, ExactNumber } from './exact-number.js';

/*
 * The key selector of a path: an element of an array matched by one of its fields
 * (`--array-key results.items=id`) is named by that field's value, `results.items[id=7]`,
 * not by its index. Formatting, parsing (in ignore, unordered, tolerance and array-key paths)
 * and matching identity live here.
 */

/** A key value: a JSON string or number (a double, or an exact number no double holds). */
export type KeyValue = string | number | ExactNumber;

/** One step into a keyed array: the element whose `field` holds `value`. A plain object, so results stay cloneable. */
export interface KeySegment {
  readonly field: string;
  readonly value: KeyValue;
}

/** The key of an array element under `field`: its value when the element is an object holding a string or number there, else undefined. */
export function keyValueOf(element: unknown, field: string): KeyValue | undefined {
  if (typeof element !== 'object' || element === null || Array.isArray(element) || element instanceof ExactNumber) return undefined;
  if (!Object.hasOwn(element, field)) return undefined;
  const value = (element as Record<string, unknown>)[field];
  if (typeof value === 'string' || value instanceof ExactNumber) return value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A text equal for two key values exactly when they name the same key: strings by their text,
 * numbers by decimal value (`7` and `7.0` are one key). A string never names the same key as a
 * number (`"7"` and `7` differ), as JSON keeps the two apart.
 */
export function keyIdentity(value: KeyValue): string {
  if (typeof value === 'string') return `s${value}`;
  return `n${value instanceof ExactNumber ? value.key : decimalKey(String(value))}`;
}

/** Fields printed bare, as keys are by formatPath. */
const BARE_FIELD = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** String values printed bare, unless they read as a number. */
const BARE_VALUE = /^[A-Za-z0-9_.:-]+$/;
/** What a bare value reading as a number looks like (a looser form than JSON's: `007` is the number 7). */
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * `[id=7]`, `[sku=A-1]`, `[id="7"]` (a string that reads as a number is quoted), `[name="a]b c"]`
 * (any other string is written in JSON string syntax), `["my field"=7]` for a field that is not
 * identifier-like. Numbers print as written (an exact number) or as `String(x)` (a double).
 */
export function formatKeySegment(segment: KeySegment): string {
  const field = BARE_FIELD.test(segment.field) ? segment.field : JSON.stringify(segment.field);
  return `[${field}=${formatKeyValue(segment.value)}]`;
}

function formatKeyValue(value: KeyValue): string {
  if (typeof value !== 'string') return String(value);
  return BARE_VALUE.test(value) && !NUMBER_TEXT.test(value) ? value : JSON.stringify(value);
}

/** A key selector as read from a pattern: the field and the {@link keyIdentity} of its value. */
export interface ParsedKeySelector {
  readonly field: string;
  readonly identity: string;
  /** The index just past the closing `]`. */
  readonly end: number;
}

/**
 * Reads the value of a key selector whose field is already read and whose value starts at
 * `start` (just after `=`), up to the closing `]`: a JSON string, a number, or a bare word
 * (letters, digits, `_ . : -`). `open` is the position of `[`, for messages.
 */
export function parseKeySelectorValue(pattern: string, field: string, start: number, open: number): ParsedKeySelector | { error: string } {
  if (field === '') return { error: `empty key field at position ${open}` };
  if (pattern[start] === '"') {
    const quoted = readJsonString(pattern, start);
    if ('error' in quoted && quoted.error === 'invalid') return { error: `invalid quoted key at position ${start}` };
    if ('error' in quoted || pattern[quoted.end] !== ']') return { error: `unclosed '[' at position ${open}` };
    return { field, identity: keyIdentity(quoted.text), end: quoted.end + 1 };
  }
  const close = pattern.indexOf(']', start);
  if (close === -1) return { error: `unclosed '[' at position ${open}` };
  const text = pattern.slice(start, close);
  if (NUMBER_TEXT.test(text)) return { field, identity: `n${decimalKey(text)}`, end: close + 1 };
  if (!BARE_VALUE.test(text)) return { error: `a key must be a number, a word of letters, digits, '_', '.', ':', '-' or a quoted string at position ${start}` };
  return { field, identity: keyIdentity(text), end: close + 1 };
}

/** The JSON string opening at `start` (a `"`), and the index just past its closing quote; `{ error }` when it has no closing quote or is not valid JSON. */
export function readJsonString(pattern: string, start: number): { text: string; end: number } | { error: 'unclosed' | 'invalid' } {
  let j = start + 1;
  while (j < pattern.length && pattern[j] !== '"') j += pattern[j] === '\\' ? 2 : 1;
  if (j >= pattern.length) return { error: 'unclosed' };
  try {
    return { text: String(JSON.parse(pattern.slice(start, j + 1))), end: j + 1 };
  } catch {
    return { error: 'invalid' };
  }
}
