import type { ExchangeResult } from '../compare/exchange-result.js';
import type { Verdict } from '../compare/verdict.js';
import { VERBOSE_VALUE_CHARS, lineDiffs, lineNotes, replayLabel, requestText, showPath, showValue } from './exchange-lines.js';
import { FAIL_ON_RANK } from '../compare/verdict.js';
import type { Redactor } from './redact.js';
import { DETAIL_CHARS, shortenMiddle, showBidiControls } from './shorten.js';
import type { ExchangeInsight } from '../insight/insight.js';

/** How a test case ends up in JUnit. */
export type JunitOutcome = 'passed' | 'failure' | 'skipped';

/** One rendered `<testcase>` and what its suite needs to count. */
export interface JunitCase {
  readonly xml: string;
  readonly outcome: JunitOutcome;
  readonly seconds: number;
}

/** Counts for a `<testsuite>` or `<testsuites>` element. */
export interface JunitCounts {
  readonly tests: number;
  readonly failures: number;
  readonly skipped: number;
  readonly seconds: number;
}

/** Characters XML 1.0 cannot hold at all, even escaped (controls, lone surrogates, U+FFFE/F). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text content: characters XML cannot hold removed, `&`, `<`, `>` escaped, and bidirectional
 * formatting characters shown as their code points (`[U+202E]`): valid XML, but a CI page
 * showing the report would obey them, as a browser would the HTML report's.
 */
