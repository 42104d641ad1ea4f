import { ConfigError } from './config-error.js';
import { parseDuration, parseSize } from './units.js';

/** A JSON object from a config file, not yet validated. */
export type Raw = Record<string, unknown>;

/*
 * Readers of raw config values: each returns the typed value or throws ConfigError with a
 * one-line message naming `key`.
 */
export function checkKeys(raw: Raw, known: ReadonlySet<string>, prefix: string): void {
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new ConfigError(`unknown config key "${prefix}${key}"`);
  }
}

export function duration(value: unknown, key: string, min: number): number {
  const ms = parseDuration(value);
  if (ms === null || ms < min) throw new ConfigError(`${key} must be a duration like 500ms, 60s or 5m, not ${JSON.stringify(value)}`);
  return ms;
}

export function size(value: unknown, key: string): number {
  const bytes = parseSize(value);
  if (bytes === null || bytes < 1) throw new ConfigError(`${key} must be a size like 4096, 64k or 10m, not ${JSON.stringify(value)}`);
  return bytes;
}

/** A size as pino-roll reads it: bytes with a `b` unit (pino-roll takes a bare number as megabytes). */
export function sizeText(value: unknown, key: string): string {
  return `${size(value, key)}b`;
}

export function integer(value: unknown, key: string, min: number): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min) {
    throw new ConfigError(`${key} must be an integer of at least ${min}, not ${JSON.stringify(value)}`);
  }
  return number;
}

export function list(value: unknown, key: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(`${key} must be an array`);
  return value;
}

export function stringList(value: unknown, key: string): string[] {
  return list(value, key).map((item, i) => requiredString(item, `${key}[${i}]`));
}

export function requiredString(value: unknown, key: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new ConfigError(`${key} must be a non-empty string`);
  return value;
}

export function optionalString(value: unknown, key: string): string | undefined {
  return value === undefined ? undefined : requiredString(value, key);
}

export function optionalBoolean(value: unknown, key: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ConfigError(`${key} must be true or false`);
}

export function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
