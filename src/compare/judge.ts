import { parseHttpMessage } from '../protocol/http-payload.js';
import type { GorMessage } from '../protocol/gor-message.js';
import { bodyComparatorFor, isBodyComparator } from './body-comparators.js';
import { NO_BODY, parseJsonIn } from './body-kind.js';
import { COMPARATORS } from './comparators.js';
import type { Comparator, ComparatorInput, ComparatorName } from './comparators.js';
import type { ExchangeResult } from './exchange-result.js';
import { JudgedExchange, readSide } from './judged-exchange.js';
import type { Side } from './judged-exchange.js';
import { compareHeaders, DEFAULT_HEADER_RULES, withHeaderDifferences } from './header-diff.js';
import type { HeaderRules } from './header-diff.js';
import type { IgnoreMatcher } from './ignore-paths.js';
import type { CompiledArrayKey } from './keyed-arrays.js';
import { jsonEquals } from './json-diff.js';
import { NOT_JSON } from './json-body.js';
import { leanIdenticalStatus, leanStatus } from './lean-judge.js';
import { judgeByPlugin } from './plugin-exchange.js';
import type { RoutePlugin } from './plugin-exchange.js';
import type { Shape } from './value-shapes.js';
import type { Judgement } from './verdict.js';
import type { ValueRules } from './value-rules.js';

/** A watched route, compiled: what judging an exchange of it needs. */
export interface JudgeRoute {
  readonly name: string;
  readonly comparator: ComparatorName;
  /** Global and route ignore paths together; undefined when there are none. */
  readonly ignore: IgnoreMatcher | undefined;
  /** Global and route paths of arrays compared as multisets; undefined when there are none. */
  readonly unordered?: IgnoreMatcher | undefined;
  /** Route then global arrays matched by a key field; undefined when there are none. */
  readonly arrayKeys?: readonly CompiledArrayKey[] | undefined;
  /** Global and route value shapes ignored when both sides have one; undefined when there are none. */
  readonly ignoreShapes?: readonly Shape[] | undefined;
  /** Tolerances, null equal to missing, loose types; undefined when none is on. */
  readonly values?: ValueRules | undefined;
  /** The response headers compared; the default set when absent. */
  readonly headers?: HeaderRules;
  /** The plugin comparator judging this route (`comparator` is then the built-in judgement it can ask for). */
  readonly plugin?: RoutePlugin | undefined;
}

export interface JudgeOptions {
  readonly maxDiffs: number;
  readonly maxBodyBytes: number;
}

/** The three messages of an exchange; origin or replay is null when it never came. */
export interface JudgeInput {
  readonly id: string;
  readonly route: JudgeRoute;
  readonly method: string;
  readonly target: string;
  readonly request: GorMessage;
  readonly origin: GorMessage | null;
  readonly replay: GorMessage | null;
  readonly replayIndex: number;
}

/**
 * Judges a complete exchange, in this order: different status codes → error
 * (status_mismatch); decoded bodies byte-identical → ok; both JSON and equal ignoring key
 * order → ok; both JSON → the route's comparator, looked up by name in `comparators`
 * (the built-in ones unless a caller supplies others), decides; bodies not both JSON go to
 * the text, form or binary comparator their Content-Types call for (see bodyComparatorFor).
 * A route naming text, form or binary is judged by it, JSON or not. Once the status codes are
 * equal, the route's response headers are compared too, and their differences are added to
 * the body's judgement (see `withHeaderDifferences`). A route with a plugin comparator is
 * judged by it instead once the responses differ and decode (see judgeByPlugin). Never
 * throws: a comparator that throws gives an error verdict with reason comparator_error.
 */
export function judgeExchange(input: JudgeInput, options: JudgeOptions, comparators: Readonly<Record<ComparatorName, Comparator>> = COMPARATORS): ExchangeResult {
  return judgeLean(input, options) ?? judgeExchangeFully(input, options, comparators);
}

/**
 * The full engine alone, without the lean path: what `judgeExchange` gives for every
 * exchange, by construction (the differential tests hold the two against each other).
 */
export function judgeExchangeFully(input: JudgeInput, options: JudgeOptions, comparators: Readonly<Record<ComparatorName, Comparator>> = COMPARATORS): ExchangeResult {
  if (input.origin !== null && input.replay !== null && input.origin.payload.equals(input.replay.payload)) {
    // Byte-identical responses (often the very same buffer: see Engine) are identical
    // whatever they hold, as the steps below would find: only the status is read now; the
    // body is decoded (de-chunked, decompressed) if a reporter asks for it.
    const status = readStatus(input.origin);
    return new JudgedExchange(input, { origin: status, replay: status }, IDENTICAL, options, undefined, undefined, true);
  }
  const origin = readSide(input.origin, options);
  const replay = readSide(input.replay, options);
  const { route } = input;
  const judgement =
    route.plugin === undefined
      ? judgeBuiltIn(route, origin, replay, options, comparators)
      : judgeByPlugin(route.plugin, input, origin, replay, options, () => judgeBuiltIn(route, origin, replay, options, comparators));
  return describeSides(input, origin, replay, judgement, options);
}

/**
 * An exchange the lean reading judges identical (see lean-judge.ts), or null for the full
 * engine: byte-identical responses whose status line reads the lean way, or responses whose
 * status, compared headers, codings and framed bodies are the same bytes (not for a plugin
 * route, whose comparator judges responses that differ). Bodies are decoded only if a reporter asks.
 */
