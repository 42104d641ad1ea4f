/*
 * The published interface of plugin comparators (`--comparator-module`): what a comparator
 * receives and what it returns. Authors import these types from the package goreplay-diff
 * (a JSDoc `@type` import in a `.mjs` module, or `import type` in TypeScript). Nothing
 * here depends on the rest of the program, so the published types stay small and stable.
 */

/** How an exchange was judged; a comparator may not give `incomplete` (an exchange it sees is complete). */
export type PluginVerdict = 'ok' | 'warn' | 'error';

/** How a value differs: only on replay, only on origin, another value of the same JSON type, another JSON type. */
export type PluginDifferenceKind = 'added' | 'removed' | 'changed' | 'type_changed';

/**
 * The element of a keyed array (`--array-key items=id`) whose `field` holds `value`, shown
 * `items[id=7]`. `value` is a string or a number, or for a number no double holds the
 * object the structural diff uses for exact numbers (its `String()` is the number's text).
 */
export interface PluginKeySegment {
  readonly field: string;
  readonly value: string | number | object;
}

/** One step of a path: an object key, an array index, or a keyed element. */
export type PluginPathSegment = string | number | PluginKeySegment;

/** One difference; `path` is a list of steps (`['items', 2, 'price']`) or its text (`items[2].price`). */
export interface PluginDifference {
  readonly path: readonly PluginPathSegment[] | string;
  readonly kind: PluginDifferenceKind;
  /** The original (production) value; absent for `added`. JSON values only. */
  readonly origin?: unknown;
  /** The replayed (candidate) value; absent for `removed`. JSON values only. */
  readonly replay?: unknown;
  /**
   * Where the replayed value is, when that is not `path`: an array element inserted before it
   * moved it (the `diff` helper sets it then). Optional; the same forms as `path`.
   */
  readonly replayPath?: readonly PluginPathSegment[] | string;
}

/**
 * What a comparator returns. `reason` is a built-in reason (README, Reasons) other than the
 * incomplete ones, or one of the comparator's declared `reasons`, reported as
 * `<comparator>:<reason>`. `diffs` are listed up to `--max-diffs`; `totalDiffs` (at least
 * their number) counts those beyond. `detail` is free text, shortened when long.
 */
export interface PluginResult {
  readonly verdict: PluginVerdict;
  readonly reason: string;
  readonly diffs?: readonly PluginDifference[];
  readonly totalDiffs?: number;
  readonly detail?: string;
}

/** A decoded body. `text` is null when its bytes are not valid in its charset; `json` is undefined when it is not JSON. */
export interface PluginBody {
  readonly contentType: string | undefined;
  /** A copy of the decoded (de-chunked, decompressed) bytes. */
  readonly bytes: Uint8Array;
  readonly text: string | null;
  readonly json: unknown;
}

/** Header names in lower case; a repeated header's values joined by `, ` (`set-cookie` by a newline). */
export type PluginHeaders = Readonly<Record<string, string>>;

/** A response: its status code, headers and decoded body. */
export interface PluginResponse {
  readonly status: number;
  readonly headers: PluginHeaders;
  readonly body: PluginBody;
}

/** The decoded exchange a comparator judges: the request, the original response and the replayed one. */
export interface PluginExchange {
  /** The exchange's ID, as gor gave it. */
  readonly id: string;
  /** The route's name, as configured. */
  readonly route: string;
  readonly method: string;
  /** The request path without its query string. */
  readonly path: string;
  /** The query string without its `?`; '' when there is none. */
  readonly query: string;
  readonly request: { readonly headers: PluginHeaders; readonly body: PluginBody };
  readonly origin: PluginResponse;
  readonly replay: PluginResponse;
  /** 0 for the first replayed response of this ID, 1 and up for extra ones (several targets). */
  readonly replayIndex: number;
}

/** The result of the built-in structural diff: the first `--max-diffs` differences and the count of all. */
export interface PluginDiff {
  readonly diffs: readonly PluginDifference[];
  readonly total: number;
}

/** What the built-in judging offers a comparator. */
export interface PluginHelpers {
  /**
   * The built-in structural JSON diff, with the route's options (ignore paths, unordered
   * arrays, shapes, tolerances, null and missing, loose types; paths are relative to the values
   * given). Without arguments it compares the two response bodies (exactly, big numbers
   * included); both must then be JSON.
   */
  diff(origin?: unknown, replay?: unknown): PluginDiff;
  /** The verdict the route would get without this comparator (its options, the `json` comparator, headers included). */
  defaultJudgement(): PluginResult;
  /** A path as the outputs show it: `items[2].price`. */
  formatPath(path: readonly PluginPathSegment[]): string;
}

/** A comparator as a function; it may return built-in reasons only. Synchronous: a Promise is refused. */
export type ComparatorFunction = (exchange: PluginExchange, helpers: PluginHelpers) => PluginResult;

/** A comparator with reasons of its own: each `[a-z][a-z0-9_]*`, at most 40 characters, at most 16 of them. */
export interface ComparatorDefinition {
  readonly reasons?: readonly string[];
  readonly compare: ComparatorFunction;
}

/** What a comparator module exports by name: every exported function or definition is a comparator. */
export type Comparator = ComparatorFunction | ComparatorDefinition;

/** Returns its argument: a typed way to write a comparator with reasons of its own. */
export function defineComparator<T extends Comparator>(comparator: T): T {
  return comparator;
}
