import { formatPath } from '../compare/ignore-paths.js';
import type { ExchangeResult, Pair } from '../compare/exchange-result.js';
import type { JsonDifference, JsonDifferenceKind } from '../compare/json-diff.js';
import type { Reason, Verdict } from '../compare/verdict.js';
import type { Redactor } from './redact.js';

/**
 * A difference value whose JSON text is longer than this (in characters) is replaced by
 * the start of that text followed by `…`, and its difference is marked `truncated: true`.
 */
export const DIFF_VALUE_LIMIT = 512;

/** The level label of a log record. */
export type LogLevel = 'error' | 'warn' | 'info';

/**
 * One difference as logged: the path formatted as text (`results.hint_list[0].score`). A
 * number no double holds (an ExactNumber) is logged as a string of its literal as written,
 * `"12345678901234567890"`, since JSON output cannot carry it as a number through a double.
 */
export interface LogDiff {
  readonly path: string;
  readonly kind: JsonDifferenceKind;
  /** Absent for `added`. */
  readonly origin?: unknown;
  /** Absent for `removed`. */
  readonly replay?: unknown;
  /** Present, and true, only when a value was shortened. */
  readonly truncated?: true;
}

/** A body as logged: redacted text cut to the body limit, its captured size, and whether it was cut. */
export interface LogBody {
  readonly body: string | null;
  readonly bytes: number;
  readonly truncated: boolean;
}

/**
 * The fields of one exchange's log record. pino adds `time`, `level` and `msg`. The field
 * set is stable (the README documents it): `detail` is the only optional field.
 */
export interface LogRecord {
  readonly id: string;
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly status: Pair<number>;
  readonly latencyMs: Pair<number>;
  readonly diffs: readonly LogDiff[];
  readonly totalDiffs: number;
  readonly request: LogBody;
  readonly origin: LogBody;
  readonly replay: LogBody;
  readonly detail?: string;
}

/** The log level for a verdict: warn → warn; error and incomplete → error; ok → info. */
export function levelFor(verdict: Verdict): LogLevel {
  if (verdict === 'ok') return 'info';
  return verdict === 'warn' ? 'warn' : 'error';
}

/** The record's `msg`: `<reason> on <route>`, e.g. `body_mismatch on query`. */
export function messageFor(result: ExchangeResult): string {
  return `${result.reason} on ${result.route}`;
}

/**
 * Builds the log record of one exchange: bodies redacted and cut to `bodyLimit` bytes,
 * difference values redacted and shortened, the engine's (already capped) difference list
 * kept in order. Pure; never throws on any ExchangeResult.
 */
export function toLogRecord(result: ExchangeResult, redactor: Redactor, bodyLimit: number): LogRecord {
  const body = (bytes: Buffer | null): LogBody => {
    const rendered = redactor.redactBody(bytes, bodyLimit);
    return { body: rendered.text, bytes: rendered.bytes, truncated: rendered.truncated };
  };
  return {
    id: result.id,
    route: result.route,
    method: result.method,
    path: result.path,
    verdict: result.verdict,
    reason: result.reason,
    status: { origin: result.status.origin, replay: result.status.replay },
    latencyMs: { origin: result.latencyMs.origin, replay: result.latencyMs.replay },
    diffs: result.diffs.map((difference) => toLogDiff(difference, redactor)),
    totalDiffs: result.totalDiffs,
    request: body(result.request.body),
    origin: body(result.originBody),
    replay: body(result.replayBody),
    ...(result.detail === undefined ? {} : { detail: result.detail }),
  };
}

/** One difference with its values redacted and shortened to {@link DIFF_VALUE_LIMIT}. */
export function toLogDiff(difference: JsonDifference, redactor: Redactor): LogDiff {
  let truncated = false;
  const shorten = (value: unknown): unknown => {
    const redacted = redactor.redactValue(value, difference.path);
    const text = JSON.stringify(redacted);
    if (text === undefined || text.length <= DIFF_VALUE_LIMIT) return redacted;
    truncated = true;
    return `${text.slice(0, DIFF_VALUE_LIMIT)}…`;
  };
  const entry: { path: string; kind: JsonDifferenceKind; origin?: unknown; replay?: unknown } = {
    path: formatPath(difference.path),
    kind: difference.kind,
  };
  if (difference.kind !== 'added') entry.origin = shorten(difference.origin);
  if (difference.kind !== 'removed') entry.replay = shorten(difference.replay);
  return truncated ? { ...entry, truncated: true } : entry;
}