function judgeLean(input: JudgeInput, options: JudgeOptions): ExchangeResult | null {
  const { origin, replay, route } = input;
  if (origin === null || replay === null) return null;
  const identical = origin.payload.equals(replay.payload);
  if (!identical && route.plugin !== undefined) return null;
  const status = identical ? leanStatus(origin.payload) : leanIdenticalStatus(origin.payload, replay.payload, route.headers);
  if (status === null) return null;
  return new JudgedExchange(input, { origin: status, replay: status }, IDENTICAL, options, undefined, undefined, identical);
}

const IDENTICAL: Judgement = Object.freeze({ verdict: 'ok', reason: 'identical', diffs: Object.freeze([]), totalDiffs: 0 });

/**
 * Describes an exchange that never completed (`missing` names what did not arrive), so it
 * is reported with the same fields as a judged one.
 */
export function describeIncomplete(input: JudgeInput, reason: 'missing_replay' | 'missing_origin' | 'replay_failed', options: JudgeOptions, detail?: string): ExchangeResult {
  const judgement: Judgement =
    detail === undefined ? { verdict: 'incomplete', reason, diffs: [], totalDiffs: 0 } : { verdict: 'incomplete', reason, diffs: [], totalDiffs: 0, detail };
  return describeSides(input, readSide(input.origin, options), readSide(input.replay, options), judgement, options);
}

/** Describes an exchange whose two sides were read in full. */
function describeSides(input: JudgeInput, origin: Side, replay: Side, judgement: Judgement, options: JudgeOptions): ExchangeResult {
  return new JudgedExchange(input, { origin: origin.status, replay: replay.status }, judgement, options, origin, replay);
}

function decide(route: JudgeRoute, origin: Side, replay: Side, options: JudgeOptions, comparators: Readonly<Record<ComparatorName, Comparator>>): Judgement {
  if (origin.status !== replay.status) {
    return { verdict: 'error', reason: 'status_mismatch', diffs: [], totalDiffs: 0 };
  }
  if (origin.body !== null && replay.body !== null && origin.body.equals(replay.body)) {
    return { verdict: 'ok', reason: 'identical', diffs: [], totalDiffs: 0 };
  }
  if (route.comparator === 'status') return runComparator(comparators, 'status', noBodies(options));
  const failure = origin.failure ?? replay.failure;
  if (failure !== null || origin.body === null || replay.body === null) {
    return { verdict: 'error', reason: 'undecodable_body', diffs: [], totalDiffs: 0, detail: failure ?? 'no body' };
  }
  const originBody = { bytes: origin.body, contentType: origin.headers?.get('content-type') };
  const replayBody = { bytes: replay.body, contentType: replay.headers?.get('content-type') };
  // A route's text, form or binary comparator judges the bodies whatever they hold: no JSON parse.
  const byBody = isBodyComparator(route.comparator);
  const originJson = byBody ? NOT_JSON : parseJsonIn(origin.body, origin.headers);
  const replayJson = byBody ? NOT_JSON : parseJsonIn(replay.body, replay.headers);
  const bothJson = originJson !== NOT_JSON && replayJson !== NOT_JSON;
  if (bothJson && jsonEquals(originJson, replayJson)) return { verdict: 'ok', reason: 'json_equal', diffs: [], totalDiffs: 0 };
  // Bodies not both JSON are judged by what their Content-Types say they are (text, form, binary).
  const name = byBody || bothJson ? route.comparator : bodyComparatorFor(originBody, replayBody);
  return runComparator(comparators, name, {
    originJson,
    replayJson,
    origin: originBody,
    replay: replayBody,
    ignore: route.ignore,
    unordered: route.unordered,
    arrayKeys: route.arrayKeys,
    ignoreShapes: route.ignoreShapes,
    values: route.values,
    maxDiffs: options.maxDiffs,
  });
}

/** The judgement of the built-in steps: the body's, then the headers'. */
function judgeBuiltIn(route: JudgeRoute, origin: Side, replay: Side, options: JudgeOptions, comparators: Readonly<Record<ComparatorName, Comparator>>): Judgement {
  return withHeaders(route, origin, replay, decide(route, origin, replay, options, comparators), options);
}

/** Byte-identical payloads never get here, so headers are read only when the responses differ. */
function withHeaders(route: JudgeRoute, origin: Side, replay: Side, body: Judgement, options: JudgeOptions): Judgement {
  if (origin.status !== replay.status || origin.headers === null || replay.headers === null) return body;
  return withHeaderDifferences(body, compareHeaders(route.headers ?? DEFAULT_HEADER_RULES, origin.headers, replay.headers), options.maxDiffs);
}

/** Runs a comparator; whatever it throws (an Error or not) becomes comparator_error for this exchange. */
function runComparator(comparators: Readonly<Record<ComparatorName, Comparator>>, name: ComparatorName, input: ComparatorInput): Judgement {
  try {
    return comparators[name](input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { verdict: 'error', reason: 'comparator_error', diffs: [], totalDiffs: 0, detail: `comparator ${name} failed: ${message}` };
  }
}

function noBodies(options: JudgeOptions): ComparatorInput {
  return { originJson: NOT_JSON, replayJson: NOT_JSON, origin: NO_BODY, replay: NO_BODY, ignore: undefined, maxDiffs: options.maxDiffs };
}

/** The status code as `readSide` reads it (null when the response cannot be parsed), without decoding the body. */
function readStatus(message: GorMessage): number | null {
  const http = parseHttpMessage(message.payload, 'response');
  return http.ok ? (http.status ?? null) : null;
}
