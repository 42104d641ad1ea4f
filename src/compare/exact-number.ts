/**
 * Exact decimal values of JSON numbers. `JSON.parse` rounds every number to a double, so
 * `12345678901234567890` and `12345678901234567891` become the same value; a literal whose
 * value a double cannot hold is kept as an {@link ExactNumber} instead, and JSON numbers
 * (doubles or exact numbers) compare by their decimal value.
 *
 * A double stands for the value of its shortest decimal form (`String(x)`): that is the
 * value of any literal it holds exactly, since a decimal with at most 15 significant digits
 * round-trips through a double and longer ones are checked against `String(x)`.
 */

/** A decimal value: `(negative ? -1 : 1) × digits × 10^exponent`. */
export interface Decimal {
  readonly negative: boolean;
  /** The significant digits as an integer: no leading or trailing zeros; `0` for zero. */
  readonly digits: string;
  /** The power of ten, as a decimal integer (`0`, `-3`, `400`); may exceed any double. */
  readonly exponent: string;
}

const ZERO: Decimal = Object.freeze({ negative: false, digits: '0', exponent: '0' });

/** A decimal number as JSON writes it, and as `String(x)` writes a finite double (`1e+21`). */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Up to this many digits, an exponent plus a text length is a safe integer in a double. */
const SAFE_DIGITS = 15;
const SAFE_LIMIT = 10 ** SAFE_DIGITS;

/**
 * The normalised value of a decimal number text, or null when `text` is not one. `1`, `1.0`,
 * `1e0`, `10e-1` and `0.1e1` all give `{ digits: '1', exponent: '0' }`; `-0` and `0e5` give
 * zero, which has no sign. Linear in the text's length, whatever its exponent.
 */
export function normaliseDecimal(text: string): Decimal | null {
  const match = DECIMAL.exec(text);
  if (match === null) return null;
  const fraction = match[3] ?? '';
  const all = match[2]! + fraction;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start += 1;
  if (start === all.length) return ZERO;
  let end = all.length;
  while (all.charCodeAt(end - 1) === 48) end -= 1;
  // Each trailing zero dropped raises the exponent by one; each fraction digit lowers it.
  const exponent = addToExponent(match[4] ?? '0', all.length - end - fraction.length);
  return { negative: match[1] === '-', digits: all.slice(start, end), exponent };
}

/**
 * One text per decimal value: texts of equal value (`1.0`, `1e0`) have equal keys and texts
 * of different values different keys. Null when `text` is not a decimal number.
 */
export function decimalKey(text: string): string | null {
  const value = normaliseDecimal(text);
  if (value === null) return null;
  return `${value.negative ? '-' : ''}${value.digits}e${value.exponent}`;
}

/**
 * True when the double nearest to `literal` (a JSON number) has exactly its value, so the
 * double may stand for it: false for `12345678901234567890`, `0.10000000000000001`, `1e400`
 * (Infinity) and `1e-400` (zero); true for `1.0`, `-0`, `0.30000000000000004`.
 */
export function doubleKeepsValue(literal: string): boolean {
  // At most 15 digits and no exponent: within the range where every decimal round-trips.
  if (literal.length <= SAFE_DIGITS && literal.indexOf('e') === -1 && literal.indexOf('E') === -1) return true;
  const double = Number(literal);
  if (!Number.isFinite(double)) return false;
  const shortest = String(double);
  return shortest === literal || decimalKey(shortest) === decimalKey(literal);
}

/**
 * A JSON number literal kept as written because no double holds its value. Its fields are
 * private, so walkers that look at own keys (redaction, ignore paths) see a leaf; JSON.stringify
 * writes its literal as a string.
 */
export class ExactNumber {
  readonly #literal: string;
  #key: string | undefined;

  /** Throws a TypeError when `literal` is not a decimal number. */
  constructor(literal: string) {
    if (!DECIMAL.test(literal)) throw new TypeError(`not a JSON number: ${literal.slice(0, 40)}`);
    this.#literal = literal;
  }

  /** The number as written in the body. */
  get literal(): string {
    return this.#literal;
  }

  /** Its {@link decimalKey}, computed on first use. */
  get key(): string {
    return (this.#key ??= decimalKey(this.#literal)!);
  }

  toJSON(): string {
    return this.#literal;
  }

  toString(): string {
    return this.#literal;
  }
}

/** True when `a` and `b` are both JSON numbers of the same decimal value (`-0` equals `0`). */
export function sameNumber(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  // The same literal on both sides (the common case for an ID) needs no normalising.
  if (a instanceof ExactNumber && b instanceof ExactNumber && a.literal === b.literal) return true;
  const left = keyOf(a);
  return left !== null && left === keyOf(b);
}

function keyOf(value: unknown): string | null {
  if (value instanceof ExactNumber) return value.key;
  return typeof value === 'number' && Number.isFinite(value) ? decimalKey(String(value)) : null;
}

/** `exponent` (a signed decimal integer text of any length) plus `delta` (a text length), as a canonical integer text. */
function addToExponent(exponent: string, delta: number): string {
  const negative = exponent.charCodeAt(0) === 45;
  let start = exponent.charCodeAt(0) === 45 || exponent.charCodeAt(0) === 43 ? 1 : 0;
  while (start < exponent.length - 1 && exponent.charCodeAt(start) === 48) start += 1;
  const magnitude = exponent.slice(start);
  if (magnitude.length <= SAFE_DIGITS) return String((negative ? -1 : 1) * Number(magnitude) + delta);
  // |exponent| ≥ 10^15 > |delta|: the sign stays, only the magnitude moves.
  const moved = addToMagnitude(magnitude, negative ? -delta : delta);
  return negative ? `-${moved}` : moved;
}

/** `digits` (at least 16, no leading zero) plus `delta` (|delta| < 10^15), as digits without leading zeros. */
function addToMagnitude(digits: string, delta: number): string {
  const cut = digits.length - SAFE_DIGITS;
  let high = digits.slice(0, cut);
  let low = Number(digits.slice(cut)) + delta;
  if (low >= SAFE_LIMIT) {
    low -= SAFE_LIMIT;
    high = stepDigits(high, 1);
  } else if (low < 0) {
    low += SAFE_LIMIT;
    high = stepDigits(high, -1);
  }
  const text = high + String(low).padStart(SAFE_DIGITS, '0');
  let start = 0;
  while (start < text.length - 1 && text.charCodeAt(start) === 48) start += 1;
  return text.slice(start);
}

/** A positive decimal integer text plus or minus one (carrying through nines, borrowing through zeros). */
function stepDigits(digits: string, step: 1 | -1): string {
  const from = step === 1 ? '9' : '0';
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === from) i -= 1;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  const digit = String(Number(digits[i]) + step);
  return digits.slice(0, i) + digit + (step === 1 ? '0' : '9').repeat(digits.length - i - 1);
}
