import { createHash } from 'node:crypto';
import { bodyKind, decodeText } from './body-kind.js';
import type { BodyInput } from './body-kind.js';
import type { ComparatorInput } from './comparators.js';
import { diffForms, parseForm } from './form-diff.js';
import { NOT_JSON } from './json-body.js';
import { diffText } from './text-diff.js';
import type { Judgement } from './verdict.js';

/** The comparators of bodies that are not JSON, by the name a route gives them. */
export type BodyComparatorName = 'text' | 'form' | 'binary';

const BODY_COMPARATORS: ReadonlySet<string> = new Set<BodyComparatorName>(['text', 'form', 'binary']);

/** Whether a route's comparator is one of these, which judge the bodies whatever their Content-Type. */
export function isBodyComparator(name: string): name is BodyComparatorName {
  return BODY_COMPARATORS.has(name);
}

/**
 * The comparator for two bodies not both JSON, by their `Content-Type`s: binary when either is
 * binary, form when both are forms, otherwise text (which covers a JSON-typed body that does
 * not parse, and a JSON body answered by an HTML page).
 */
export function bodyComparatorFor(origin: BodyInput, replay: BodyInput): BodyComparatorName {
  const originKind = bodyKind(origin.contentType);
  const replayKind = bodyKind(replay.contentType);
  if (originKind === 'binary' || replayKind === 'binary') return 'binary';
  return originKind === 'form' && replayKind === 'form' ? 'form' : 'text';
}

/**
 * Line diff of the decoded texts; bodies not valid in their charset are judged as binary.
 * Texts whose lines are equal (they differ only in line-ending style or a final newline) are ok.
 */
export function compareText(input: ComparatorInput): Judgement {
  const origin = decodeText(input.origin);
  const replay = decodeText(input.replay);
  if (origin === null || replay === null) return compareBinary(input);
  const diff = diffText(origin, replay, input.maxDiffs);
  if (diff.total === 0) return { verdict: 'ok', reason: 'text_equal', diffs: [], totalDiffs: 0 };
  return { verdict: 'error', reason: 'text_mismatch', diffs: diff.diffs, totalDiffs: diff.total, detail: notJsonDetail(input) };
}

/** Forms compared as multimaps (see diffForms); bodies not valid in their charset are judged as binary. */
export function compareForm(input: ComparatorInput): Judgement {
  const origin = decodeText(input.origin);
  const replay = decodeText(input.replay);
  if (origin === null || replay === null) return compareBinary(input);
  const diff = diffForms(parseForm(origin), parseForm(replay), input.maxDiffs);
  if (diff.total === 0) return { verdict: 'ok', reason: 'form_equal', diffs: [], totalDiffs: 0 };
  return { verdict: 'error', reason: 'form_mismatch', diffs: diff.diffs, totalDiffs: diff.total };
}

/** Equal or not by bytes; described by sizes and SHA-256 prefixes, never by content. */
export function compareBinary(input: ComparatorInput): Judgement {
  if (input.origin.bytes.equals(input.replay.bytes)) return { verdict: 'ok', reason: 'identical', diffs: [], totalDiffs: 0 };
  return { verdict: 'error', reason: 'binary_mismatch', diffs: [], totalDiffs: 0, detail: `origin ${fingerprint(input.origin.bytes)}, replay ${fingerprint(input.replay.bytes)}` };
}

/** `N bytes sha256:<first 16 hex digits>…`: enough to tell bodies apart, nothing of what they hold. */
export function fingerprint(bytes: Buffer): string {
  return `${bytes.length} bytes sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}…`;
}

/** Says which side is not JSON when the other one is (an HTML error page instead of JSON). */
function notJsonDetail(input: ComparatorInput): string | undefined {
  const originJson = input.originJson !== NOT_JSON;
  if (originJson === (input.replayJson !== NOT_JSON)) return undefined;
  const [side, type] = originJson ? ['replayed', input.replay.contentType] : ['original', input.origin.contentType];
  return `the ${side} body is not JSON (${type ?? 'no Content-Type'})`;
}
