import { UsageError } from './usage-error.js';
import { DURATION_UNIT_NAMES, formatDuration, isBareNumber, parseDuration, parseSize } from './units.js';

/** A JSON object from a config file, not yet validated. */
export type Raw = Record<string, unknown>;

/*
 * Readers of raw values, from a flag or a config file: each returns the typed value or
 * throws a UsageError with a one-line message naming `key`, spelled as the user wrote it.
 */
export function checkKeys(raw: Raw, known: ReadonlySet<string>, prefix: string): void {
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new UsageError('unknown_key', `${prefix}${key}`, `unknown config key "${prefix}${key}"`);
  }
}

function refuse(key: string, expected: string, value?: unknown, hint?: string): never {
  const got = value === undefined ? '' : `, not ${JSON.stringify(value)}`;
  throw new UsageError('bad_value', key, `${key} must be ${expected}${got}${hint === undefined ? '' : `: ${hint}`}`);
}

/**
 * A duration with its unit, in milliseconds, at least `min`. A bare number is refused with
 * a hint, whether a flag's text or a JSON number, except a bare 0 where 0 is allowed (it
 * turns the option off, `--progress-interval 0`, and means the same in every unit).
 */
export function duration(value: unknown, key: string, min: number): number {
  if (isBareNumber(value)) {
    if (Number(value) === 0 && min === 0) return 0;
    if (Number(value) === 0) refuse(key, `a duration of at least ${formatDuration(min)}`, value);
    refuse(key, 'a duration with a unit', value, withUnitHint(value));
  }
  const ms = parseDuration(value);
  if (ms === null) refuse(key, 'a duration like 500ms, 60s, 5m or 1h30m', value);
  if (ms < min) refuse(key, `a duration of at least ${formatDuration(min)}`, value);
  if (ms > MAX_TIMER_MS) refuse(key, `a duration of at most ${formatDuration(MAX_TIMER_MS)}`, value);
  return ms;
}

/** The longest delay a Node timer keeps: longer ones fire after 1 ms, so longer durations are refused. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The hint for a duration written without a unit: `add a unit: ms, s, m, h (e.g. 60s)`. */
export function withUnitHint(bare: unknown): string {
  return `add a unit: ${DURATION_UNIT_NAMES} (e.g. ${String(bare).trim()}s)`;
}

export function size(value: unknown, key: string): number {
  const bytes = parseSize(value);
  if (bytes === null || bytes < 1) refuse(key, 'a size like 4096, 64k or 10m', value);
  return bytes;
}

/** A size as pino-roll reads it: bytes with a `b` unit (pino-roll takes a bare number as megabytes). */
export function sizeText(value: unknown, key: string): string {
  return `${size(value, key)}b`;
}

export function integer(value: unknown, key: string, min: number): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min) {
    refuse(key, `an integer of at least ${min}`, value);
  }
  return number;
}

/** A share of 0..1, written as a fraction (`0.05`) or a percentage (`5%`). */
export function fraction(value: unknown, key: string): number {
  let share = typeof value === 'number' ? value : Number.NaN;
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(value.trim());
    if (match !== null) share = Number(match[1]) / (match[2] === '%' ? 100 : 1);
  }
  if (!(share >= 0 && share <= 1)) refuse(key, 'a number from 0 to 1 (or 0% to 100%)', value);
  return share;
}

/** A positive decimal number of requests per second; null when absent (no limit). */
export function requestsPerSecond(value: unknown, key: string): number | null {
  if (value === undefined) return null;
  const text = String(value).trim();
  const rate = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(rate > 0)) refuse(key, 'a positive number of requests per second', value);
  return rate;
}

/** An http:// or https:// URL. */
export function httpUrl(value: unknown, key: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    refuse(key, 'a URL like http://staging:8080', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse(key, 'an http:// or https:// URL', value);
  return url;
}

export function list(value: unknown, key: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) refuse(key, 'an array');
  return value;
}

export function stringList(value: unknown, key: string): string[] {
  return list(value, key).map((item, i) => requiredString(item, `${key}[${i}]`));
}

export function requiredString(value: unknown, key: string): string {
  if (typeof value !== 'string' || value.length === 0) refuse(key, 'a non-empty string');
  return value;
}

export function optionalString(value: unknown, key: string): string | undefined {
  return value === undefined ? undefined : requiredString(value, key);
}

/** A non-empty string, or null when absent. */
export function optionalPath(value: unknown, key: string): string | null {
  return optionalString(value, key) ?? null;
}

export function optionalBoolean(value: unknown, key: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  refuse(key, 'true or false');
}

export function boolean(value: unknown, key: string): boolean {
  return optionalBoolean(value, key) ?? refuse(key, 'true or false');
}

export function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
