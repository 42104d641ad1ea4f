const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** The units a duration is written in, for messages. */
export const DURATION_UNIT_NAMES = 'ms, s, m, h';
/** One or more `<number><unit>` parts, as Go's time.ParseDuration writes them: `1h30m`, `1.5s`. */
const DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ms|s|m|h|d))+$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h|d)/g;
const BARE_NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Parses a duration written with units, Go style: `500ms`, `60s`, `1.5s`, `2m30s`, `1h30m`,
 * `1d`, into milliseconds (rounded); null when invalid. A number without a unit is invalid:
 * it used to mean milliseconds, and `"ttl": 60` meaning 60 ms orphaned every replay.
 */
export function parseDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!DURATION.test(text)) return null;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) ms += Number(amount) * (DURATION_UNITS[unit ?? ''] ?? 0);
  return Math.round(ms);
}

/** A number written without a unit: a JSON number, or a string of digits (`60`, `1.5`). */
export function isBareNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0;
  return typeof value === 'string' && BARE_NUMBER.test(value.trim());
}

/** Milliseconds as the shortest duration text that says them exactly: `1ms`, `100ms`, `1s`, `90s`. */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 && ms > 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Parses `4096`, `64k`, `10m`, `1g` (powers of 1024) into bytes; null when invalid. */
export function parseSize(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(value.trim());
  if (match === null) return null;
  const unit = SIZE_UNITS[(match[2] ?? '').toLowerCase()];
  return unit === undefined ? null : Math.floor(Number(match[1]) * unit);
}
