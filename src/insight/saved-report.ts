import { suggestFromEvidence } from './noise-evidence.js';
import { RISKS } from '../compare/risk.js';
import type { Reason, Verdict } from '../compare/verdict.js';
import { REPORT_FORMAT } from './report-format.js';
import type { BaselineSummary, Clusters, HistogramData, RiskCounts, RouteFields, RunHeader, Suggestions } from './report-format.js';

/** Percentiles as a report holds them, in ms. */
export interface SavedPercentiles {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/** One route of a saved report: its verdict counts, latency percentiles and risk counts. */
export interface SavedRoute extends Readonly<Record<Verdict, number>> {
  readonly latencyMs: { readonly origin: SavedPercentiles; readonly replay: SavedPercentiles };
  readonly risk: RiskCounts;
}

/** Origin and replay histograms. */
export interface HistogramPair {
  readonly origin: HistogramData;
  readonly replay: HistogramData;
}

/** A JSON report of format 2, as a run writes it and `goreplay-diff report` reads and merges it. */
export interface SavedReport {
  readonly format: typeof REPORT_FORMAT;
  readonly run: RunHeader;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly elapsedSeconds: number;
  readonly exchanges: Readonly<Record<Verdict, number>>;
  readonly extraReplays: number;
  readonly pending: number;
  readonly skipped: Readonly<Record<'unwatched' | 'filtered' | 'evicted' | 'orphaned' | 'shed', number>>;
  readonly messages: Readonly<Record<'request' | 'response' | 'replay' | 'malformed' | 'oversized', number>>;
  readonly rates: { readonly messagesPerSecond: number; readonly exchangesPerSecond: number };
  readonly latencyMs: { readonly origin: SavedPercentiles; readonly replay: SavedPercentiles };
  readonly routes: Readonly<Record<string, SavedRoute>>;
  readonly reasons: Readonly<Partial<Record<Reason, number>>>;
  readonly warnings: readonly string[];
  readonly risk: RiskCounts;
  readonly latency: HistogramPair & { readonly routes: Readonly<Record<string, HistogramPair>> };
  readonly fields: Readonly<Record<string, RouteFields>>;
  readonly clusters: Clusters;
  readonly baseline: BaselineSummary | null;
  readonly suggestions: Suggestions;
}

/** Why a text is not a report this version can read: one line, naming the first part at fault. */
export class ReportProblem extends Error {
  override readonly name = 'ReportProblem';
}

const VERDICTS: readonly string[] = ['ok', 'warn', 'error', 'incomplete'];
const KINDS: readonly string[] = ['added', 'removed', 'changed', 'type_changed'];

/**
 * Reads a report written by `--report` (or by `goreplay-diff report --out`): JSON, an object,
 * `format` 2, and every part that merging, baselines and the exit code read of the right
 * type. Throws ReportProblem saying what is wrong; the parts only copied (examples, run
 * options) are checked to be there, not inside; the noise evidence, which merging adds up, is read.
 */
export function readSavedReport(text: string): SavedReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportProblem(`not JSON (${(error as Error).message})`);
  }
  if (!isObject(value) || !isObject(value['exchanges']) || !isObject(value['routes'])) throw new ReportProblem('not a goreplay-diff report');
  if (value['format'] !== REPORT_FORMAT) {
    const format = value['format'] === undefined ? 'format 1 (no "format" key)' : `format ${JSON.stringify(value['format'])}`;
    throw new ReportProblem(`a report of ${format}; this version reads format ${REPORT_FORMAT} (write it again with this version's --report)`);
  }
  checkReport(value);
  return value as unknown as SavedReport;
}

function checkReport(report: Readonly<Record<string, unknown>>): void {
  const run = object(report, 'run');
  text(run, 'mode');
  for (const [index, source] of list(run, 'sources').entries()) if (typeof source !== 'string') fail(`run.sources[${index}]`, 'a string');
  list(run, 'routes');
  object(run, 'options');
  object(run, 'gates');
  for (const key of ['startedAt', 'updatedAt']) time(report, key);
  for (const key of ['elapsedSeconds', 'extraReplays', 'pending']) count(report, key);
  counts(object(report, 'exchanges'), 'exchanges', VERDICTS);
  counts(object(report, 'skipped'), 'skipped', ['unwatched', 'filtered', 'evicted', 'orphaned', 'shed']);
  counts(object(report, 'messages'), 'messages', ['request', 'response', 'replay', 'malformed', 'oversized']);
  const reasons = object(report, 'reasons');
  counts(reasons, 'reasons', Object.keys(reasons));
  for (const [index, warning] of list(report, 'warnings').entries()) if (typeof warning !== 'string') fail(`warnings[${index}]`, 'a string');
  counts(object(report, 'risk'), 'risk', RISKS);
  for (const [name, route] of entries(report, 'routes')) {
    counts(route, `routes.${name}`, VERDICTS);
    counts(object(route, 'risk', `routes.${name}.`), `routes.${name}.risk`, RISKS);
  }
  const latency = object(report, 'latency');
  histograms(latency, 'latency');
  for (const [name, pair] of entries(latency, 'routes', 'latency.')) histograms(pair, `latency.routes.${name}`);
  for (const [name, route] of entries(report, 'fields')) checkRouteFields(route, `fields.${name}`);
  const clusters = object(report, 'clusters');
  count(clusters, 'overflow', 'clusters.');
  for (const [index, cluster] of list(clusters, 'items', 'clusters.').entries()) checkCluster(cluster, `clusters.items[${index}]`);
  if (report['baseline'] !== null) object(report, 'baseline');
  const suggestions = object(report, 'suggestions');
  list(suggestions, 'items', 'suggestions.');
  object(suggestions, 'config', 'suggestions.');
  try {
    suggestFromEvidence(suggestions['evidence']);
  } catch (error) {
    throw new ReportProblem(`not a goreplay-diff report: ${(error as Error).message}`);
  }
}

