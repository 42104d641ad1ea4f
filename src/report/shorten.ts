import { formatPath } from '../compare/ignore-paths.js';
import type { PathSegment } from '../compare/ignore-paths.js';

/**
 * Longest difference path (`results.items[3].name`) shown whole, in characters, in every
 * output; a longer one keeps its start and its end around `…`. Hostile traffic can nest a
 * body 100 000 levels deep or send a megabyte-long key, and one line per exchange must stay
 * a line.
 */
export const PATH_CHARS = 200;

/** Longest request target (path and query) shown whole, in characters. */
export const TARGET_CHARS = 1000;

/** Longest `detail` text shown whole, in characters. */
export const DETAIL_CHARS = 500;

/** `text` when at most `maxChars` long, else its start and end joined by `…`, `maxChars` in all. */
export function shortenMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const tailLength = Math.floor((maxChars - 1) / 2);
  let head = text.slice(0, maxChars - 1 - tailLength);
  let tail = text.slice(text.length - tailLength);
  // Never split a surrogate pair: half of one is not a character.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  if (/^[\uDC00-\uDFFF]/.test(tail)) tail = tail.slice(1);
  return `${head}…${tail}`;
}

/** A text as shown: shortened when longer than its limit, with its full length when it was. */
export interface ShownText {
  readonly text: string;
  /** The full length in characters; present only when `text` was shortened. */
  readonly fullLength?: number;
}

/** `text` shortened to `maxChars`, remembering its full length when it was cut. */
export function shown(text: string, maxChars: number): ShownText {
  return text.length <= maxChars ? { text } : { text: shortenMiddle(text, maxChars), fullLength: text.length };
}

/** A difference path formatted (see formatPath) and shortened to {@link PATH_CHARS}. */
export function shownPath(path: readonly PathSegment[]): ShownText {
  return shown(formatPath(path), PATH_CHARS);
}

/** A shortened text for one line of text: `start…end (N chars)` when cut. */
export function inline(text: ShownText): string {
  return text.fullLength === undefined ? text.text : `${text.text} (${text.fullLength} chars)`;
}

/**
 * Bidirectional formatting characters: in traffic they could make a page show text in another
 * order than it has (a path or a value that reads as something it is not).
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each bidirectional formatting character shown as its code point (`[U+202E]`) instead of obeyed. */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (char) => `[U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}
