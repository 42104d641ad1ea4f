import type { HttpHeaders } from '../protocol/http-payload.js';
import { canonicalMediaType, readSetCookie } from './header-values.js';
import type { JsonDifference } from './json-diff.js';
import type { Judgement } from './verdict.js';

/*
 * Which response headers are compared, and how. Only a short allow-list is compared by
 * default: most headers (Date, Content-Length, ETag, Server, request IDs...) differ between
 * two responses that mean the same, and gor itself re-frames (Transfer-Encoding) and may
 * decompress (Content-Encoding, Content-Length) a replayed response.
 */

/** Compared on every watched route unless ignored. */
export const DEFAULT_COMPARED_HEADERS: readonly string[] = Object.freeze(['content-type', 'location', 'set-cookie']);

/** The headers one route compares: lower-case names, in the order their differences are listed. */
export interface HeaderRules {
  readonly names: readonly string[];
}

/** One level of header choices (the global options, or one route's). */
export interface HeaderSelection {
  /** Names added to the set (any case). */
  readonly headers: readonly string[];
  /** Names removed from it (any case), default ones included. */
  readonly ignoreHeaders: readonly string[];
}

/** The default set alone. */
export const DEFAULT_HEADER_RULES: HeaderRules = Object.freeze({ names: DEFAULT_COMPARED_HEADERS });

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `name` can name an HTTP header field (an RFC 9110 token). */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

/**
 * The set a route compares: the default set, then each level in turn (global, then the
 * route's) adds its `headers` and removes its `ignoreHeaders`, so a route may compare again
 * a header ignored globally; within one level, ignoring wins.
 */
export function compileHeaderRules(levels: readonly HeaderSelection[]): HeaderRules {
  if (levels.every((level) => level.headers.length === 0 && level.ignoreHeaders.length === 0)) return DEFAULT_HEADER_RULES;
  const names = new Set(DEFAULT_COMPARED_HEADERS);
  for (const level of levels) {
    for (const name of level.headers) names.add(name.toLowerCase());
    for (const name of level.ignoreHeaders) names.delete(name.toLowerCase());
  }
  return { names: [...names] };
}

/**
 * The differences between two responses' headers under `rules`, each at `headers.<name>`
 * (a Set-Cookie at `headers.set-cookie.<cookie name>`), `added` when only the replay has it,
 * `removed` when only the origin has it, `changed` otherwise. Values are the header's value
 * as sent, or the list of its values when it is repeated; for a Set-Cookie, the canonical
 * text of its attributes (see `readSetCookie`), never the cookie's value.
 *
 * `Content-Type` is compared by its canonical media type (see `canonicalMediaType`),
 * `Set-Cookie` by cookie name (case-sensitive, as cookies are) and attributes, every other
 * header by its exact values in order. A header absent from both sides is equal.
 */
export function compareHeaders(rules: HeaderRules, origin: HttpHeaders, replay: HttpHeaders): JsonDifference[] {
  const diffs: JsonDifference[] = [];
  for (const name of rules.names) {
    if (name === 'set-cookie') compareCookies(origin.values(name), replay.values(name), diffs);
    else compareValues(['headers', name], origin.values(name), replay.values(name), name === 'content-type' ? canonicalMediaType : undefined, diffs);
  }
  return diffs;
}

function compareCookies(origin: readonly string[], replay: readonly string[], diffs: JsonDifference[]): void {
  if (origin.length === 0 && replay.length === 0) return;
  const originCookies = cookiesByName(origin);
  const replayCookies = cookiesByName(replay);
  const names = new Set([...originCookies.keys(), ...replayCookies.keys()]);
  for (const name of names) compareValues(['headers', 'set-cookie', name], originCookies.get(name) ?? [], replayCookies.get(name) ?? [], undefined, diffs);
}

/** Each cookie name's attribute texts, in the order its Set-Cookie headers came. */
function cookiesByName(values: readonly string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const value of values) {
    const cookie = readSetCookie(value);
    const list = byName.get(cookie.name);
    if (list === undefined) byName.set(cookie.name, [cookie.attributes]);
    else list.push(cookie.attributes);
  }
  return byName;
}

function compareValues(path: string[], origin: readonly string[], replay: readonly string[], canonical: ((value: string) => string) | undefined, diffs: JsonDifference[]): void {
  if (origin.length === 0 && replay.length === 0) return;
  if (origin.length === 0) {
    diffs.push({ path, kind: 'added', replay: shown(replay) });
    return;
  }
  if (replay.length === 0) {
    diffs.push({ path, kind: 'removed', origin: shown(origin) });
    return;
  }
  const same = origin.length === replay.length && origin.every((value, i) => equal(value, replay[i] as string, canonical));
  if (!same) diffs.push({ path, kind: 'changed', origin: shown(origin), replay: shown(replay) });
}

function equal(origin: string, replay: string, canonical: ((value: string) => string) | undefined): boolean {
  return origin === replay || (canonical !== undefined && canonical(origin) === canonical(replay));
}

function shown(values: readonly string[]): string | string[] {
  return values.length === 1 ? (values[0] as string) : [...values];
}

/**
 * Adds header differences to the body's judgement. They are listed first, before the body's
 * own, within `maxDiffs`, and all counted. When the body's judgement is an error its reason
 * stands (the body is what a reader must look at first); otherwise (ok or warn) the exchange
 * becomes an error with reason `header_mismatch`.
 */
export function withHeaderDifferences(body: Judgement, headerDiffs: readonly JsonDifference[], maxDiffs: number): Judgement {
  if (headerDiffs.length === 0) return body;
  const diffs = [...headerDiffs.slice(0, maxDiffs), ...body.diffs].slice(0, Math.max(0, maxDiffs));
  const totalDiffs = headerDiffs.length + body.totalDiffs;
  const judged = { diffs, totalDiffs, ...(body.detail === undefined ? {} : { detail: body.detail }), ...(body.notes === undefined ? {} : { notes: body.notes }) };
  return body.verdict === 'error' ? { verdict: 'error', reason: body.reason, ...judged } : { verdict: 'error', reason: 'header_mismatch', ...judged };
}
