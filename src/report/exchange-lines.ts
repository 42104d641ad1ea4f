import type { ChalkInstance } from 'chalk';
import { jsonText } from '../compare/exact-number.js';
import { formatPath } from '../compare/ignore-paths.js';
import type { ExchangeResult } from '../compare/exchange-result.js';
import type { JsonDifference } from '../compare/json-diff.js';
import type { Verdict } from '../compare/verdict.js';
import type { Redactor, RenderedBody } from './redact.js';

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
 * (ESC above all, which could move the cursor or recolour the screen) and C1 controls
 * become `\u001b`-style escapes.
 */
export function sanitizeForTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * A difference value as short JSON text, redacted; `(absent)` for the side that lacks it. A
 * number no double holds is shown as written (`12345678901234567890`), unquoted.
 */
export function showValue(difference: JsonDifference, side: 'origin' | 'replay', redactor: Redactor, maxChars: number): string {
  const absent = side === 'origin' ? difference.kind === 'added' : difference.kind === 'removed';
  if (absent) return '(absent)';
  const text = jsonText(redactor.redactValue(difference[side], difference.path)) ?? 'undefined';
  return sanitizeForTerminal(text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text);
}

function showStatus(status: number | null): string {
  return status === null ? '-' : String(status);
}

/**
 * One line (no newline) for an exchange: verdict, route, ID, reason, `status 200→500`, then the
 * first {@link LINE_DIFFS} differences as `path: origin → replay` with `(+N more)`, then the
 * detail. Example: `error      query 8a5a body_mismatch status 200→200 | results.n: 1 → 2`.
 */
export function formatExchangeLine(result: ExchangeResult, chalk: ChalkInstance, redactor: Redactor): string {
  let line = [
    paintVerdict(result.verdict, chalk),
    sanitizeForTerminal(result.route),
    sanitizeForTerminal(result.id),
    result.reason,
    `status ${showStatus(result.status.origin)}→${showStatus(result.status.replay)}`,
  ].join(' ');
  if (result.diffs.length > 0) {
    const shown = result.diffs.slice(0, LINE_DIFFS).map((difference) => {
      const origin = showValue(difference, 'origin', redactor, LINE_VALUE_CHARS);
      const replay = showValue(difference, 'replay', redactor, LINE_VALUE_CHARS);
      return `${sanitizeForTerminal(formatPath(difference.path))}: ${origin} → ${replay}`;
    });
    const more = result.totalDiffs - shown.length;
    line += ` | ${shown.join('; ')}${more > 0 ? ` (+${more} more)` : ''}`;
  }
  if (result.detail !== undefined) line += ` | ${sanitizeForTerminal(result.detail)}`;
  return line;
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
 * cut to `bodyLimit` bytes), and every listed difference with its kind.
 */
export function formatExchangeDetails(result: ExchangeResult, chalk: ChalkInstance, redactor: Redactor, bodyLimit: number): string {
  const body = (bytes: Buffer | null): string[] => showBody(redactor.redactBody(bytes, bodyLimit, true), '    ');
  const heading = (text: string): string => `  ${chalk.bold(text)}`;
  const lines = [
    heading(`request: ${sanitizeForTerminal(`${result.method} ${result.path}`)}`),
    ...body(result.request.body),
    heading(`origin: ${showStatus(result.status.origin)}${showLatency(result.latencyMs.origin)}`),
    ...body(result.originBody),
    heading(`replay: ${showStatus(result.status.replay)}${showLatency(result.latencyMs.replay)}`),
    ...body(result.replayBody),
  ];
  if (result.totalDiffs > 0) {
    lines.push(heading(`differences (${result.diffs.length} of ${result.totalDiffs}):`));
    for (const difference of result.diffs) {
      const origin = showValue(difference, 'origin', redactor, VERBOSE_VALUE_CHARS);
      const replay = showValue(difference, 'replay', redactor, VERBOSE_VALUE_CHARS);
      const path = sanitizeForTerminal(formatPath(difference.path));
      lines.push(`    ${path} ${difference.kind}: ${origin} → ${replay}`);
    }
  }
  return lines.join('\n');
}
