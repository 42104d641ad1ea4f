import { COMPARATOR_NAMES } from '../compare/comparators.js';
import type { ComparatorName } from '../compare/comparators.js';
import { compileIgnorePaths, IgnorePathError } from '../compare/ignore-paths.js';
import { parseFilter, FilterSyntaxError } from '../compare/request-filter.js';
import type { FilterRule, FilterSource } from '../compare/request-filter.js';
import { compilePattern, RoutePatternError } from '../compare/route-matcher.js';
import type { RouteRule } from '../compare/route-matcher.js';
import { ConfigError } from './config-error.js';
import { DEFAULTS, PRESETS } from './config.js';
import type { Config, LogConfig } from './config.js';
import { checkKeys, duration, integer, isRecord, list, optionalBoolean, optionalString, requiredString, size, sizeText, stringList } from './raw-values.js';
import type { Raw } from './raw-values.js';
import { parseDuration } from './units.js';

/** Everything the command line can say; every field optional (absent = not given). */
export interface CliFlags {
  readonly config?: string;
  readonly preset?: string;
  readonly route?: readonly string[];
  readonly filter?: readonly string[];
  readonly ignore?: readonly string[];
  readonly redact?: readonly string[];
  readonly ttl?: string;
  readonly maxPending?: string;
  readonly maxPendingSize?: string;
  readonly maxDiffs?: string;
  readonly maxBodySize?: string;
  readonly maxLineSize?: string;
  readonly logFile?: string | boolean;
  readonly logMaxSize?: string;
  readonly logFrequency?: string;
  readonly logKeep?: string;
  readonly logOk?: boolean;
  readonly logBodyLimit?: string;
  readonly report?: string;
  readonly failOn?: string;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly progressInterval?: string;
  readonly writeMismatches?: string;
}

/** Keys a config file may hold; anything else is rejected by name. */
const FILE_KEYS = new Set([
  '$schema', 'description', 'preset', 'routes', 'filters', 'ignore', 'redact', 'ttl', 'maxPending', 'maxPendingSize', 'maxDiffs',
  'maxBodySize', 'maxLineSize', 'log', 'report', 'reportInterval', 'failOn', 'output', 'color',
  'progressInterval', 'writeMismatches',
]);
const LOG_KEYS = new Set(['file', 'maxSize', 'frequency', 'keep', 'ok', 'bodyLimit']);
const ROUTE_KEYS = new Set(['name', 'method', 'path', 'comparator', 'ignore']);
const FILTER_KEYS = new Set(['source', 'key', 'values']);

/** Defaults that depend on the command (compare and replay gate CI, the middleware never fails). */
export interface CommandDefaults {
  readonly failOn?: Config['failOn'];
}

/**
 * Builds the validated Config from flags over an optional JSON config file (`--config`,
 * else the `configPath` from the environment), over the command's defaults. Throws
 * ConfigError naming the key at fault; reads nothing but the config file.
 */
export function loadConfig(
  flags: CliFlags,
  envConfigPath: string | undefined,
  readFile: (path: string) => string,
  defaults: CommandDefaults = {},
): Config {
  const path = flags.config ?? (envConfigPath === '' ? undefined : envConfigPath);
  const file = path === undefined ? {} : readConfigFile(path, readFile);
  return buildConfig(flags, file, defaults);
}

function readConfigFile(path: string, readFile: (path: string) => string): Raw {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new ConfigError(`config file ${path} must hold a JSON object`);
  checkKeys(parsed, FILE_KEYS, '');
  return parsed;
}

