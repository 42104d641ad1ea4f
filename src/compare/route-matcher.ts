import type { ComparatorName } from './comparators.js';

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
  /** Response headers this route compares besides the global set (any case). */
  readonly headers?: readonly string[];
  /** Response headers this route does not compare, applied after `headers` (any case). */
  readonly ignoreHeaders?: readonly string[];
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
  const regexMatch = REGEX_PATTERN.exec(pattern);
  if (regexMatch !== null && REGEX_SYNTAX.test(regexMatch[1] ?? '')) {
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
