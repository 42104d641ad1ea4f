import type { ComparatorName } from './comparators.js';
import type { Shape } from './value-shapes.js';
import type { ToleranceRule } from './value-rules.js';
import type { ArrayKeyRule } from './keyed-arrays.js';

/** A watched route as configured: which requests it takes and how they are judged. */
export interface RouteRule {
  /** Shown in reports; defaults to `METHOD pattern` or the pattern. */
  readonly name: string;
  /** Upper-case method, or undefined for any method. */
  readonly method?: string;
  /** Exact path, a glob (`*` within one segment, `**` across segments), or `/regex/flags`. */
  readonly path: string;
  readonly comparator: ComparatorName;
  /** Ignore paths for this route, added to the global ones. */
  readonly ignore: readonly string[];
  /** Paths of arrays this route compares as multisets, added to the global ones. */
  readonly unordered?: readonly string[];
  /** Arrays this route matches by a key field, looked at before the global ones. */
  readonly arrayKeys?: readonly ArrayKeyRule[];
  /** Value shapes this route ignores, added to the global ones. */
  readonly ignoreShapes?: readonly Shape[];
  /** Number tolerances of this route, added to the global ones (a route's own apply first). */
  readonly tolerance?: readonly ToleranceRule[];
  /** Overrides the global `nullEqualsMissing` / `looseTypes` when set. */
  readonly nullEqualsMissing?: boolean;
  readonly looseTypes?: boolean;
  /** Response headers this route compares besides the global set (any case). */
  readonly headers?: readonly string[];
  /** Response headers this route does not compare, applied after `headers` (any case). */
  readonly ignoreHeaders?: readonly string[];
  /** The plugin comparator judging this route; `comparator` is then `json`, the judgement the plugin may ask for. */
  readonly plugin?: PluginRef;
}

/** A plugin comparator's name as a route gives it, and where (`key`, and `at` for messages), for the error when no module exports it. */
export interface PluginRef {
  readonly name: string;
  readonly key: string;
  readonly at: string;
}

/** Thrown at start-up for a route whose pattern cannot be compiled. */
export class RoutePatternError extends Error {
  override readonly name = 'RoutePatternError';
}

interface CompiledRoute<R extends RouteRule> {
  readonly rule: R;
  readonly test: (path: string, target: string) => boolean;
}

/** Finds the first route matching a request. */
export interface RouteMatcher<R extends RouteRule> {
  match(method: string, path: string, target: string): R | undefined;
}

/**
 * Compiles routes once. Matching takes the request's method, its path and its full
 * target (path?query): a pattern is matched against the target only when it mentions a
 * query string (`?`), so query strings are otherwise ignored. First match wins.
 */
export function compileRoutes<R extends RouteRule>(rules: readonly R[]): RouteMatcher<R> {
  const compiled: CompiledRoute<R>[] = rules.map((rule) => ({ rule, test: compilePattern(rule.path) }));
  return {
    match(method, path, target) {
      for (const { rule, test } of compiled) {
        if (rule.method !== undefined && rule.method !== method) continue;
        if (test(path, target)) return rule;
      }
      return undefined;
    },
  };
}

/** A route spec's parts as written: `[METHOD:]PATH[=COMPARATOR]`; absent parts are undefined. */
export interface RouteSpecParts {
  readonly method: string | undefined;
  readonly path: string;
  readonly comparator: string | undefined;
}

/** What may follow the last `=` as a comparator's name: a word. Anything else there belongs to the path. */
const COMPARATOR_WORD = /^[A-Za-z_][\w-]*$/;
/** An HTTP method once upper-cased: letters first, then letters, digits, `-` or `_` (`GET`, `M-SEARCH`). */
const METHOD_TOKEN = /^[A-Z][A-Z0-9_-]*$/;

/**
 * Splits a route spec `[METHOD:]PATH[=COMPARATOR]` into its parts, without checking them
 * (see routeMethod, compilePattern). A spec that does not start with `/` has a METHOD: the
 * text before its first `:`. The text after the last `=` names a comparator when it is a
 * word (`=json`, `=jsn`, `=`: the caller refuses unknown ones), except when that `=` joins
 * a key to its value in the pattern's query string (`/items?sort=name`); an `=` followed by
 * anything else (`/^\/a=b$/`, `/a=*`) belongs to the path. Throws RoutePatternError for an
 * empty spec or a URL.
 */
