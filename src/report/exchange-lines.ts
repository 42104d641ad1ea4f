import type { ChalkInstance } from 'chalk';
import type { ExchangeResult } from '../compare/exchange-result.js';
import type { JsonDifference } from '../compare/json-diff.js';
import type { Verdict } from '../compare/verdict.js';
import { jsonPreview } from './json-preview.js';
import { redactedSide } from './redact.js';
import type { Redactor, RenderedBody } from './redact.js';
import { DETAIL_CHARS, TARGET_CHARS, inline, shortenMiddle, shown, shownPath } from './shorten.js';

/** How many differences the one-line form lists. */
export const LINE_DIFFS = 3;

/** Longest value (as JSON text, in characters) on the one-line form before it is cut with `…`. */
export const LINE_VALUE_CHARS = 40;

/** Longest value in the verbose difference list. */
export const VERBOSE_VALUE_CHARS = 200;

/** Width of the verdict column: the longest verdict, `incomplete`. */
const VERDICT_WIDTH = 10;

/**
 * The verdict, padded to a fixed width and coloured: red error, yellow warn, grey
 * incomplete, green ok.
 */
export function paintVerdict(verdict: Verdict, chalk: ChalkInstance): string {
  const text = verdict.padEnd(VERDICT_WIDTH);
  if (verdict === 'error') return chalk.red(text);
  if (verdict === 'warn') return chalk.yellow(text);
  if (verdict === 'incomplete') return chalk.gray(text);
  return chalk.green(text);
}

/**
 * Makes captured text safe for a terminal: control characters other than newline and tab
 * (ESC above all, which could move the cursor or recolour the screen), C1 controls and the
 * bidirectional formatting characters (which could make a line read in another order than it
 * has) become `\u001b`-style escapes.
 */
export function sanitizeForTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * A difference value as JSON text of at most `maxChars` characters (cut with `…`), redacted;
 * `(absent)` for the side that lacks it. Only the shown part is ever serialised.
 */
export function showValue(difference: JsonDifference, side: 'origin' | 'replay', redactor: Redactor, maxChars: number): string {
  const absent = side === 'origin' ? difference.kind === 'added' : difference.kind === 'removed';
  if (absent) return '(absent)';
  const preview = jsonPreview(redactedSide(redactor, difference, side), maxChars);
  return sanitizeForTerminal(preview.complete ? preview.text : `${preview.text.slice(0, maxChars - 1)}…`);
}

/** A difference path for one line: shortened to PATH_CHARS with its full length when cut. */
export function showPath(difference: JsonDifference): string {
  const path = inline(shownPath(difference.path));
  // Where the replay holds the value, when an element inserted before it moved it.
  return sanitizeForTerminal(difference.replayPath === undefined ? path : `${path} (replay: ${inline(shownPath(difference.replayPath))})`);
}

/** A detail text for one line, shortened to DETAIL_CHARS. */
export function showDetail(detail: string): string {
  return sanitizeForTerminal(shortenMiddle(detail, DETAIL_CHARS));
}

/**
 * The notes of a judgement for one line: `note: <the first>`, then `(+N more notes)`; see
 * Judgement.notes. Each is shortened to DETAIL_CHARS.
 */
export function lineNotes(notes: readonly string[]): string {
  const more = notes.length - 1;
  return `note: ${showDetail(notes[0] ?? '')}${more > 0 ? ` (+${more} more notes)` : ''}`;
}

/** `METHOD target`, the target shortened to TARGET_CHARS (with its full length when cut). */
export function requestText(result: ExchangeResult): string {
  return `${result.method} ${inline(shown(result.path, TARGET_CHARS))}`;
}

/**
 * Which replayed response was judged: `replay 1 @<gor timestamp>` for the first of its ID,
 * `replay 2 @…` for an extra one (a second --output-http, or a capture replayed that already
 * held recorded replays); null when there was none (missing_replay, replay_failed).
 */
export function replayLabel(result: ExchangeResult): string | null {
  const replay = result.messages.replay;
  return replay === null ? null : `replay ${result.replayIndex + 1} @${replay.header.timestamp}`;
}

function showStatus(status: number | null): string {
  return status === null ? '-' : String(status);
}