function buildConfig(flags: CliFlags, file: Raw, defaults: CommandDefaults): Config {
  const preset = pick(flags.preset, file['preset'], 'preset');
  const presetRoutes = preset === undefined ? [] : presetRoutesFor(preset);
  const explicit = flags.route !== undefined
    ? flags.route.map((spec, i) => parseRouteSpec(spec, `--route[${i}]`))
    : list(file['routes'], 'routes').map((raw, i) => fileRoute(raw, `routes[${i}]`));
  const routes = [...explicit, ...presetRoutes];
  const filters = flags.filter !== undefined
    ? flags.filter.map((spec, i) => filterFrom(spec, `--filter[${i}]`))
    : list(file['filters'], 'filters').map((raw, i) => filterFrom(raw, `filters[${i}]`));
  const ignore = stringList(flags.ignore ?? file['ignore'], 'ignore');
  checkIgnore(ignore, 'ignore');
  const redact = stringList(flags.redact ?? file['redact'], 'redact');
  checkIgnore(redact, 'redact');
  const output = flags.quiet === true ? 'quiet' : flags.verbose === true ? 'verbose' : outputFrom(file['output']);
  const color = flags.color ?? optionalBoolean(file['color'], 'color');
  return {
    routes,
    filters,
    ignore,
    redact,
    ttlMs: duration(flags.ttl ?? file['ttl'] ?? DEFAULTS.ttl, 'ttl', 1),
    maxPending: integer(flags.maxPending ?? file['maxPending'] ?? DEFAULTS.maxPending, 'maxPending', 1),
    maxPendingBytes: size(flags.maxPendingSize ?? file['maxPendingSize'] ?? DEFAULTS.maxPendingSize, 'maxPendingSize'),
    maxDiffs: integer(flags.maxDiffs ?? file['maxDiffs'] ?? DEFAULTS.maxDiffs, 'maxDiffs', 1),
    maxBodyBytes: size(flags.maxBodySize ?? file['maxBodySize'] ?? DEFAULTS.maxBodySize, 'maxBodySize'),
    maxLineBytes: size(flags.maxLineSize ?? file['maxLineSize'] ?? DEFAULTS.maxLineSize, 'maxLineSize'),
    log: logConfig(flags, file['log']),
    report: optionalString(flags.report ?? file['report'], 'report') ?? null,
    reportIntervalMs: duration(file['reportInterval'] ?? DEFAULTS.reportInterval, 'reportInterval', 100),
    failOn: failOnFrom(flags.failOn ?? file['failOn'] ?? defaults.failOn),
    output,
    color,
    progressIntervalMs: duration(flags.progressInterval ?? file['progressInterval'] ?? DEFAULTS.progressInterval, 'progressInterval', 0),
    writeMismatches: optionalString(flags.writeMismatches ?? file['writeMismatches'], 'writeMismatches') ?? null,
  };
}

function presetRoutesFor(name: string): readonly RouteRule[] {
  const routes = PRESETS[name];
  if (routes === undefined) {
    throw new ConfigError(`preset: unknown preset "${name}" (known: ${Object.keys(PRESETS).join(', ')})`);
  }
  return routes;
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
  if (!isRecord(raw)) throw new ConfigError(`${key} must be an object like {"path": "/v2/robot/query"}`);
  checkKeys(raw, ROUTE_KEYS, `${key}.`);
  const path = requiredString(raw['path'], `${key}.path`);
  const method = optionalString(raw['method'], `${key}.method`)?.toUpperCase() ?? undefined;
  const name = optionalString(raw['name'], `${key}.name`) ?? (method === undefined ? path : `${method} ${path}`);
  const comparator = raw['comparator'] === undefined ? 'json' : comparatorName(raw['comparator'], `${key}.comparator`);
  const ignore = stringList(raw['ignore'], `${key}.ignore`);
  checkIgnore(ignore, `${key}.ignore`);
  return route({ name, method, path, comparator, ignore }, key);
}

function route(fields: { name: string; method: string | undefined; path: string; comparator: ComparatorName; ignore: string[] }, key: string): RouteRule {
  try {
    compilePattern(fields.path);
  } catch (error) {
    if (error instanceof RoutePatternError) throw new ConfigError(`${key}: ${error.message}`);
    throw error;
  }
  const { method, ...rest } = fields;
  return method === undefined ? rest : { ...rest, method };
}