function histograms(pair: Readonly<Record<string, unknown>>, at: string): void {
  for (const side of ['origin', 'replay']) {
    const histogram = object(pair, side, `${at}.`);
    const where = `${at}.${side}`;
    const total = count(histogram, 'count', `${where}.`);
    for (const key of ['min', 'max']) if (histogram[key] !== null && typeof histogram[key] !== 'number') fail(`${where}.${key}`, 'a number or null');
    let sum = 0;
    let previous = -1;
    for (const [index, bucket] of list(histogram, 'buckets', `${where}.`).entries()) {
      const ok = Array.isArray(bucket) && bucket.length === 2 && isCount(bucket[0]) && isCount(bucket[1]) && bucket[0] > previous && bucket[1] > 0;
      if (!ok) fail(`${where}.buckets[${index}]`, 'an [index, count] pair after the one before it');
      previous = bucket[0];
      sum += bucket[1];
    }
    if (sum !== total) fail(`${where}.count`, 'the sum of its buckets');
  }
}

function checkRouteFields(route: unknown, at: string): void {
  if (!isObject(route)) fail(at, 'an object');
  count(route, 'judged', `${at}.`);
  count(route, 'overflow', `${at}.`);
  for (const [path, stat] of entries(route, 'paths', `${at}.`)) {
    const where = `${at}.paths.${path}`;
    count(stat, 'count', `${where}.`);
    const kinds = object(stat, 'kinds', `${where}.`);
    for (const kind of Object.keys(kinds)) if (!KINDS.includes(kind)) fail(`${where}.kinds.${kind}`, 'a difference kind');
    counts(kinds, `${where}.kinds`, Object.keys(kinds));
    for (const [index, id] of list(stat, 'examples', `${where}.`).entries()) if (typeof id !== 'string') fail(`${where}.examples[${index}]`, 'a string');
  }
}

function checkCluster(cluster: unknown, at: string): void {
  if (!isObject(cluster)) fail(at, 'an object');
  for (const key of ['id', 'route', 'reason']) text(cluster, key, `${at}.`);
  if (!VERDICTS.includes(cluster['verdict'] as string)) fail(`${at}.verdict`, 'a verdict');
  if (!RISKS.includes(cluster['risk'] as never)) fail(`${at}.risk`, 'a risk');
  count(cluster, 'count', `${at}.`);
  time(cluster, 'firstSeen', `${at}.`);
  time(cluster, 'lastSeen', `${at}.`);
  object(cluster, 'status', `${at}.`);
  list(cluster, 'fields', `${at}.`);
  for (const [index, example] of list(cluster, 'examples', `${at}.`).entries()) {
    if (!isObject(example)) fail(`${at}.examples[${index}]`, 'an object');
    time(example, 'at', `${at}.examples[${index}].`);
  }
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function fail(at: string, what: string): never {
  throw new ReportProblem(`not a goreplay-diff report: ${at} is not ${what}`);
}

function object(parent: unknown, key: string, prefix = ''): Json {
  const value = isObject(parent) ? parent[key] : undefined;
  if (!isObject(value)) fail(`${prefix}${key}`, 'an object');
  return value;
}

function list(parent: Json, key: string, prefix = ''): readonly unknown[] {
  const value = parent[key];
  if (!Array.isArray(value)) fail(`${prefix}${key}`, 'a list');
  return value;
}

function text(parent: Json, key: string, prefix = ''): string {
  const value = parent[key];
  if (typeof value !== 'string') fail(`${prefix}${key}`, 'a string');
  return value;
}

function time(parent: Json, key: string, prefix = ''): void {
  if (Number.isNaN(Date.parse(text(parent, key, prefix)))) fail(`${prefix}${key}`, 'a time');
}

function count(parent: unknown, key: string, prefix = ''): number {
  const value = isObject(parent) ? parent[key] : undefined;
  if (!isCount(value)) fail(`${prefix}${key}`, 'a count');
  return value;
}

/** Checks that `holder`, found at `at`, holds a count under each of `keys`. */
function counts(holder: Json, at: string, keys: readonly string[]): void {
  for (const name of keys) count(holder, name, `${at}.`);
}

function entries(parent: Json, key: string, prefix = ''): Array<[string, Json]> {
  return Object.entries(object(parent, key, prefix)).map(([name, value]) => {
    if (!isObject(value)) fail(`${prefix}${key}.${name}`, 'an object');
    return [name, value];
  });
}
