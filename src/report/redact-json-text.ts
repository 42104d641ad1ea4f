import type { IgnoreMatcher, IgnoreState } from '../compare/ignore-paths.js';

/** A container being scanned; `state` is null once no pattern can match below it. */
interface Frame {
  readonly array: boolean;
  readonly state: IgnoreState | null;
  index: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ESCAPED = new Set([...'"\\/bfnrtu'].map((ch) => ch.charCodeAt(0)));
const HEX_DIGIT = /^[0-9a-fA-F]{4}$/;
const LITERALS = ['true', 'false', 'null'] as const;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * `text` with the value at every path `matcher` matches replaced by `replacement` (a JSON
 * text such as `"[redacted]"`), and every other byte kept as written: numbers keep their
 * digits (JSON.parse would round integers beyond 2^53), key order, spacing and escapes stay
 * as sent. Returns `text` itself when nothing matched, and null when `text` is not one JSON
 * value as JSON.parse reads it. The scan is iterative, so any nesting depth is fine.
 */
export function redactJsonText(text: string, matcher: IgnoreMatcher, replacement: string): string | null {
  const stack: Frame[] = [];
  let out = '';
  let copied = 0;
  /** The stack depth at which the value being replaced started; -1 when none is. */
  let redactingAt = -1;
  let state: IgnoreState | null = matcher.isEmpty ? null : matcher.root;
  let i = skipSpace(text, 0);
  for (;;) {
    // A value starts at i, at path state `state`.
    if (redactingAt < 0 && state?.ignored === true) {
      out += text.slice(copied, i) + replacement;
      redactingAt = stack.length;
    }
    const ch = text.charCodeAt(i);
    if (ch === 0x7b || ch === 0x5b) {
      const array = ch === 0x5b;
      const inner = redactingAt >= 0 || state === null || !state.live ? null : state;
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === (array ? 0x5d : 0x7d)) {
        i += 1;
      } else {
        const frame: Frame = { array, state: inner, index: 0 };
        stack.push(frame);
        const next = array ? { end: i, state: step(matcher, inner, 0) } : member(text, i, matcher, inner);
        if (next === null) return null;
        i = next.end;
        state = next.state;
        continue;
      }
    } else {
      i = scalarEnd(text, i, ch);
      if (i < 0) return null;
    }
    // A value ended just before i: close containers until one has a next member.
    for (;;) {
      if (redactingAt === stack.length) {
        copied = i;
        redactingAt = -1;
      }
      i = skipSpace(text, i);
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        if (i !== text.length) return null;
        return copied === 0 ? text : out + text.slice(copied);
      }
      const c = text.charCodeAt(i);
      if (c === (frame.array ? 0x5d : 0x7d)) {
        i += 1;
        stack.pop();
        continue;
      }
      if (c !== 0x2c) return null;
      i = skipSpace(text, i + 1);
      frame.index += 1;
      const next = frame.array ? { end: i, state: step(matcher, frame.state, frame.index) } : member(text, i, matcher, frame.state);
      if (next === null) return null;
      i = next.end;
      state = next.state;
      break;
    }
  }
}

function step(matcher: IgnoreMatcher, state: IgnoreState | null, segment: string | number): IgnoreState | null {
  return state === null ? null : matcher.step(state, segment);
}

/** Reads `"key" :` at i; returns where its value starts and the value's path state. */
function member(text: string, i: number, matcher: IgnoreMatcher, state: IgnoreState | null): { end: number; state: IgnoreState | null } | null {
  if (text.charCodeAt(i) !== QUOTE) return null;
  const end = stringEnd(text, i);
  if (end < 0) return null;
  const colon = skipSpace(text, end);
  if (text.charCodeAt(colon) !== 0x3a) return null;
  let next: IgnoreState | null = null;
  if (state !== null) {
    const raw = text.slice(i + 1, end - 1);
    next = matcher.step(state, raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw);
  }
  return { end: skipSpace(text, colon + 1), state: next };
}

/** Where the string, number or literal starting at i ends; -1 when there is none. */
function scalarEnd(text: string, i: number, ch: number): number {
  if (ch === QUOTE) return stringEnd(text, i);
  for (const literal of LITERALS) if (text.startsWith(literal, i)) return i + literal.length;
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? NUMBER.lastIndex : -1;
}

/** The index just past the string opening at i, or -1 when it is not a valid JSON string. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j += 1) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < 0x20) return -1;
    if (c !== BACKSLASH) continue;
    const escaped = text.charCodeAt(j + 1);
    if (!ESCAPED.has(escaped)) return -1;
    if (escaped === 0x75) {
      if (!HEX_DIGIT.test(text.slice(j + 2, j + 6))) return -1;
      j += 4;
    }
    j += 1;
  }
  return -1;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  return i;
}
