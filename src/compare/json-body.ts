import { ExactNumber, doubleKeepsValue } from './exact-number.js';

/** Marks a body that is not JSON (or not valid UTF-8). */
export const NOT_JSON: unique symbol = Symbol('not-json');

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses a decoded body as JSON. Returns NOT_JSON for empty bodies, invalid UTF-8 and
 * anything JSON.parse rejects; never throws. A UTF-8 byte-order mark is skipped.
 *
 * Numbers are doubles, as JSON.parse makes them, except a literal whose value no double
 * holds (`12345678901234567890`, `0.10000000000000001`, `1e400`): the body is then parsed
 * again keeping such literals as {@link ExactNumber}s, so that values compare exactly.
 */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return NOT_JSON;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return NOT_JSON;
  }
  return parseText(text, hasLongRun(body));
}

/** `longRuns`: false when the text is known to have no run of 16 digits and points. */
function parseText(text: string, longRuns: boolean): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  return (longRuns && longRunInexact(text)) || longExponentInexact(text) ? parseKeepingNumbers(text) : parsed;
}

/** JSON whitespace. */
function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isDigitOrPoint(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 46;
}

/** Characters of a number literal: digits, `.`, `e`, `E`, `+`, `-`. */
function isNumberChar(code: number): boolean {
  return isDigitOrPoint(code) || code === 101 || code === 69 || code === 43 || code === 45;
}

/*
 * Only two kinds of number literal can have a value no double holds: one of 16 digits or
 * more (a run of digits and a point at least 16 long), and one with an exponent of three
 * digits or more. Up to 15 digits and a two-digit exponent stay within the range where every
 * decimal round-trips. Runs are found by looking at every 16th character (a run of 16 holds
 * one), exponents by one regular expression; each candidate that stands where a JSON value
 * stands is checked with doubleKeepsValue. A string that merely looks like such a number
 * (`"n:1e400,"`) costs an exact parse that finds nothing, never a wrong value.
 */

/** Whether the bytes hold a run of 16 digits and points: the cheap first look, on the body's bytes. */
function hasLongRun(bytes: Uint8Array): boolean {
  const length = bytes.length;
  for (let i = 15; i < length; i += 16) {
    if (!isDigitOrPoint(bytes[i]!)) continue;
    let start = i;
    while (start > i - 15 && isDigitOrPoint(bytes[start - 1]!)) start -= 1;
    let end = i + 1;
    while (end - start < 16 && end < length && isDigitOrPoint(bytes[end]!)) end += 1;
    if (end - start >= 16) return true;
  }
  return false;
}

/** Whether a run of 16 digits and points in `text` is a number literal no double holds. */
function longRunInexact(text: string): boolean {
  const length = text.length;
  let checkedTo = 0;
  for (let i = 15; i < length; i += 16) {
    if (i < checkedTo || !isDigitOrPoint(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigitOrPoint(text.charCodeAt(start - 1))) start -= 1;
    let end = i + 1;
    while (end < length && isDigitOrPoint(text.charCodeAt(end))) end += 1;
    checkedTo = end;
    if (end - start >= 16 && !literalAtHoldsExactly(text, i)) return true;
  }
  return false;
}

/** A possible exponent of three or more digits. */
const LONG_EXPONENT = /\d[eE][+-]?\d{3}/g;

/** Whether a literal with an exponent of three digits or more in `text` is one no double holds. */
function longExponentInexact(text: string): boolean {
  LONG_EXPONENT.lastIndex = 0;
  for (let match = LONG_EXPONENT.exec(text); match !== null; match = LONG_EXPONENT.exec(text)) {
    if (!literalAtHoldsExactly(text, match.index)) return true;
  }
  return false;
}

/**
 * False when the number-like characters around `at` form a number literal standing where a
 * JSON value stands (after `:`, `,`, `[` or at the start; before `,`, `}`, `]` or the end)
 * whose value no double holds; true otherwise (for a hex string, a word, a date).
 */
function literalAtHoldsExactly(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start -= 1;
  let end = at;
  while (end < text.length && isNumberChar(text.charCodeAt(end))) end += 1;
  let before = start - 1;
  while (before >= 0 && isSpace(text.charCodeAt(before))) before -= 1;
  const opener = before < 0 ? 58 : text.charCodeAt(before);
  if (opener !== 58 && opener !== 44 && opener !== 91) return true;
  let after = end;
  while (after < text.length && isSpace(text.charCodeAt(after))) after += 1;
  const closer = after === text.length ? 44 : text.charCodeAt(after);
  if (closer !== 44 && closer !== 125 && closer !== 93) return true;
  return doubleKeepsValue(text.slice(start, end));
}

/** A container being filled by {@link parseKeepingNumbers}. */
interface Open {
  readonly value: unknown[] | Record<string, unknown>;
  /** The key the next value goes under (objects only). */
  key: string;
}

/**
 * Parses valid JSON `text` (JSON.parse accepted it) into the values JSON.parse gives, except
 * that number literals no double holds become {@link ExactNumber}s. Iterative, so any depth
 * JSON.parse accepts is fine; `__proto__` is an ordinary key, as in JSON.parse.
 */
function parseKeepingNumbers(text: string): unknown {
  const open: Open[] = [];
  let i = skipSpace(text, 0);
  for (;;) {
    // Read one value; containers are opened and their first member read on the next turn.
    let value: unknown;
    const code = text.charCodeAt(i);
    if (code === 123 || code === 91) {
      const container: Open = { value: code === 123 ? {} : [], key: '' };
      i = skipSpace(text, i + 1);
      const empty = text.charCodeAt(i) === (code === 123 ? 125 : 93);
      if (!empty) {
        open.push(container);
        if (code === 123) i = readKey(text, i, container);
        continue;
      }
      i += 1;
      value = container.value;
    } else if (code === 34) {
      const end = stringEnd(text, i);
      value = stringValue(text, i, end);
      i = end;
    } else if (code === 116 || code === 102 || code === 110) {
      value = code === 116 ? true : code === 102 ? false : null;
      i += code === 102 ? 5 : 4;
    } else {
      let end = i + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end += 1;
      const literal = text.slice(i, end);
      value = doubleKeepsValue(literal) ? Number(literal) : new ExactNumber(literal);
      i = end;
    }
    // Store it, then close every container that ends here.
    for (;;) {
      const top = open[open.length - 1];
      if (top === undefined) return value;
      if (Array.isArray(top.value)) top.value.push(value);
      else setMember(top.value, top.key, value);
      i = skipSpace(text, i);
      if (text.charCodeAt(i) === 44) {
        i = skipSpace(text, i + 1);
        if (!Array.isArray(top.value)) i = readKey(text, i, top);
        break;
      }
      i += 1;
      open.pop();
      value = top.value;
    }
  }
}

/** Reads `"key" :` at `i` into `container.key`; returns where the value starts. */
function readKey(text: string, i: number, container: Open): number {
  const end = stringEnd(text, i);
  container.key = stringValue(text, i, end);
  return skipSpace(text, skipSpace(text, end) + 1);
}

function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

/** The index just past the string opening at `start` (valid JSON: it is closed). */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
}

/** The value of the string literal `text[start, end)`: its inside, or JSON.parse of it when it has escapes. */
function stringValue(text: string, start: number, end: number): string {
  const inside = text.slice(start + 1, end - 1);
  return inside.indexOf('\\') === -1 ? inside : (JSON.parse(text.slice(start, end)) as string);
}
