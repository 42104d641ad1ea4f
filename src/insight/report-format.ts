import type { JsonDifferenceKind } from '../compare/json-difference.js';
import type { Risk } from '../compare/risk.js';
import type { Reason, Verdict } from '../compare/verdict.js';

export const REPORT_FORMAT = 2;

export type RiskCounts = Record<Risk, number>;

/** A latency histogram that merges exactly: the sparse 1 %-wide log buckets of LatencyHistogram. */
export interface HistogramData {
  readonly count: number;
  readonly min: number | null; // ms, exact
  readonly max: number | null; // ms, exact
  readonly buckets: ReadonlyArray<readonly [index: number, count: number]>; // ascending index, counts > 0
}

/** One field path's difference counters within a route. */
export interface FieldStat {
  readonly count: number; // judged exchanges of the route whose listed diffs have this collapsed path
  readonly kinds: Partial<Record<JsonDifferenceKind, number>>; // per kind, each exchange counted once per kind
  readonly examples: readonly string[]; // up to 5 exchange IDs, first seen first
}

export interface RouteFields {
  readonly judged: number; // judged exchanges of the route (all verdicts except incomplete)
  readonly paths: Readonly<Record<string, FieldStat>>; // collapsed path → stat; at most `--max-field-paths` (default 500) per route
  readonly overflow: number; // path occurrences not counted because the route was full
}
// rate = count / judged is computed by readers (stderr, HTML); the report holds counts only, so merging is addition.

/** One side of an exchange example, redacted and cut like log records. */
export interface ExampleSide {
  readonly status?: number | null; // responses only
  readonly headers: ReadonlyArray<readonly [string, string]>; // redacted as the log redacts them
  readonly body: string | null; // decoded text, redacted, cut to the body limit; null when absent or binary
  readonly bodyBytes: number; // size of the decoded body before cutting
  readonly truncated: boolean;
  readonly binary?: { readonly sha256: string }; // 16 hex digits; set when the body is binary (never dumped)
}

export interface ExampleDiff {
  readonly path: string; // formatPath of the real path (indices kept)
  readonly kind: JsonDifferenceKind;
  readonly origin?: unknown; // redacted, cut like log records
  readonly replay?: unknown;
  readonly replayPath?: string; // where the replay's value is, when an array element inserted before it moved it
}

export interface ClusterExample {
  readonly id: string;
  readonly at: string; // ISO time the exchange was judged (injected clock)
  readonly method: string;
  readonly path: string; // request target, redacted like log records
  readonly latencyMs: { readonly origin: number | null; readonly replay: number | null };
  readonly diffs: readonly ExampleDiff[]; // at most 20
  readonly request?: ExampleSide; // content kept for at most 5 examples per cluster, within a memory budget
  readonly origin?: ExampleSide;
  readonly replay?: ExampleSide;
}

export type BaselineStatus = 'new' | 'persisting';

export interface Cluster {
  readonly id: string; // fingerprintOf(...).id
  readonly route: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly status: { readonly origin: number | null; readonly replay: number | null };
  readonly fields: ReadonlyArray<readonly [string, JsonDifferenceKind]>;
  readonly risk: Risk; // the highest risk of its exchanges
  readonly count: number;
  readonly firstSeen: string; // ISO
  readonly lastSeen: string; // ISO
  readonly examples: readonly ClusterExample[]; // up to 5, first seen first
  readonly baseline?: BaselineStatus; // only with --baseline
}

export interface Clusters {
  readonly items: readonly Cluster[]; // sorted by count desc, then id; at most `--max-clusters` (default 1000)
  readonly overflow: number; // non-ok exchanges whose fingerprint was new after the cap was reached
}

export interface BaselineSummary {
  readonly file: string; // as given on the command line
  readonly new: number; // clusters not in the baseline
  readonly persisting: number; // clusters in both
  readonly fixed: number; // baseline clusters not seen in this run
  readonly fixedClusters: readonly { readonly id: string; readonly route: string; readonly reason: Reason; readonly count: number }[]; // at most 100
}

export type NoiseEvidenceKind = 'shape' | 'clock' | 'production_noise' | 'cardinality';

export interface Suggestion {
  readonly route: string;
  readonly path: string; // collapsed path, in the ignore-path syntax (usable as a route `ignore` entry)
  readonly evidence: NoiseEvidenceKind;
  readonly rate: number; // difference rate of the path on the route, 0..1
  readonly confidence: number; // 0..1
  readonly detail: string; // one line of evidence, for people
}

export interface Suggestions {
  readonly items: readonly Suggestion[];
  readonly config: { readonly routes: ReadonlyArray<{ readonly name: string; readonly ignore: readonly string[] }> }; // ready-to-paste config fragment
  readonly evidence: unknown; // the noise branch's mergeable state (it defines and documents its shape; merge calls its merge function)
}

export interface RunHeader {
  readonly mode: 'middleware' | 'compare' | 'replay' | 'demo' | 'merged';
  readonly version: string; // package version
  readonly sources: readonly string[]; // compare/replay: input files; middleware: ['stdin']; merged: the input report files
  readonly target: string | null; // replay target
  readonly routes: ReadonlyArray<{ readonly name: string; readonly match: string; readonly comparator: string }>;
  readonly options: Readonly<Record<string, unknown>>; // non-default options that change judging (no secrets, no file contents)
  readonly gates: { readonly failOn: Verdict | 'never'; readonly minSamples: number; readonly failOnNew: boolean; readonly result: 'pass' | 'fail' | null }; // result null until the final report
}
