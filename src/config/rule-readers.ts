import { COMPARATOR_NAMES } from '../compare/comparators.js';
import type { ComparatorName } from '../compare/comparators.js';
import { isHeaderName } from '../compare/header-diff.js';
import { compileIgnorePaths, IgnorePathError, parseIgnorePath } from '../compare/ignore-paths.js';
import { parseFilter, FilterSyntaxError } from '../compare/request-filter.js';
import type { FilterRule, FilterSource } from '../compare/request-filter.js';
import { compilePattern, routeMethod, RoutePatternError, splitRouteSpec } from '../compare/route-matcher.js';
import type { PluginRef, RouteRule } from '../compare/route-matcher.js';
import { PLUGIN_NAME } from '../compare/plugin-comparator.js';
import { isShape, SHAPES, type Shape } from '../compare/value-shapes.js';
import { PRESETS } from './config.js';
import type { Config, LogConfig } from './config.js';
import { checkKeys, isRecord, list, MAX_TIMER_MS, optionalBoolean, optionalString, requiredString, stringList, withUnitHint } from './raw-values.js';
import { isBareNumber, parseDuration } from './units.js';
import type { Channel } from './option-spec.js';
import { UsageError } from './usage-error.js';
import { parseTolerance } from '../compare/value-rules.js';
import type { ToleranceRule } from '../compare/value-rules.js';
import type { Raw } from './raw-values.js';
import { arrayKeyRules } from './array-key-readers.js';

/*
 * Readers of the values that are more than a number or a string: routes, filters, ignore
 * paths and the named choices. Like those of raw-values.ts, each throws a UsageError naming
 * `key`. The compare modules throw their own errors (they know nothing of the command line);
 * they are turned into UsageErrors here, with the key of the value at fault.
 */

const ROUTE_KEYS = new Set([
  'name',
  'method',
  'path',
  'comparator',
  'ignore',
  'unordered',
  'arrayKeys',
  'ignoreShapes',
  'tolerance',
  'nullEqualsMissing',
  'looseTypes',
  'headers',
  'ignoreHeaders',
]);
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

/**
 * Routes from `--route` specs, or the config file's specs and route objects. Both go
 * through the same checks: a method that is an HTTP method (upper-cased), a path starting
 * with `/` that compiles, a known comparator.
 */
export function routeRules(value: unknown, key: string): RouteRule[] {
  return list(value, key).map((raw, i) => (typeof raw === 'string' ? specRoute(raw, `${key}[${i}]`) : fileRoute(raw, `${key}[${i}]`)));
}

/**
 * `[METHOD:]PATH[=COMPARATOR]`, written without spaces because gor splits the middleware
 * command on them. Errors name the key and the spec as typed: `--route[0] "/**=jsn": …`.
 */
function specRoute(spec: string, key: string): RouteRule {
  const where = { key, at: `${key} ${JSON.stringify(spec)}` };
  const parts = checked(() => splitRouteSpec(spec), where);
  return checkedRoute({ name: undefined, ...parts, ignore: [] }, { method: where, path: where, comparator: where });
}

