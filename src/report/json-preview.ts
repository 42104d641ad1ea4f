import { ExactNumber } from '../compare/exact-number.js';

/** The start of a value's JSON text, and whether that is all of it. */
export interface JsonPreview {
  /** At most the asked number of characters. */
  readonly text: string;
  /** True when `text` is the whole of what `JSON.stringify` writes for the value. */
  readonly complete: boolean;
}

type Frame =
  | { readonly array: true; readonly value: readonly unknown[]; next: number }
  | { readonly array: false; readonly value: Record<string, unknown>; readonly keys: readonly string[]; next: number; wrote: boolean };

/**
 * The JSON text of `value`, as `JSON.stringify` writes it, cut to `maxChars` characters.
 * The walk is iterative and stops as soon as `maxChars` is passed, so a value nested
 * 100 000 levels deep (on which `JSON.stringify` overflows the stack) or one holding a
 * megabyte-long key costs about `maxChars` of work. `toJSON` is honoured (an ExactNumber is
 * written as its literal, unquoted); a bigint is
 * written as its digits; `undefined` alone gives `undefined`. Never throws.
 */
export function jsonPreview(value: unknown, maxChars: number): JsonPreview {
  let out = '';
  const stack: Frame[] = [];
  const full = (): boolean => out.length > maxChars;
  /** Writes a scalar, or opens a container; false when `item` is not written at all (undefined in an object). */
  const open = (item: unknown, key: string): boolean => {
    // A number no double holds is written as its literal, unquoted, as JSON has it.
    if (item instanceof ExactNumber) {
      out += item.literal;
      return true;
    }
    const value = withToJson(item, key);
    if (value === null) out += 'null';
    else if (typeof value === 'string') out += quote(value, maxChars - out.length);
    else if (typeof value === 'number') out += Number.isFinite(value) ? String(value) : 'null';
    else if (typeof value === 'boolean') out += String(value);
    else if (typeof value === 'bigint') out += value.toString();
    else if (Array.isArray(value)) {
      out += '[';
      stack.push({ array: true, value, next: 0 });
    } else if (typeof value === 'object') {
      out += '{';
      stack.push({ array: false, value: value as Record<string, unknown>, keys: Object.keys(value), next: 0, wrote: false });
    } else return false;
    return true;
  };
  try {
    if (!open(value, '')) return { text: 'undefined', complete: true };
    while (stack.length > 0 && !full()) {
      const frame = stack[stack.length - 1]!;
      if (frame.array) {
        if (frame.next === frame.value.length) {
          out += ']';
          stack.pop();
          continue;
        }
        if (frame.next > 0) out += ',';
        const index = frame.next++;
        if (!open(frame.value[index], String(index))) out += 'null';
        continue;
      }
      if (frame.next === frame.keys.length) {
        out += '}';
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.next++]!;
      const before = out;
      out += `${frame.wrote ? ',' : ''}${quote(key, maxChars - out.length)}:`;
      if (open(frame.value[key], key)) frame.wrote = true;
      else out = before;
    }
  } catch {
    // A toJSON that throws: show what was written so far.
    return { text: out.slice(0, maxChars), complete: false };
  }
  return full() || stack.length > 0 ? { text: out.slice(0, maxChars), complete: false } : { text: out, complete: true };
}

function withToJson(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

/** A string as JSON; one longer than `room` is cut first, so a huge string is never escaped whole. */
function quote(text: string, room: number): string {
  return JSON.stringify(text.length > room ? text.slice(0, Math.max(0, room)) : text);
}
