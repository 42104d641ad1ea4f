import type { RouteRule } from '../compare/route-matcher.js';
import type { Shape } from '../compare/value-shapes.js';
import type { FilterRule } from '../compare/request-filter.js';
import type { Verdict } from '../compare/verdict.js';
import type { ToleranceRule } from '../compare/value-rules.js';
import type { ListenAddress } from './metrics-options.js';
import type { ArrayKeyRule } from '../compare/keyed-arrays.js';
import type { Baseline } from '../insight/baseline.js';

/** Rotating JSON log settings (`log` in the config file, `--log-*` flags). */
export interface LogConfig {
  /** Null when the log is turned off (`--no-log-file`). */
  readonly file: string | null;
  /** Rotation size for pino-roll, in bytes with its unit: `10485760b` for `10m`. */
  readonly maxSize: string;
  /** pino-roll frequency: `daily`, `hourly` or milliseconds. */
  readonly frequency: 'daily' | 'hourly' | number;
  readonly keep: number;
  /** Log ok exchanges too. */
  readonly ok: boolean;
  /** Bodies longer than this (bytes) are truncated in log records. */
  readonly bodyLimit: number;
}

/** A comparator module to load: its absolute path, and the key and path as the user wrote them, for errors. */
export interface PluginModule {
  readonly path: string;
  /** `--comparator-module[0]` or `plugins[0]`. */
  readonly key: string;
  readonly written: string;
}

/** The validated, complete configuration every part of the program reads. */
export interface Config {
  /** The watched routes: those given, or DEFAULT_ROUTE alone when none is (`defaultRoute`). */
  readonly routes: readonly RouteRule[];
  /** No route was given (no `--route`, `--preset` or config `routes`): every request is compared as JSON. */
  readonly defaultRoute: boolean;
  /** Middleware mode's `--echo-only`: messages are echoed and counted, nothing is judged, whatever the routes. */
  readonly echoOnly: boolean;
  /** Middleware mode's `--overload`: shed whole new exchanges when the analysis falls behind, or pause reading; always `wait` elsewhere. */
  readonly overload: 'shed' | 'wait';
  readonly filters: readonly FilterRule[];
  /** Ignore paths applied to every route. */
  readonly ignore: readonly string[];
  /** Paths of arrays compared as multisets on every route. */
  readonly unordered: readonly string[];
  /** Arrays matched by a key field on every route (a route's own are looked at first). */
  readonly arrayKeys: readonly ArrayKeyRule[];
  /** Value shapes ignored on every route when both sides have one (see value-shapes.ts). */
  readonly ignoreShapes: readonly Shape[];
  /** Number tolerances on every route (a route's own are looked at first). */
  readonly tolerance: readonly ToleranceRule[];
  /** `null` and an absent key are equal, unless a route says otherwise. */
  readonly nullEqualsMissing: boolean;
  /** A string equals the number or boolean it spells, unless a route says otherwise. */
  readonly looseTypes: boolean;
  /** Response headers compared on every route besides the default set (any case). */
  readonly headers: readonly string[];
  /** Response headers compared on no route unless a route adds them back (any case). */
  readonly ignoreHeaders: readonly string[];
  /** The comparator modules (`--comparator-module`, config `plugins`), loaded in order. */
  readonly plugins: readonly PluginModule[];
  /** A plugin comparator that took longer than this (ms) gives comparator_error. */
  readonly comparatorTimeoutMs: number;
  /** Body paths whose values are replaced by "[redacted]" in every output. */
  readonly redact: readonly string[];
  readonly ttlMs: number;
  readonly maxPending: number;
  /** Memory held by pending exchanges (payloads plus bookkeeping), at most; the oldest are evicted beyond it. */
  readonly maxPendingBytes: number;
  readonly maxDiffs: number;
  /** Field paths counted per route in the report's field statistics (`--max-field-paths`). */
  readonly maxFieldPaths: number;
  /** Regression clusters kept in the report (`--max-clusters`). */
  readonly maxClusters: number;
  readonly maxBodyBytes: number;
  /** Lines longer than this are echoed but not analysed. */
  readonly maxLineBytes: number;
  readonly log: LogConfig;
  /** Path of the JSON summary report, or null. */
  readonly report: string | null;
  /** Path of the HTML report, or null; written whenever the JSON report would be. */
  readonly html: string | null;
  readonly reportIntervalMs: number;
  readonly failOn: Exclude<Verdict, 'ok'> | null;
  /** `--baseline`: the clusters of a previous run's report, which this run's are marked against; null without. */
  readonly baseline: Baseline | null;
  /** `--fail-on-new`: only exchanges of clusters the baseline did not have count as failing. */
  readonly failOnNew: boolean;
  readonly output: 'normal' | 'verbose' | 'quiet';
  /** Undefined: decide from stderr and the environment. */
  readonly color: boolean | undefined;
  readonly progressIntervalMs: number;
  /** A .gor file receiving every non-ok exchange, or null. */
  readonly writeMismatches: string | null;
  /** Write the mismatch file exactly as captured instead of redacted. */
  readonly mismatchesUnredacted: boolean;
  /** Middleware mode's Prometheus endpoint (`--metrics-listen`), or null. */
  readonly metricsListen: ListenAddress | null;
}

/**
 * What is watched when no route is given: every request, compared with the default
 * comparator. Comparing nothing by default would let a run pass without a word.
 */
export const DEFAULT_ROUTE: RouteRule = Object.freeze({ name: '/**', path: '/**', comparator: 'json', ignore: [] });

/** Named sets of routes. `robot` reproduces the old Python middleware's three routes. */
export const PRESETS: Readonly<Record<string, readonly RouteRule[]>> = Object.freeze({
  robot: [
    { name: 'input_hint', method: 'POST', path: '/v2/robot/input_hint', comparator: 'input_hint', ignore: [] },
    { name: 'query', method: 'POST', path: '/v2/robot/query', comparator: 'query', ignore: [] },
    { name: 'intention', method: 'POST', path: '/v1/robot/intention', comparator: 'intention', ignore: [] },
  ],
});