function fileRoute(raw: unknown, key: string): RouteRule {
  if (!isRecord(raw)) throw new UsageError('bad_value', key, `${key} must be a route spec like "POST:/v2/robot/query=query" or an object like {"path": "/v2/robot/query"}`);
  checkKeys(raw, ROUTE_KEYS, `${key}.`);
  const fields = {
    name: optionalString(raw['name'], `${key}.name`),
    method: optionalString(raw['method'], `${key}.method`),
    path: requiredString(raw['path'], `${key}.path`),
    comparator: raw['comparator'] === undefined ? undefined : requiredString(raw['comparator'], `${key}.comparator`),
    ignore: ignorePaths(raw['ignore'], `${key}.ignore`),
  };
  const part = (name: string): Where => ({ key: `${key}.${name}`, at: `${key}.${name}` });
  const rule = checkedRoute(fields, { method: part('method'), path: part('path'), comparator: part('comparator') });
  const headers = raw['headers'] === undefined ? {} : { headers: headerNames(raw['headers'], `${key}.headers`) };
  const ignoreHeaders = raw['ignoreHeaders'] === undefined ? {} : { ignoreHeaders: headerNames(raw['ignoreHeaders'], `${key}.ignoreHeaders`) };
  const unordered = raw['unordered'] === undefined ? {} : { unordered: ignorePaths(raw['unordered'], `${key}.unordered`) };
  const arrayKeys = raw['arrayKeys'] === undefined ? {} : { arrayKeys: arrayKeyRules(raw['arrayKeys'], `${key}.arrayKeys`) };
  const shapes = raw['ignoreShapes'] === undefined ? {} : { ignoreShapes: shapeNames(raw['ignoreShapes'], `${key}.ignoreShapes`) };
  return { ...rule, ...headers, ...ignoreHeaders, ...unordered, ...arrayKeys, ...shapes, ...routeValueRules(raw, key) };
}

/** Where a part of a route was written: the error's `key`, and `at` for its message (the spec as typed, for a spec). */
interface Where {
  readonly key: string;
  readonly at: string;
}

interface RouteFields {
  readonly name: string | undefined;
  readonly method: string | undefined;
  readonly path: string;
  readonly comparator: string | undefined;
  readonly ignore: string[];
}

/** The one check of a route, from a spec or the config file; the name defaults to `METHOD path` or the path. */
function checkedRoute(fields: RouteFields, where: { readonly method: Where; readonly path: Where; readonly comparator: Where }): RouteRule {
  const written = fields.method;
  const method = written === undefined ? undefined : checked(() => routeMethod(written), where.method);
  checked(() => compilePattern(fields.path), where.path);
  const named = fields.comparator === undefined ? 'json' : comparatorName(fields.comparator, where.comparator);
  const name = fields.name ?? (method === undefined ? fields.path : `${method} ${fields.path}`);
  const comparator = typeof named === 'string' ? { comparator: named } : { comparator: 'json' as const, plugin: named };
  const rule = { name, path: fields.path, ignore: fields.ignore, ...comparator };
  return method === undefined ? rule : { ...rule, method };
}

/** Runs a check of the compare layer, its RoutePatternError turned into a UsageError. */
function checked<T>(check: () => T, where: Where): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof RoutePatternError) throw new UsageError('bad_route', where.key, `${where.at}: ${error.message}`);
    throw error;
  }
}

/** A built-in comparator, or the name of a plugin one (checked once its modules are loaded, see refuseUnknownPlugins). */
function comparatorName(value: string, where: Where): ComparatorName | PluginRef {
  const found = COMPARATOR_NAMES.find((name) => name === value);
  if (found !== undefined) return found;
  if (PLUGIN_NAME.test(value)) return { name: value, key: where.key, at: where.at };
  throw unknownComparator(value, where);
}

