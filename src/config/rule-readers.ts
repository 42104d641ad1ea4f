import { COMPARATOR_NAMES } from '../compare/comparators.js';
import type { ComparatorName } from '../compare/comparators.js';
import { isHeaderName } from '../compare/header-diff.js';
import { compileIgnorePaths, IgnorePathError } from '../compare/ignore-paths.js';
import { parseFilter, FilterSyntaxError } from '../compare/request-filter.js';
import type { FilterRule, FilterSource } from '../compare/request-filter.js';
import { compilePattern, RoutePatternError } from '../compare/route-matcher.js';
import type { RouteRule } from '../compare/route-matcher.js';
import { PRESETS } from './config.js';
import type { Config, LogConfig } from './config.js';
import { checkKeys, isRecord, list, optionalString, requiredString, stringList } from './raw-values.js';
import { parseDuration } from './units.js';
import type { Channel } from './option-spec.js';
import { UsageError } from './usage-error.js';

/*
 * Readers of the values that are more than a number or a string: routes, filters, ignore
 * paths and the named choices. Like those of raw-values.ts, each throws a UsageError naming
 * `key`. The compare modules throw their own errors (they know nothing of the command line);
 * they are turned into UsageErrors here, with the key of the value at fault.
 */

const ROUTE_KEYS = new Set(['name', 'method', 'path', 'comparator', 'ignore', 'headers', 'ignoreHeaders']);
const FILTER_KEYS = new Set(['source', 'key', 'values']);

/** A preset's routes; none when no preset is named. */
export function presetRoutes(value: unknown, key: string): readonly RouteRule[] {
  const name = optionalString(value, key);
  if (name === undefined) return [];
  const routes = PRESETS[name];
  if (routes === undefined) {
    throw new UsageError('bad_value', key, `${key}: unknown preset "${name}" (known: ${Object.keys(PRESETS).join(', ')})`);
  }
  return routes;
}

/** Flags give route specs (`--route POST:/a=query`), the config file route objects. */
export function routeRules(value: unknown, key: string, from: Channel): RouteRule[] {
  return list(value, key).map((raw, i) => (from === 'flag' ? parseRouteSpec(requiredString(raw, `${key}[${i}]`), `${key}[${i}]`) : fileRoute(raw, `${key}[${i}]`)));
}

/** `[METHOD:]PATH[=COMPARATOR]`, written without spaces because gor splits the middleware command on them. */
export function parseRouteSpec(spec: string, key: string): RouteRule {
  let rest = spec;
  let method: string | undefined;
  const methodMatch = /^([A-Z]+):(.+)$/.exec(rest);
  if (methodMatch !== null) {
    method = methodMatch[1];
    rest = methodMatch[2] ?? '';
  }
  let comparator: ComparatorName = 'json';
  const equals = rest.lastIndexOf('=');
  // Only a comparator's name after the last '=' names one; a query or a regex may contain '=' too.
  if (equals > 0 && (COMPARATOR_NAMES as readonly string[]).includes(rest.slice(equals + 1))) {
    comparator = comparatorName(rest.slice(equals + 1), key);
    rest = rest.slice(0, equals);
  }
  return route({ name: method === undefined ? rest : `${method} ${rest}`, method, path: rest, comparator, ignore: [] }, key);
}

function fileRoute(raw: unknown, key: string): RouteRule {
  if (!isRecord(raw)) throw new UsageError('bad_value', key, `${key} must be an object like {"path": "/v2/robot/query"}`);
  checkKeys(raw, ROUTE_KEYS, `${key}.`);
  const path = requiredString(raw['path'], `${key}.path`);
  const method = optionalString(raw['method'], `${key}.method`)?.toUpperCase() ?? undefined;
  const name = optionalString(raw['name'], `${key}.name`) ?? (method === undefined ? path : `${method} ${path}`);
  const comparator = raw['comparator'] === undefined ? 'json' : comparatorName(raw['comparator'], `${key}.comparator`);
  const ignore = ignorePaths(raw['ignore'], `${key}.ignore`);
  const rule = route({ name, method, path, comparator, ignore }, `${key}.path`);
  const headers = raw['headers'] === undefined ? {} : { headers: headerNames(raw['headers'], `${key}.headers`) };
  const ignoreHeaders = raw['ignoreHeaders'] === undefined ? {} : { ignoreHeaders: headerNames(raw['ignoreHeaders'], `${key}.ignoreHeaders`) };
  return { ...rule, ...headers, ...ignoreHeaders };
}

