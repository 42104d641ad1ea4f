import type { HttpHeaders } from '../protocol/http-payload.js';
import { ExactNumber } from './exact-number.js';

/** Where a filter reads its value from in the request. */
export type FilterSource = 'body' | 'query' | 'header';

/** Keep an exchange only when the request's field is one of `values`. */
export interface FilterRule {
  readonly source: FilterSource;
  /** A dotted JSON path for `body`, a parameter name for `query`, a header name for `header`. */
  readonly key: string;
  readonly values: readonly string[];
}

/** What a filter may look at; the body is parsed lazily, once, by the caller. */
export interface FilterInput {
  readonly query: string;
  readonly headers: HttpHeaders;
  readonly json: () => unknown;
}

/** Thrown at start-up for a `--filter` that cannot be read. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
}

/**
 * Parses `[body:|query:|header:]key=v1,v2`. Without a prefix the key is a JSON body path,
 * as the old robot middleware's `robot_id`.
 */
export function parseFilter(spec: string): FilterRule {
  const equals = spec.indexOf('=');
  if (equals <= 0) throw new FilterSyntaxError(`filter "${spec}" must look like key=value[,value...]`);
  let key = spec.slice(0, equals);
  let source: FilterSource = 'body';
  const colon = key.indexOf(':');
  if (colon !== -1) {
    const prefix = key.slice(0, colon);
    if (prefix !== 'body' && prefix !== 'query' && prefix !== 'header') {
      throw new FilterSyntaxError(`filter "${spec}": source must be body, query or header, not "${prefix}"`);
    }
    source = prefix;
    key = key.slice(colon + 1);
  }
  const values = spec
    .slice(equals + 1)
    .split(',')
    .filter((value) => value.length > 0);
  if (key.length === 0 || values.length === 0) {
    throw new FilterSyntaxError(`filter "${spec}" needs a key and at least one value`);
  }
  return { source, key, values };
}

/** True when every filter accepts the request (no filters: always true). */
export function passesFilters(filters: readonly FilterRule[], input: FilterInput): boolean {
  for (const filter of filters) {
    const actual = readField(filter, input);
    if (actual === undefined || !filter.values.includes(actual)) return false;
  }
  return true;
}

function readField(filter: FilterRule, input: FilterInput): string | undefined {
  switch (filter.source) {
    case 'header':
      return input.headers.get(filter.key);
    case 'query':
      return new URLSearchParams(input.query).get(filter.key) ?? undefined;
    case 'body':
      return scalarText(readPath(input.json(), filter.key));
  }
}

function readPath(root: unknown, dotted: string): unknown {
  let value = root;
  for (const key of dotted.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Numbers and strings compare as text, so robot_id 664 and "664" both match "664"; a number no double holds as written. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof ExactNumber) return value.literal;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
