import type { Config } from '../config/config.js';
import { optionDefault } from '../config/options.js';
import type { RunHeader } from '../insight/report-format.js';
import { packageVersion } from '../report/package-version.js';
import type { RateGate } from './exit-policy.js';

/** Where a run's exchanges come from, as the report's run header says it. */
export interface RunSource {
  readonly mode: RunHeader['mode'];
  /** Input files (compare, replay), `stdin` for middleware mode. */
  readonly sources: readonly string[];
  /** The replay target, without credentials; null when nothing is sent. */
  readonly target: string | null;
}

/** Middleware mode: gor's stream on stdin. */
export const MIDDLEWARE_SOURCE: RunSource = Object.freeze({ mode: 'middleware', sources: Object.freeze(['stdin']), target: null });

/** The gates' part that another output may add to (`--fail-on-new`); off unless given. */
export interface GateExtras {
  readonly failOnNew?: boolean;
}

/**
 * The report's run header: mode, version, sources, target, routes, the options that change
 * judging and differ from their defaults (as config-file keys; filters by key only, since
 * their values may identify users), and the gates, whose `result` stays null until the end.
 */
export function runHeader(config: Config, source: RunSource, gate: RateGate, extras: GateExtras = {}): RunHeader {
  return {
    mode: source.mode,
    version: packageVersion(),
    sources: [...source.sources],
    target: source.target,
    routes: config.routes.map((route) => ({ name: route.name, match: route.method === undefined ? route.path : `${route.method} ${route.path}`, comparator: route.comparator })),
    options: judgingOptions(config, gate),
    gates: { failOn: config.failOn ?? 'never', minSamples: gate.minSamples, failOnNew: extras.failOnNew ?? false, result: null },
  };
}

function judgingOptions(config: Config, gate: RateGate): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const list = (key: string, values: readonly string[]): void => {
    if (values.length > 0) options[key] = [...values];
  };
  const flag = (key: string, value: boolean): void => {
    if (value) options[key] = true;
  };
  const number = (key: string, value: number, fallback: number): void => {
    if (value !== fallback) options[key] = value;
  };
  list('ignore', config.ignore);
  list('unordered', config.unordered);
  list('ignoreShapes', config.ignoreShapes);
  list(
    'tolerance',
    config.tolerance.map((rule) => `${rule.path}=${rule.amount}${rule.relative ? '%' : ''}`),
  );
  flag('nullEqualsMissing', config.nullEqualsMissing);
  flag('looseTypes', config.looseTypes);
  list('headers', config.headers);
  list('ignoreHeaders', config.ignoreHeaders);
  list('redact', config.redact);
  list(
    'filters',
    config.filters.map((filter) => `${filter.source}:${filter.key}`),
  );
  number('maxDiffs', config.maxDiffs, optionDefault('maxDiffs'));
  number('maxBodySize', config.maxBodyBytes, optionDefault('maxBodySize'));
  number('ttl', config.ttlMs, optionDefault('ttl'));
  number('maxFieldPaths', config.maxFieldPaths, optionDefault('maxFieldPaths'));
  number('maxClusters', config.maxClusters, optionDefault('maxClusters'));
  if (gate.maxRate > 0) options['maxErrorRate'] = gate.maxRate;
  return options;
}
