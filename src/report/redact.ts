import { compileIgnorePaths } from '../compare/ignore-paths.js';
import type { IgnoreMatcher, IgnoreState, PathSegment } from '../compare/ignore-paths.js';
import type { JsonDifference } from '../compare/json-difference.js';
import { redactJsonText } from './redact-json-text.js';
import { reindentJson } from './reindent-json.js';

/** What every redacted header value and body field becomes. */
export const REDACTED = '[redacted]';

/** {@link REDACTED} as a JSON value, as it replaces a body field. */
export const REDACTED_JSON = JSON.stringify(REDACTED);

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
  /** Whether the values of header `name` (any case) are redacted. */
  isSecretHeader(name: string): boolean;
  /** Whether body fields are redacted at all (`--redact` paths were given). */
  readonly redactsBodies: boolean;
  /**
   * JSON text with the configured fields replaced by {@link REDACTED} and every other byte as
   * sent; `text` itself when nothing is redacted in it; null when it is not JSON. Any size and depth.
   */
  redactJson(text: string): string | null;
  /**
   * A body as text of at most `limit` UTF-8 bytes (`Infinity` for no limit). A JSON body has
   * the configured fields replaced by {@link REDACTED} in its text, the rest kept as sent
   * (numbers keep their digits), and is pretty-printed when `pretty`. Non-JSON text is
   * shown as is (field paths cannot apply to it); bytes that are not UTF-8 become
   * `<binary N bytes>`. A body too large to redact is withheld.
   */
  redactBody(body: Buffer | null, limit: number, pretty?: boolean): RenderedBody;
  /**
   * `value` found at `path` inside a body (e.g. one side of a JSON difference), with the
   * configured fields in it replaced; {@link REDACTED} when `path` itself is redacted.
   * A header difference's value (`headers.<name>`) is {@link REDACTED} when the header is, and
   * so is a body's top-level `headers.<name>` field of that name: a body echoing request headers
   * holds the same secrets. Returns `value` itself when nothing in it is redacted.
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
  const redactJson = (text: string): string | null => {
    if (matcher.isEmpty) return isJson(text) ? text : null;
    const redacted = redactJsonText(text, matcher, REDACTED_JSON);
    // A scan that failed on what JSON.parse reads would leak: the whole value goes instead.
    return redacted === null && isJson(text) ? REDACTED_JSON : redacted;
  };

  return {
    redactHeaders(entries) {
      return entries.map(([name, value]) => [name, headerNames.has(name.toLowerCase()) ? REDACTED : value]);
    },

    isSecretHeader(name) {
      return headerNames.has(name.toLowerCase());
    },

    redactsBodies: !matcher.isEmpty,

    redactJson,

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
      const redacted = redactJson(text);
      // Not JSON, so field paths cannot apply.
      if (redacted === null) return { ...cutUtf8(text, limit), bytes };
      return { ...cutUtf8(pretty ? reindentJson(redacted, limit) : redacted, limit), bytes };
    },

    redactValue(value, path) {
      // Only `headers.<name>` itself: a Set-Cookie difference sits one level deeper
      // (`headers.set-cookie.<cookie>`) and holds the cookie's attributes, never its value.
      if (path.length === 2 && path[0] === 'headers' && typeof path[1] === 'string' && headerNames.has(path[1].toLowerCase())) return REDACTED;
      // The whole `headers` object (added, removed, or changed type): its secret fields too.
      if (path.length === 1 && path[0] === 'headers' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        value = Object.fromEntries(Object.entries(value).map(([name, field]) => [name, headerNames.has(name.toLowerCase()) ? REDACTED : field]));
      }
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

/**
 * One side's value of a difference, redacted where it sits: origin's at `path`; replay's at
 * `path` and, when it moved, at `replayPath` too, so that a rule naming either place hides it
 * (a plugin's replay path is its own word, and hiding too much is the safe side).
 */
export function redactedSide(redactor: Redactor, difference: JsonDifference, side: 'origin' | 'replay'): unknown {
  const atPath = redactor.redactValue(difference[side], difference.path);
  return side === 'replay' && difference.replayPath !== undefined ? redactor.redactValue(atPath, difference.replayPath) : atPath;
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

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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
