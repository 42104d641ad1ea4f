import { showBidiControls } from '../shorten.js';

/**
 * Markup that is safe by construction. Every value interpolated into an {@link html}
 * template is escaped for HTML text and for a quoted attribute value (`& < > " '`), unless it
 * is itself Markup built by this module; so traffic can only ever become text. Nothing here
 * builds a tag, an attribute name, a URL or a script from a value.
 */
export class Markup {
  readonly text: string;
  /** Only this module and {@link html} make Markup; the constructor is not for traffic. */
  constructor(text: string) {
    this.text = text;
  }
}

/** What an {@link html} template accepts: text and numbers are escaped, Markup is kept, absent values and false vanish. */
export type Content = Markup | string | number | null | undefined | false | readonly Content[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * `value` escaped for HTML text and for a single- or double-quoted attribute value, with each
 * bidirectional formatting character shown as its code point (`[U+202E]`) instead of obeyed.
 */
export function escapeHtml(value: string): string {
  return showBidiControls(value.replace(/[&<>"']/g, (char) => ESCAPES[char]!));
}

function contentText(value: Content): string {
  if (value instanceof Markup) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += contentText(item);
  return out;
}

/** A template literal tag: the literal parts are the report's own markup, every interpolation is {@link Content}. */
export function html(strings: TemplateStringsArray, ...values: readonly Content[]): Markup {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) out += contentText(values[i]!) + (strings[i + 1] ?? '');
  return new Markup(out);
}

/** Joins content with nothing between; for lists built with map(). */
export function join(items: Iterable<Content>): Markup {
  let out = '';
  for (const item of items) out += contentText(item);
  return new Markup(out);
}