/**
 * One line (no newline) for an exchange: verdict, route, ID, reason, `status 200→500`, the
 * replay judged, then the first {@link LINE_DIFFS} differences as `path: origin → replay`
 * with `(+N more)`, then the detail and the first note. Paths, values and the detail are shortened, so the line
 * stays short whatever the traffic holds. Example:
 * `error      query 8a5a body_mismatch status 200→200 replay 1 @1710489600024000000 | results.n: 1 → 2`.
 */
export function formatExchangeLine(result: ExchangeResult, chalk: ChalkInstance, redactor: Redactor): string {
  let line = [
    paintVerdict(result.verdict, chalk),
    sanitizeForTerminal(result.route),
    sanitizeForTerminal(result.id),
    result.reason,
    `status ${showStatus(result.status.origin)}→${showStatus(result.status.replay)}`,
  ].join(' ');
  const replay = replayLabel(result);
  if (replay !== null) line += ` ${replay}`;
  if (result.diffs.length > 0) line += ` | ${lineDiffs(result, redactor)}`;
  if (result.detail !== undefined) line += ` | ${showDetail(result.detail)}`;
  if (result.notes !== undefined && result.notes.length > 0) line += ` | ${lineNotes(result.notes)}`;
  return line;
}

/** The first {@link LINE_DIFFS} differences as `path: origin → replay`, then `(+N more)`. */
export function lineDiffs(result: ExchangeResult, redactor: Redactor): string {
  const shown = result.diffs.slice(0, LINE_DIFFS).map((difference) => {
    const origin = showValue(difference, 'origin', redactor, LINE_VALUE_CHARS);
    const replay = showValue(difference, 'replay', redactor, LINE_VALUE_CHARS);
    return `${showPath(difference)}: ${origin} → ${replay}`;
  });
  const more = result.totalDiffs - shown.length;
  return `${shown.join('; ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

function showLatency(ms: number | null): string {
  return ms === null ? '' : ` in ${Math.round(ms * 100) / 100} ms`;
}

function showBody(body: RenderedBody, indent: string): string[] {
  if (body.text === null) return [`${indent}(none)`];
  if (body.text === '') return [`${indent}(empty)`];
  const lines = sanitizeForTerminal(body.text)
    .split('\n')
    .map((line) => indent + line);
  if (body.truncated) lines.push(`${indent}… truncated at ${Buffer.byteLength(body.text)} of ${body.bytes} bytes`);
  return lines;
}

/**
 * The verbose block under an exchange's line (no trailing newline): the request line and
 * body, the origin and replay status, latency and body (redacted, pretty-printed when JSON,
 * cut to `bodyLimit` bytes), every listed difference with its kind, and every note.
 */
export function formatExchangeDetails(result: ExchangeResult, chalk: ChalkInstance, redactor: Redactor, bodyLimit: number): string {
  const body = (bytes: Buffer | null): string[] => showBody(redactor.redactBody(bytes, bodyLimit, true), '    ');
  const heading = (text: string): string => `  ${chalk.bold(text)}`;
  const lines = [
    heading(`request: ${sanitizeForTerminal(requestText(result))}`),
    ...body(result.request.body),
    heading(`origin: ${showStatus(result.status.origin)}${showLatency(result.latencyMs.origin)}`),
    ...body(result.originBody),
    heading(`${replayLabel(result) ?? 'replay'}: ${showStatus(result.status.replay)}${showLatency(result.latencyMs.replay)}`),
    ...body(result.replayBody),
  ];
  if (result.totalDiffs > 0) {
    lines.push(heading(`differences (${result.diffs.length} of ${result.totalDiffs}):`));
    for (const difference of result.diffs) {
      const origin = showValue(difference, 'origin', redactor, VERBOSE_VALUE_CHARS);
      const replay = showValue(difference, 'replay', redactor, VERBOSE_VALUE_CHARS);
      lines.push(`    ${showPath(difference)} ${difference.kind}: ${origin} → ${replay}`);
    }
  }
  if (result.notes !== undefined && result.notes.length > 0) {
    lines.push(heading('notes:'));
    for (const note of result.notes) lines.push(`    ${showDetail(note)}`);
  }
  return lines.join('\n');
}