/** A route's comparator that is neither built in nor exported by a module; `modules` says what was loaded. */
export function unknownComparator(value: string, where: Pick<PluginRef, 'key' | 'at'>, modules?: string): UsageError {
  const known = COMPARATOR_NAMES.join(', ');
  if (modules !== undefined) return new UsageError('bad_route', where.key, `${where.at}: unknown comparator ${JSON.stringify(value)} (known: ${known}; ${modules})`);
  const what =
    value === ''
      ? `nothing after "=": name a comparator (${known}) or leave "=" out`
      : `unknown comparator ${JSON.stringify(value)} (known: ${known}); a comparator of your own needs its module (--comparator-module)`;
  return new UsageError('bad_route', where.key, `${where.at}: ${what}`);
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

/**
 * Redaction paths: ignore paths without `[field=key]` segments, since logged bodies are
 * redacted by position in their text, where an element's key is not known yet.
 */
export function redactPaths(value: unknown, key: string): string[] {
  const paths = ignorePaths(value, key);
  paths.forEach((path, i) => {
    const parsed = parseIgnorePath(path);
    if ('segments' in parsed && parsed.segments.some((segment) => segment.kind === 'keySelector')) {
      throw new UsageError('bad_ignore_path', `${key}[${i}]`, `${key}[${i}] ${JSON.stringify(path)}: a [field=key] segment cannot select what to redact; write [*]`);
    }
  });
  return paths;
}

/** Tolerances `PATH=AMOUNT` or `PATH=PERCENT%`, each checked: the error names the one at fault, `tolerance[1]`. */
export function toleranceRules(value: unknown, key: string): ToleranceRule[] {
  return stringList(value, key).map((spec, i) => {
    const rule = parseTolerance(spec);
    if ('error' in rule) throw new UsageError('bad_tolerance', `${key}[${i}]`, `${key}[${i}] ${JSON.stringify(spec)}: ${rule.error}`);
    return rule;
  });
}

/** A route's own value rules, each present only when written. */
function routeValueRules(raw: Raw, key: string): Pick<RouteRule, 'tolerance' | 'nullEqualsMissing' | 'looseTypes'> {
  const tolerance = raw['tolerance'] === undefined ? {} : { tolerance: toleranceRules(raw['tolerance'], `${key}.tolerance`) };
  const nullEqualsMissing = optionalBoolean(raw['nullEqualsMissing'], `${key}.nullEqualsMissing`);
  const looseTypes = optionalBoolean(raw['looseTypes'], `${key}.looseTypes`);
  return { ...tolerance, ...(nullEqualsMissing === undefined ? {} : { nullEqualsMissing }), ...(looseTypes === undefined ? {} : { looseTypes }) };
}

/** Response header names (`--header`, `--ignore-header`, a route's `headers`), each checked: the error names the one at fault. */
export function headerNames(value: unknown, key: string): string[] {
  const names = stringList(value, key);
  names.forEach((name, i) => {
    if (!isHeaderName(name)) throw new UsageError('bad_value', `${key}[${i}]`, `${key}[${i}]: ${JSON.stringify(name)} is not a header name`);
  });
  return names;
}

/** Value shape names (`--ignore-shape uuid,jwt`, config `ignoreShapes`), each item may list several by commas; the error names the item at fault. */
export function shapeNames(value: unknown, key: string): Shape[] {
  const shapes = new Set<Shape>();
  stringList(value, key).forEach((item, i) => {
    for (const name of item.split(',')) {
      const shape = name.trim();
      if (!isShape(shape)) throw new UsageError('bad_value', `${key}[${i}]`, `${key}[${i}]: unknown shape ${JSON.stringify(shape)} (known: ${SHAPES.join(', ')})`);
      shapes.add(shape);
    }
  });
  return [...shapes];
}

/** `--no-log-file` and `"file": null` turn the log off. */
export function logFile(value: unknown, key: string, from: Channel): string | null {
  if (from === 'flag') return typeof value === 'string' ? value : null;
  return value === null ? null : requiredString(value, key);
}

export function logFrequency(value: unknown, key: string): LogConfig['frequency'] {
  if (value === 'daily' || value === 'hourly') return value;
  if (isBareNumber(value)) {
    throw new UsageError('bad_value', key, `${key} must be daily, hourly or a duration with a unit, not ${JSON.stringify(value)}: ${withUnitHint(value)}`);
  }
  const ms = parseDuration(value);
  if (ms === null || ms < 1000 || ms > MAX_TIMER_MS) {
    throw new UsageError('bad_value', key, `${key} must be daily, hourly or a duration from 1s to 24d, not ${JSON.stringify(value)}`);
  }
  return ms;
}

export const OVERLOAD_CHOICES = ['shed', 'wait'] as const;

export function overloadMode(value: unknown, key: string): Config['overload'] {
  if (value === 'shed' || value === 'wait') return value;
  throw new UsageError('bad_value', key, `${key} must be shed or wait, not ${JSON.stringify(value)}`);
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
