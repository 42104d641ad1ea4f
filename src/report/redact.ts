import { jsonText } from '../compare/exact-number.js';
import { compileIgnorePaths } from '../compare/ignore-paths.js';
import { NOT_JSON, parseJsonText } from '../compare/json-body.js';
import type { IgnoreMatcher, IgnoreState, PathSegment } from '../compare/ignore-paths.js';
import { reindentJson } from './reindent-json.js';

/** What every redacted header value and body field becomes. */
export const REDACTED = '[redacted]';

/** Header names (lowercase) whose values are always redacted. */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = Object.freeze(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key']);

/**
 * Bodies above this size are not parsed for redaction when redaction paths are configured;
 * they are withheld instead, because a truncated prefix could still hold a secret.
 */
export const MAX_REDACTABLE_BYTES = 4 * 1024 * 1024;

/** Options for {@link createRedactor}. */
export interface RedactorOptions {
  /** Extra header names to redact, on top of {@link DEFAULT_REDACTED_HEADERS}; any case. */
  readonly headers?: readonly string[];
  /** Body fields to redact: dotted paths with `*`, `[*]` and `**`, the ignore-path syntax. */
  readonly bodyPaths: readonly string[];
}

/** A body made safe to print: redacted, decoded and cut to a byte limit. */
export interface RenderedBody {
  /** The text to show; null when there was no body; `<binary N bytes>` for non-UTF-8 bytes. */
  readonly text: string | null;
  /** The size of the body as captured, in bytes. */
  readonly bytes: number;
  /** True when `text` is only the start of the body (cut at a character boundary). */
  readonly truncated: boolean;
}

/** Redaction applied to everything the reporters print or log. Never throws. */
export interface Redactor {
  /** The header list with sensitive values replaced by {@link REDACTED}; names kept as sent. */
  redactHeaders(entries: ReadonlyArray<readonly [string, string]>): Array<[string, string]>;
  /**
   * A body as text of at most `limit` UTF-8 bytes (`Infinity` for no limit). A JSON body has
   * the configured fields replaced by {@link REDACTED}; it is re-serialised only when a field
   * was replaced (otherwise its text is kept as sent) and pretty-printed when `pretty`.
   * Non-JSON text is shown as is (field paths cannot apply to it); bytes that are not UTF-8
   * become `<binary N bytes>`. A body too large or too deep to redact is withheld.
   */
  redactBody(body: Buffer | null, limit: number, pretty?: boolean): RenderedBody;
  /**
   * `value` found at `path` inside a body (e.g. one side of a JSON difference), with the
   * configured fields in it replaced; {@link REDACTED} when `path` itself is redacted.
   * Returns `value` itself when nothing in it is redacted.
   */
  redactValue(value: unknown, path: readonly PathSegment[]): unknown;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Builds a redactor from header names and body paths. Throws `IgnorePathError` (from the
 * ignore-path compiler) for an invalid body path, so call it while validating configuration.
 */
export function createRedactor(options: RedactorOptions): Redactor {
  const headerNames = new Set([...DEFAULT_REDACTED_HEADERS, ...(options.headers ?? [])].map((name) => name.toLowerCase()));
  const matcher = compileIgnorePaths(options.bodyPaths);

  return {
    redactHeaders(entries) {
      return entries.map(([name, value]) => [name, headerNames.has(name.toLowerCase()) ? REDACTED : value]);
    },

    redactBody(body, limit, pretty = false) {
      if (body === null) return { text: null, bytes: 0, truncated: false };
      const bytes = body.length;
      if (matcher.isEmpty && (!pretty || bytes > MAX_REDACTABLE_BYTES)) return prefixOf(body, limit);
      if (!matcher.isEmpty && bytes > MAX_REDACTABLE_BYTES) {
        return { text: `<${bytes} bytes withheld: too large to redact>`, bytes, truncated: false };
      }
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        return binary(bytes);
      }
      // Parsed keeping numbers no double holds, so a re-serialised body shows them as written.
      const parsed = parseJsonText(text);
      if (parsed === NOT_JSON) return { ...cutUtf8(text, limit), bytes };
      let redacted: unknown;
      try {
        redacted = redactTree(matcher, parsed, matcher.root);
      } catch {
        // Nesting deep enough to exhaust the stack: withhold rather than risk a leak.
        return { text: `<${bytes} bytes withheld: too deep to redact>`, bytes, truncated: false };
      }
      const out = redacted !== parsed ? jsonText(redacted, pretty ? 2 : undefined)! : pretty ? reindentJson(text) : text;
      return { ...cutUtf8(out, limit), bytes };
    },

    redactValue(value, path) {
      if (matcher.isEmpty) return value;
      let state = matcher.root;
      for (const segment of path) {
        if (state.ignored || !state.live) break;
        state = matcher.step(state, segment);
      }
      try {
        return redactTree(matcher, value, state);
      } catch {
        return REDACTED;
      }
    },
  };
}

/** Replaces redacted subtrees, copying only the containers that change. */
function redactTree(matcher: IgnoreMatcher, value: unknown, state: IgnoreState): unknown {
  if (state.ignored) return REDACTED;
  if (!state.live || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const child: unknown = value[i];
      const next = redactTree(matcher, child, matcher.step(state, i));
      if (next !== child) {
        copy ??= value.slice();
        copy[i] = next;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const child = record[key];
    const next = redactTree(matcher, child, matcher.step(state, key));
    if (next !== child) {
      copy ??= { ...record };
      // defineProperty, because JSON may carry a `__proto__` key that assignment would misread.
      Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
  return copy ?? record;
}

function binary(bytes: number): RenderedBody {
  return { text: `<binary ${bytes} bytes>`, bytes, truncated: false };
}

/** Decodes only the first `limit` bytes, so a huge body is never decoded whole. */
function prefixOf(body: Buffer, limit: number): RenderedBody {
  const cut = boundaryAtOrBefore(body, limit);
  try {
    return { text: utf8.decode(body.subarray(0, cut)), bytes: body.length, truncated: cut < body.length };
  } catch {
    return binary(body.length);
  }
}

/** `text` cut to at most `limit` UTF-8 bytes at a character boundary. */
function cutUtf8(text: string, limit: number): { text: string; truncated: boolean } {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
  if (text.length * 3 <= limit) return { text, truncated: false };
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= limit) return { text, truncated: false };
  return { text: encoded.subarray(0, boundaryAtOrBefore(encoded, limit)).toString('utf8'), truncated: true };
}

/** The largest index ≤ `limit` that does not fall inside a multi-byte UTF-8 character. */
function boundaryAtOrBefore(bytes: Buffer, limit: number): number {
  if (!(limit < bytes.length)) return bytes.length;
  let cut = Math.max(0, Math.floor(limit));
  // Continuation bytes are 10xxxxxx: back off to the start of the character.
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut -= 1;
  return cut;
}
