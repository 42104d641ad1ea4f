/* The syntax of ignore (and redaction) paths; compiled into a matcher by ignore-paths.ts. */

import { parseKeySelectorValue, readJsonString } from './key-selector.js';

/**
 * One parsed step of an ignore pattern.
 * `key`/`index` match that exact key or index; `anyOne` (`*`) matches one key or index;
 * `anyIndex` (`[*]`) matches one array index only; `anyDepth` (`**`) matches zero or more steps;
 * `keyPattern` (`/regex/flags`) matches one object key the regex finds a match in;
 * `keySelector` (`[id=7]`) matches the element of a keyed array whose `field` holds that key
 * (`identity` as {@link keyIdentity} gives it).
 */
export type PatternSegment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'anyOne' }
  | { readonly kind: 'anyIndex' }
  | { readonly kind: 'anyDepth' }
  | { readonly kind: 'keyPattern'; readonly regex: RegExp }
  | { readonly kind: 'keySelector'; readonly field: string; readonly identity: string };

/**
 * Parses one pattern: dot-separated keys, `[n]` indexes, `["quoted key"]`, `*`, `[*]`, `**`,
 * `/regex/flags` keys, `[field=key]` elements of keyed arrays (see key-selector.ts). A pattern that is one regex alone matches at any depth (it reads as
 * `**./regex/`), since a key pattern is mostly meant for every field so named. A key starting
 * with `/` is written quoted: `["/path"]`. Returns the segments, or `{ error }` describing the
 * first problem (empty pattern, empty segment, unclosed or malformed bracket or regex, `*`
 * inside a key). Never throws.
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
    if (pattern[pos] === '/') {
      const parsed = parseKeyRegex(pattern, pos);
      if ('error' in parsed) return parsed;
      segments.push(parsed.segment);
      pos = parsed.end;
      continue;
    }
    let end = pos;
    while (end < pattern.length && pattern[end] !== '.' && pattern[end] !== '[') end += 1;
    const token = pattern.slice(pos, end);
    const parsed = parseBareToken(token, pos);
    if ('error' in parsed) return parsed;
    segments.push(parsed.segment);
    pos = end;
  }
  const only = segments[0];
  return segments.length === 1 && only?.kind === 'keyPattern' ? { segments: [{ kind: 'anyDepth' }, only] } : { segments };
}

/** Flags that keep `test` stateless (`g` and `y` would make it remember the last match). */
const KEY_REGEX_FLAGS = /^[imsu]*$/;

/** `/body/flags` from `open`, ending at the end of the pattern, a `.` or a `[`; a `/` inside `[...]` or after `\` belongs to the body. */
function parseKeyRegex(pattern: string, open: number): { segment: PatternSegment; end: number } | { error: string } {
  let j = open + 1;
  let inClass = false;
  while (j < pattern.length && (inClass || pattern[j] !== '/')) {
    if (pattern[j] === '\\') j += 1;
    else if (pattern[j] === '[') inClass = true;
    else if (pattern[j] === ']') inClass = false;
    j += 1;
  }
  if (j >= pattern.length || j === open + 1) return { error: `unclosed or empty regex at position ${open}` };
  let end = j + 1;
  while (end < pattern.length && pattern[end] !== '.' && pattern[end] !== '[') end += 1;
  const flags = pattern.slice(j + 1, end);
  if (!KEY_REGEX_FLAGS.test(flags)) return { error: `regex flags must be among i, m, s, u at position ${j + 1}` };
  try {
    return { segment: { kind: 'keyPattern', regex: new RegExp(pattern.slice(open + 1, j), flags) }, end };
  } catch (error) {
    return { error: `invalid regex at position ${open}: ${(error as Error).message}` };
  }
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
    if (j >= pattern.length || (pattern[j + 1] !== ']' && pattern[j + 1] !== '=')) return { error: `unclosed '[' at position ${open}` };
    const quoted = readJsonString(pattern, open + 1);
    if ('error' in quoted) return { error: `invalid quoted key at position ${open}` };
    if (pattern[quoted.end] === '=') return keySelector(pattern, quoted.text, quoted.end + 1, open);
    return { segment: { kind: 'key', key: quoted.text }, end: quoted.end + 1 };
  }
  const close = pattern.indexOf(']', open + 1);
  const equals = pattern.indexOf('=', open + 1);
  if (equals !== -1 && (close === -1 || equals < close)) {
    const field = pattern.slice(open + 1, equals);
    if (/[\s"[*]/.test(field)) return { error: `a key field is a word or a quoted string at position ${open + 1}` };
    return keySelector(pattern, field, equals + 1, open);
  }
  if (close === -1) return { error: `unclosed '[' at position ${open}` };
  const inner = pattern.slice(open + 1, close);
  if (inner === '*') return { segment: { kind: 'anyIndex' }, end: close + 1 };
  if (/^[0-9]+$/.test(inner) && Number.isSafeInteger(Number(inner))) {
    return { segment: { kind: 'index', index: Number(inner) }, end: close + 1 };
  }
  return { error: `'[...]' must hold an index, '*' or a quoted key at position ${open}` };
}

/** `[field=key]`: the field is read, the key starts at `start`. */
function keySelector(pattern: string, field: string, start: number, open: number): { segment: PatternSegment; end: number } | { error: string } {
  const parsed = parseKeySelectorValue(pattern, field, start, open);
  if ('error' in parsed) return parsed;
  return { segment: { kind: 'keySelector', field: parsed.field, identity: parsed.identity }, end: parsed.end };
}