/** `pathKey` names where the path was written: the whole `--route` spec, or a route's `path`. */
function route(fields: { name: string; method: string | undefined; path: string; comparator: ComparatorName; ignore: string[] }, pathKey: string): RouteRule {
  try {
    compilePattern(fields.path);
  } catch (error) {
    if (error instanceof RoutePatternError) throw new UsageError('bad_route', pathKey, `${pathKey}: ${error.message}`);
    throw error;
  }
  const { method, ...rest } = fields;
  return method === undefined ? rest : { ...rest, method };
}

function comparatorName(value: unknown, key: string): ComparatorName {
  const found = COMPARATOR_NAMES.find((name) => name === value);
  if (found === undefined) {
    throw new UsageError('bad_value', key, `${key}: unknown comparator ${JSON.stringify(value)} (known: ${COMPARATOR_NAMES.join(', ')})`);
  }
  return found;
}

/** Filters from `--filter key=v1,v2` specs, or the config file's specs and filter objects. */
export function filterRules(value: unknown, key: string): FilterRule[] {
  return list(value, key).map((raw, i) => filterFrom(raw, `${key}[${i}]`));
}

function filterFrom(raw: unknown, key: string): FilterRule {
  if (typeof raw === 'string') {
    try {
      return parseFilter(raw);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new UsageError('bad_filter', key, `${key}: ${error.message}`);
      throw error;
    }
  }
  if (!isRecord(raw)) throw new UsageError('bad_value', key, `${key} must be "key=value,..." or {"source", "key", "values"}`);
  checkKeys(raw, FILTER_KEYS, `${key}.`);
  const source = raw['source'] ?? 'body';
  if (source !== 'body' && source !== 'query' && source !== 'header') {
    throw new UsageError('bad_value', `${key}.source`, `${key}.source must be "body", "query" or "header"`);
  }
  const values = stringList(raw['values'], `${key}.values`);
  if (values.length === 0) throw new UsageError('bad_value', `${key}.values`, `${key}.values must list at least one value`);
  return { source: source satisfies FilterSource, key: requiredString(raw['key'], `${key}.key`), values };
}

/** Ignore (or redact) paths, each checked: the error names the one at fault, `ignore[2]`. */
export function ignorePaths(value: unknown, key: string): string[] {
  const paths = stringList(value, key);
  try {
    compileIgnorePaths(paths);
  } catch (error) {
    if (error instanceof IgnorePathError) {
      const at = `${key}[${paths.indexOf(error.pattern)}]`;
      throw new UsageError('bad_ignore_path', at, `${at}: ${error.message}`);
    }
    throw error;
  }
  return paths;
}

/** Response header names (`--header`, `--ignore-header`, a route's `headers`), each checked: the error names the one at fault. */
export function headerNames(value: unknown, key: string): string[] {
  const names = stringList(value, key);
  names.forEach((name, i) => {
    if (!isHeaderName(name)) throw new UsageError('bad_value', `${key}[${i}]`, `${key}[${i}]: ${JSON.stringify(name)} is not a header name`);
  });
  return names;
}

/** `--no-log-file` and `"file": null` turn the log off. */
export function logFile(value: unknown, key: string, from: Channel): string | null {
  if (from === 'flag') return typeof value === 'string' ? value : null;
  return value === null ? null : requiredString(value, key);
}

export function logFrequency(value: unknown, key: string): LogConfig['frequency'] {
  if (value === 'daily' || value === 'hourly') return value;
  const ms = parseDuration(value);
  if (ms === null || ms < 1000) {
    throw new UsageError('bad_value', key, `${key} must be daily, hourly or a duration of at least 1s, not ${JSON.stringify(value)}`);
  }
  return ms;
}

export const FAIL_ON_CHOICES = ['warn', 'incomplete', 'error', 'never'] as const;

/** `never` (the middleware's default) is null: no verdict fails the run. */
export function failOn(value: unknown, key: string): Config['failOn'] {
  if (value === 'never') return null;
  if (value === 'warn' || value === 'error' || value === 'incomplete') return value;
  throw new UsageError('bad_value', key, `${key} must be warn, error, incomplete or never, not ${JSON.stringify(value)}`);
}

export function outputMode(value: unknown, key: string): Config['output'] {
  if (value === undefined) return 'normal';
  if (value === 'normal' || value === 'verbose' || value === 'quiet') return value;
  throw new UsageError('bad_value', key, `${key} must be normal, verbose or quiet, not ${JSON.stringify(value)}`);
}