export function splitRouteSpec(spec: string): RouteSpecParts {
  if (spec.length === 0) throw new RoutePatternError('empty route spec; write [METHOD:]PATH[=COMPARATOR], e.g. POST:/api/**=json');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new RoutePatternError('a route is a path, not a URL: write the path alone, like /api/**');
  let method: string | undefined;
  let rest = spec;
  const colon = spec.indexOf(':');
  if (!spec.startsWith('/') && colon !== -1) {
    method = spec.slice(0, colon);
    rest = spec.slice(colon + 1);
  }
  const equals = rest.lastIndexOf('=');
  const word = rest.slice(equals + 1);
  if (equals === -1 || (word !== '' && !COMPARATOR_WORD.test(word)) || joinsQueryValue(rest, equals)) return { method, path: rest, comparator: undefined };
  return { method, path: rest.slice(0, equals), comparator: word };
}

/**
 * Whether the `=` at `equals` is the one between a key and its value in the pattern's query
 * string: the first `=` of the last `?`/`&` parameter, after a non-empty key, in a pattern
 * that is not a regex up to there (`/^\/a\?b$/=status` names a comparator).
 */
function joinsQueryValue(pattern: string, equals: number): boolean {
  const question = pattern.indexOf('?');
  if (question === -1 || question > equals || regexParts(pattern.slice(0, equals)) !== null) return false;
  const key = pattern.slice(Math.max(question, pattern.lastIndexOf('&', equals)) + 1, equals);
  return key.length > 0 && !key.includes('=');
}

/**
 * A route's method, upper-cased (`get` is `GET`); throws RoutePatternError when it is not
 * an HTTP method token.
 */
export function routeMethod(method: string): string {
  const upper = method.toUpperCase();
  if (!METHOD_TOKEN.test(upper)) throw new RoutePatternError(`${JSON.stringify(method)} is not an HTTP method (write GET:/path, or leave METHOD: out for any method)`);
  return upper;
}

/** `/body/flags`: read as a regex only when the body uses regex syntax, since plain paths look the same. */
const REGEX_PATTERN = /^\/(.+)\/([imsu]*)$/s;
/** Characters that do not occur in plain paths but do in regexes (the dot is left out: paths have dots). */
const REGEX_SYNTAX = /[\^$\\()[\]{}|+?]/;

/**
 * Compiles one path pattern; throws RoutePatternError when it is not usable. A pattern is a
 * regex when it is written `/.../flags` and its body contains regex syntax (`^ $ \ ( ) [ ] { } | + ?`),
 * e.g. `/^\/users\/\d+$/`; otherwise a path with `*` is a glob, and anything else is exact.
 */
export function compilePattern(pattern: string): (path: string, target: string) => boolean {
  if (pattern.length === 0) throw new RoutePatternError('route path must not be empty');
  if (!pattern.startsWith('/')) {
    throw new RoutePatternError(`route path ${JSON.stringify(pattern)} must start with / (a path or glob like /api/**, or a regex like /^\\/api\\//)`);
  }
  const regexMatch = regexParts(pattern);
  if (regexMatch !== null) {
    let regex: RegExp;
    try {
      regex = new RegExp(regexMatch[1] ?? '', regexMatch[2]);
    } catch (error) {
      throw new RoutePatternError(`invalid route regex ${pattern}: ${(error as Error).message}`);
    }
    const withQuery = (regexMatch[1] ?? '').includes('\\?');
    return (path, target) => regex.test(withQuery ? target : path);
  }
  const withQuery = pattern.includes('?');
  if (!pattern.includes('*')) {
    return withQuery ? (_path, target) => target === pattern : (path) => path === pattern;
  }
  const glob = globToRegExp(pattern);
  return (path, target) => glob.test(withQuery ? target : path);
}

/** The body and flags of a pattern that is a regex, or null. */
function regexParts(pattern: string): RegExpExecArray | null {
  const regexMatch = REGEX_PATTERN.exec(pattern);
  return regexMatch !== null && REGEX_SYNTAX.test(regexMatch[1] ?? '') ? regexMatch : null;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
