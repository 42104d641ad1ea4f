import { formatPath } from '../../compare/ignore-paths.js';
import type { PathSegment } from '../../compare/ignore-paths.js';

/** One line of a pretty-printed JSON body and the path of the value it shows (formatPath's syntax). */
export interface JsonLine {
  readonly text: string;
  readonly path: string;
}

/** Deeper bodies are shown as they came: the indentation would be most of the text. */
const MAX_DEPTH = 64;

const WHITESPACE = /[ \t\n\r]*/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

class NotJson extends Error {}

/**
 * A JSON text pretty-printed two spaces deep, one line per member or element, each with the
 * path of its value, so that the lines a difference names can be marked. Scalars are kept
 * exactly as written (a 20-digit number stays 20 digits: nothing goes through a double).
 * Null when the text is not one whole JSON value (a body cut to the limit, text, a form).
 */
export function jsonLines(text: string): JsonLine[] | null {
  const lines: JsonLine[] = [];
  const path: PathSegment[] = [];
  let at = 0;

  const skip = (): void => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const token = (pattern: RegExp): string => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) throw new NotJson();
    at = pattern.lastIndex;
    return match[0];
  };
  const expect = (char: string): void => {
    skip();
    if (text[at] !== char) throw new NotJson();
    at += 1;
  };

  /** Reads one value; `prefix` is what its first line starts with (indentation and key), `suffix` what ends its last line. */
  const value = (prefix: string, indent: string, suffix: string): void => {
    skip();
    const here = formatPath(path);
    const open = text[at];
    if (open !== '{' && open !== '[') {
      lines.push({ text: `${prefix}${token(open === '"' ? STRING : SCALAR)}${suffix}`, path: here });
      return;
    }
    if (path.length >= MAX_DEPTH) throw new NotJson();
    const close = open === '{' ? '}' : ']';
    at += 1;
    skip();
    if (text[at] === close) {
      at += 1;
      lines.push({ text: `${prefix}${open}${close}${suffix}`, path: here });
      return;
    }
    lines.push({ text: `${prefix}${open}`, path: here });
    const inner = `${indent}  `;
    for (let index = 0; ; index += 1) {
      let key = '';
      if (open === '{') {
        skip();
        key = token(STRING);
        expect(':');
        path.push(JSON.parse(key) as string);
      } else {
        path.push(index);
      }
      // The separator after the value goes on the value's last line.
      value(open === '{' ? `${inner}${key}: ` : inner, inner, '');
      path.pop();
      skip();
      const next = text[at];
      at += 1;
      if (next === ',') {
        const last = lines[lines.length - 1]!;
        lines[lines.length - 1] = { text: `${last.text},`, path: last.path };
        continue;
      }
      if (next !== close) throw new NotJson();
      lines.push({ text: `${indent}${close}${suffix}`, path: here });
      return;
    }
  };

  try {
    value('', '', '');
    skip();
    return at === text.length ? lines : null;
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
}

/** Whether `path` is `target` or lies inside it (`items[2].id` inside `items[2]`). */
export function isWithin(path: string, target: string): boolean {
  if (target === '$') return true;
  if (!path.startsWith(target)) return false;
  const next = path[target.length];
  return next === undefined || next === '.' || next === '[';
}