export function xmlText(text: string): string {
  return showBidiControls(text.replace(NOT_XML, '')).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value (for double quotes): as xmlText, plus quotes and line breaks as references. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/**
 * How a verdict is reported, given `--fail-on`: `error` is always a failure; `incomplete`
 * is a failure when `failOn` is `incomplete` or `warn`, else skipped (it could not be
 * judged); `warn` is a failure when `failOn` is `warn`, else a passed case with a note in
 * `<system-out>`; `ok` passes.
 */
export function junitOutcome(verdict: Verdict, failOn: Verdict | null): JunitOutcome {
  if (verdict === 'ok') return 'passed';
  if (verdict === 'error') return 'failure';
  if (failOn !== null && FAIL_ON_RANK[verdict] >= FAIL_ON_RANK[failOn]) return 'failure';
  return verdict === 'incomplete' ? 'skipped' : 'passed';
}

/**
 * The one-line summary used as failure message: `reason: status 200→500`, then the first
 * differences `path: origin → replay`, the detail and the first note. Paths, values, the detail and notes are
 * redacted and shortened as on stderr.
 */
export function junitMessage(result: ExchangeResult, redactor: Redactor): string {
  const parts: string[] = [];
  if (result.status.origin !== result.status.replay) {
    parts.push(`status ${result.status.origin ?? '-'}→${result.status.replay ?? '-'}`);
  }
  if (result.diffs.length > 0) parts.push(lineDiffs(result, redactor));
  if (result.detail !== undefined) parts.push(shortenMiddle(result.detail, DETAIL_CHARS));
  if (result.notes !== undefined && result.notes.length > 0) parts.push(lineNotes(result.notes));
  return parts.length === 0 ? result.reason : `${result.reason}: ${parts.join(' | ')}`;
}

/** The body of a failure or note: verdict, reason, cluster and risk, the replay judged, statuses, every listed difference, the detail and every note. */
function junitDetails(result: ExchangeResult, redactor: Redactor, insight: ExchangeInsight | null): string {
  const lines = [`${result.verdict} (${result.reason}) on ${result.route}: ${requestText(result)}`];
  if (insight !== null) lines.push(`cluster: ${insight.cluster}, risk: ${insight.risk}`);
  const replay = replayLabel(result);
  if (replay !== null) lines.push(`judged: ${replay}`);
  lines.push(`status: origin ${result.status.origin ?? '-'}, replay ${result.status.replay ?? '-'}`);
  for (const difference of result.diffs) {
    const origin = showValue(difference, 'origin', redactor, VERBOSE_VALUE_CHARS);
    const replay = showValue(difference, 'replay', redactor, VERBOSE_VALUE_CHARS);
    lines.push(`${showPath(difference)} ${difference.kind}: ${origin} → ${replay}`);
  }
  if (result.totalDiffs > result.diffs.length) lines.push(`(${result.totalDiffs - result.diffs.length} more differences)`);
  if (result.detail !== undefined) lines.push(`detail: ${shortenMiddle(result.detail, DETAIL_CHARS)}`);
  for (const note of result.notes ?? []) lines.push(`note: ${shortenMiddle(note, DETAIL_CHARS)}`);
  return lines.join('\n');
}

/**
 * The replay judged and the regression, as test case properties: `replay` (1 for the first
 * replayed response of the ID, 2 and up for extra ones) and `replayTimestamp` (its gor
 * timestamp) when a replay came; `cluster` and `risk` for a non-ok exchange. Properties rather
 * than the name, so that the name of a test case stays the same from build to build while a
 * live replay's timestamp changes.
 */
function junitProperties(result: ExchangeResult, insight: ExchangeInsight | null): string {
  const replay = result.messages.replay;
  const property = (name: string, value: string): string => `<property name="${name}" value="${xmlAttr(value)}"/>`;
  let properties = replay === null ? '' : `${property('replay', String(result.replayIndex + 1))}${property('replayTimestamp', String(replay.header.timestamp))}`;
  if (insight !== null) properties += `${property('cluster', insight.cluster)}${property('risk', insight.risk)}`;
  return properties === '' ? '' : `\n      <properties>${properties}</properties>`;
}

/**
 * Renders one exchange as a `<testcase>`: name `id METHOD target` (with `(replay N)` for an
 * extra replay of the ID), classname the route, time the replay's latency in seconds (0 when
 * unknown), properties naming the replay judged (see junitProperties). See junitOutcome for
 * what becomes a `<failure>` (type = verdict, message = junitMessage) or `<skipped>`. Pure;
 * never throws.
 */
export function junitCase(result: ExchangeResult, failOn: Verdict | null, redactor: Redactor, insight: ExchangeInsight | null = null): JunitCase {
  const outcome = junitOutcome(result.verdict, failOn);
  const seconds = result.latencyMs.replay === null ? 0 : result.latencyMs.replay / 1000;
  const name = `${result.id} ${requestText(result)}${result.replayIndex > 0 ? ` (replay ${result.replayIndex + 1})` : ''}`;
  const open = `    <testcase name="${xmlAttr(name)}" classname="${xmlAttr(result.route)}" time="${seconds.toFixed(3)}"`;
  const properties = junitProperties(result, insight);
  if (outcome === 'failure') {
    const failure = `<failure message="${xmlAttr(junitMessage(result, redactor))}" type="${result.verdict}">${xmlText(junitDetails(result, redactor, insight))}</failure>`;
    return { xml: `${open}>${properties}\n      ${failure}\n    </testcase>\n`, outcome, seconds };
  }
  if (outcome === 'skipped') {
    return { xml: `${open}>${properties}\n      <skipped message="${xmlAttr(junitMessage(result, redactor))}"/>\n    </testcase>\n`, outcome, seconds };
  }
  if (result.verdict === 'warn') {
    return { xml: `${open}>${properties}\n      <system-out>${xmlText(junitDetails(result, redactor, insight))}</system-out>\n    </testcase>\n`, outcome, seconds };
  }
  return { xml: properties === '' ? `${open}/>\n` : `${open}>${properties}\n    </testcase>\n`, outcome, seconds };
}

function countAttrs(counts: JunitCounts): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="0" skipped="${counts.skipped}" time="${counts.seconds.toFixed(3)}"`;
}

/** The document's start, up to and including the `<testsuites>` start tag. */
export function junitDocumentStart(counts: JunitCounts, timestamp: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="goreplay-diff" ${countAttrs(counts)} timestamp="${xmlAttr(timestamp)}">\n`;
}

/** A `<testsuite>` start tag for one route. */
export function junitSuiteStart(route: string, counts: JunitCounts, timestamp: string): string {
  return `  <testsuite name="${xmlAttr(route)}" ${countAttrs(counts)} timestamp="${xmlAttr(timestamp)}">\n`;
}

export const JUNIT_SUITE_END = '  </testsuite>\n';
export const JUNIT_DOCUMENT_END = '</testsuites>\n';
