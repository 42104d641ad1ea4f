import type { ExchangeResult, Pair } from '../compare/exchange-result.js';
import type { JsonDifference, JsonDifferenceKind } from '../compare/json-diff.js';
import type { Reason, Verdict } from '../compare/verdict.js';
import type { Risk } from '../compare/risk.js';
import type { ExchangeInsight } from '../insight/insight.js';
import { jsonPreview } from './json-preview.js';
import { redactedSide } from './redact.js';
import type { Redactor } from './redact.js';
import { DETAIL_CHARS, TARGET_CHARS, shortenMiddle, shown, shownPath } from './shorten.js';

/**
 * A difference value whose JSON text is longer than this (in characters) is replaced by
 * the start of that text followed by `…`, and its difference is marked `truncated: true`.
 */
export const DIFF_VALUE_LIMIT = 512;

/** The level label of a log record. */
export type LogLevel = 'error' | 'warn' | 'info';

/**
 * One difference as logged: the path formatted as text (`results.hint_list[0].score`),
 * shortened to PATH_CHARS around `…` when longer, with `pathLength` then giving its full length.
 * A number no double holds (an ExactNumber) is logged as a string of its literal as written,
 * `"12345678901234567890"`, since JSON output cannot carry it as a number through a double.
 */
export interface LogDiff {
  readonly path: string;
  /** Present only when `path` was shortened: the formatted path's full length in characters. */
  readonly pathLength?: number;
  readonly kind: JsonDifferenceKind;
  /** Absent for `added`. */
  readonly origin?: unknown;
  /** Absent for `removed`. */
  readonly replay?: unknown;
  /** Present only when the replay's value sits elsewhere (an array element inserted before it): its path there, shortened like `path`. */
  readonly replayPath?: string;
  /** Present only when `replayPath` was shortened: its full length in characters. */
  readonly replayPathLength?: number;
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
 * set is stable (the README documents it): `detail`, `notes` and `pathLength` are the only optional fields.
 */
export interface LogRecord {
  readonly id: string;
  readonly route: string;
  readonly method: string;
  /** The request target, shortened to TARGET_CHARS around `…` when longer. */
  readonly path: string;
  /** Present only when `path` was shortened: the target's full length in characters. */
  readonly pathLength?: number;
  /** Which replayed response was judged: 1 for the first of its ID, 2 and up for extra ones; null when none came. */
  readonly replayNumber: number | null;
  /** That replay's gor timestamp (Unix nanoseconds, as digits: too large for a JSON number); null when none came. */
  readonly replayTimestamp: string | null;
  readonly verdict: Verdict;
  readonly reason: Reason;
  /** How likely a regression it is (see riskOf); null for an ok exchange. */
  readonly risk: Risk | null;
  /** The ID of its regression cluster (the report's `clusters`); null for an ok exchange. */
  readonly cluster: string | null;
  readonly status: Pair<number>;
  readonly latencyMs: Pair<number>;
  readonly diffs: readonly LogDiff[];
  readonly totalDiffs: number;
  readonly request: LogBody;
  readonly origin: LogBody;
  readonly replay: LogBody;
  readonly detail?: string;
  /** What was compared otherwise than usual (see Judgement.notes), each shortened to DETAIL_CHARS; only when there are some. */
  readonly notes?: readonly string[];
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
 * kept in order, with the exchange's risk and cluster (null without `insight`). Pure; never throws on any ExchangeResult.
 */
export function toLogRecord(result: ExchangeResult, redactor: Redactor, bodyLimit: number, insight: ExchangeInsight | null = null): LogRecord {
  const body = (bytes: Buffer | null): LogBody => {
    const rendered = redactor.redactBody(bytes, bodyLimit);
    return { body: rendered.text, bytes: rendered.bytes, truncated: rendered.truncated };
  };
  const target = shown(result.path, TARGET_CHARS);
  const replay = result.messages.replay;
  return {
    id: result.id,
    route: result.route,
    method: result.method,
    path: target.text,
    ...(target.fullLength === undefined ? {} : { pathLength: target.fullLength }),
    replayNumber: replay === null ? null : result.replayIndex + 1,
    replayTimestamp: replay === null ? null : String(replay.header.timestamp),
    verdict: result.verdict,
    reason: result.reason,
    risk: insight?.risk ?? null,
    cluster: insight?.cluster ?? null,
    status: { origin: result.status.origin, replay: result.status.replay },
    latencyMs: { origin: result.latencyMs.origin, replay: result.latencyMs.replay },
    diffs: result.diffs.map((difference) => toLogDiff(difference, redactor)),
    totalDiffs: result.totalDiffs,
    request: body(result.request.body),
    origin: body(result.originBody),
    replay: body(result.replayBody),
    ...(result.detail === undefined ? {} : { detail: shortenMiddle(result.detail, DETAIL_CHARS) }),
    ...(result.notes === undefined || result.notes.length === 0 ? {} : { notes: result.notes.map((note) => shortenMiddle(note, DETAIL_CHARS)) }),
  };
}

/**
 * One difference with its path shortened and its values redacted and shortened to
 * {@link DIFF_VALUE_LIMIT}. A value is kept as a JSON value only when its whole text fits,
 * so a value nested too deep for JSON.stringify is never handed to the logger.
 */
export function toLogDiff(difference: JsonDifference, redactor: Redactor): LogDiff {
  let truncated = false;
  const shorten = (side: 'origin' | 'replay'): unknown => {
    const redacted = redactedSide(redactor, difference, side);
    const preview = jsonPreview(redacted, DIFF_VALUE_LIMIT);
    if (preview.complete) return redacted;
    truncated = true;
    return `${preview.text}…`;
  };
  const path = shownPath(difference.path);
  const entry: { path: string; pathLength?: number; kind: JsonDifferenceKind; origin?: unknown; replay?: unknown; replayPath?: string; replayPathLength?: number } = {
    path: path.text,
    ...(path.fullLength === undefined ? {} : { pathLength: path.fullLength }),
    kind: difference.kind,
  };
  if (difference.kind !== 'added') entry.origin = shorten('origin');
  if (difference.kind !== 'removed') entry.replay = shorten('replay');
  if (difference.replayPath !== undefined) {
    const replayPath = shownPath(difference.replayPath);
    entry.replayPath = replayPath.text;
    if (replayPath.fullLength !== undefined) entry.replayPathLength = replayPath.fullLength;
  }
  return truncated ? { ...entry, truncated: true } : entry;
}
