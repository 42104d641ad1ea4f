/**
 * Recognisers for values that differ on every request by nature (identifiers, times, digests,
 * tokens, addresses). Pure and allocation-light: each check is a length test and a regular
 * expression, so callers may run them on every leaf difference.
 */

/** The shapes a value can be recognised as. */
export const SHAPES = ['uuid', 'ulid', 'timestamp', 'hex-digest', 'jwt', 'ip'] as const;
export type Shape = (typeof SHAPES)[number];

/** True when `name` is one of {@link SHAPES}. */
export function isShape(name: string): name is Shape {
  return (SHAPES as readonly string[]).includes(name);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Crockford base32 without I, L, O, U; the first character is at most 7 so the 48-bit time fits.
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const HEX = /^[0-9a-f]+$/i;
const HEX_DIGEST_LENGTHS = new Set([32, 40, 64, 128]);
const ISO_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/i;
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12]\d|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d GMT$/;
const DIGITS = /^\d{9,13}$/;
const BASE64URL_PART = /^[A-Za-z0-9_-]+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;

/**
 * Epoch times accepted as timestamps: 2001-09-09 (1e9 seconds) up to 2100-01-01. The lower bound
 * keeps small counters, prices and ids out; seconds and milliseconds ranges do not overlap, so a
 * number is read as seconds below {@link EPOCH_SECONDS_MAX} and as milliseconds from 1e12.
 */
export const EPOCH_SECONDS_MIN = 1_000_000_000;
export const EPOCH_SECONDS_MAX = 4_102_444_800;
export const EPOCH_MILLIS_MIN = EPOCH_SECONDS_MIN * 1000;
export const EPOCH_MILLIS_MAX = EPOCH_SECONDS_MAX * 1000;

function isEpoch(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (n >= EPOCH_SECONDS_MIN && n < EPOCH_SECONDS_MAX) return true;
  return Number.isInteger(n) && n >= EPOCH_MILLIS_MIN && n < EPOCH_MILLIS_MAX;
}

/** Length of every HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`). */
const HTTP_DATE_LENGTH = 29;

function isTimestampString(s: string): boolean {
  // Epoch digits and ISO dates start with a digit, HTTP dates with a letter: the first character picks the patterns to try.
  const first = s.charCodeAt(0);
  if (first < 0x30 || first > 0x39) return s.length === HTTP_DATE_LENGTH && HTTP_DATE.test(s);
  if (DIGITS.test(s)) return isEpoch(Number(s));
  // The pattern bounds each field's range; a day past the month's end (31 April) still passes, which is harmless for noise.
  return ISO_DATE_TIME.test(s);
}

function isJwt(s: string): boolean {
  // Exactly two dots, found before any split: most strings have none.
  const dot = s.indexOf('.');
  if (dot < 0) return false;
  const second = s.indexOf('.', dot + 1);
  if (second < 0 || s.indexOf('.', second + 1) >= 0) return false;
  const parts = s.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  if (!BASE64URL_PART.test(header) || !BASE64URL_PART.test(payload) || (signature !== '' && !BASE64URL_PART.test(signature))) return false;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) && 'alg' in decoded;
  } catch {
    return false;
  }
}

function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !s.includes(':')) return false;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
  if (text.slice(lastColon + 1).includes('.')) {
    if (!IPV4.test(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let count = 0;
  for (const half of halves) {
    if (half === '') continue;
    for (const group of half.split(':')) {
      if (!IPV6_GROUP.test(group)) return false;
      count += 1;
    }
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

/** True when `value` has `shape`. Numbers can only be timestamps; other non-strings have no shape. */
export function hasShape(value: unknown, shape: Shape): boolean {
  if (typeof value === 'number') return shape === 'timestamp' && isEpoch(value);
  if (typeof value !== 'string') return false;
  switch (shape) {
    case 'uuid':
      return value.length === 36 && UUID.test(value);
    case 'ulid':
      return value.length === 26 && ULID.test(value);
    case 'timestamp':
      return isTimestampString(value);
    case 'hex-digest':
      return HEX_DIGEST_LENGTHS.has(value.length) && HEX.test(value);
    case 'jwt':
      return isJwt(value);
    case 'ip':
      return IPV4.test(value) || isIpv6(value);
  }
}

/** The first shape of {@link SHAPES} that `value` has, or null. */
export function shapeOf(value: unknown): Shape | null {
  for (const shape of SHAPES) if (hasShape(value, shape)) return shape;
  return null;
}

/**
 * True when `a` and `b` both have one same shape of `shapes`: a uuid replaced by another uuid is
 * noise, a uuid replaced by null or by a timestamp is not.
 */
export function bothHaveShape(a: unknown, b: unknown, shapes: readonly Shape[]): boolean {
  for (const shape of shapes) if (hasShape(a, shape) && hasShape(b, shape)) return true;
  return false;
}