function comparatorName(value: unknown, key: string): ComparatorName {
  const found = COMPARATOR_NAMES.find((name) => name === value);
  if (found === undefined) {
    throw new ConfigError(`${key}: unknown comparator ${JSON.stringify(value)} (known: ${COMPARATOR_NAMES.join(', ')})`);
  }
  return found;
}

function filterFrom(raw: unknown, key: string): FilterRule {
  if (typeof raw === 'string') {
    try {
      return parseFilter(raw);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new ConfigError(`${key}: ${error.message}`);
      throw error;
    }
  }
  if (!isRecord(raw)) throw new ConfigError(`${key} must be "key=value,..." or {"source", "key", "values"}`);
  checkKeys(raw, FILTER_KEYS, `${key}.`);
  const source = raw['source'] ?? 'body';
  if (source !== 'body' && source !== 'query' && source !== 'header') {
    throw new ConfigError(`${key}.source must be "body", "query" or "header"`);
  }
  const values = stringList(raw['values'], `${key}.values`);
  if (values.length === 0) throw new ConfigError(`${key}.values must list at least one value`);
  return { source: source satisfies FilterSource, key: requiredString(raw['key'], `${key}.key`), values };
}

function logConfig(flags: CliFlags, raw: unknown): LogConfig {
  if (raw !== undefined && !isRecord(raw)) throw new ConfigError('log must be an object');
  const file: Raw = raw ?? {};
  checkKeys(file, LOG_KEYS, 'log.');
  const fileValue = flags.logFile === false ? null
    : typeof flags.logFile === 'string' ? flags.logFile
    : file['file'] === null ? null : optionalString(file['file'], 'log.file') ?? DEFAULTS.logFile;
  const frequencyRaw = flags.logFrequency ?? file['frequency'] ?? DEFAULTS.logFrequency;
  return {
    file: fileValue,
    maxSize: sizeText(flags.logMaxSize ?? file['maxSize'] ?? DEFAULTS.logMaxSize, 'log.maxSize'),
    frequency: frequency(frequencyRaw),
    keep: integer(flags.logKeep ?? file['keep'] ?? DEFAULTS.logKeep, 'log.keep', 2),
    ok: flags.logOk ?? optionalBoolean(file['ok'], 'log.ok') ?? false,
    bodyLimit: size(flags.logBodyLimit ?? file['bodyLimit'] ?? DEFAULTS.logBodyLimit, 'log.bodyLimit'),
  };
}

function frequency(value: unknown): LogConfig['frequency'] {
  if (value === 'daily' || value === 'hourly') return value;
  const ms = parseDuration(value);
  if (ms === null || ms < 1000) throw new ConfigError(`log.frequency must be daily, hourly or a duration of at least 1s, not ${JSON.stringify(value)}`);
  return ms;
}

function failOnFrom(value: unknown): Config['failOn'] {
  if (value === undefined || value === null || value === 'never') return null;
  if (value === 'warn' || value === 'error' || value === 'incomplete') return value;
  throw new ConfigError(`failOn must be warn, error, incomplete or never, not ${JSON.stringify(value)}`);
}

function outputFrom(value: unknown): Config['output'] {
  if (value === undefined) return 'normal';
  if (value === 'normal' || value === 'verbose' || value === 'quiet') return value;
  throw new ConfigError(`output must be normal, verbose or quiet, not ${JSON.stringify(value)}`);
}

function checkIgnore(paths: readonly string[], key: string): void {
  try {
    compileIgnorePaths(paths);
  } catch (error) {
    if (error instanceof IgnorePathError) throw new ConfigError(`${key}: ${error.message}`);
    throw error;
  }
}

function pick(flag: string | undefined, file: unknown, key: string): string | undefined {
  return flag ?? optionalString(file, key);
}

