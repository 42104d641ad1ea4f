import { matchesExactly } from './array-alignment.js';
import { ExactNumber, normaliseDecimal } from './exact-number.js';
import type { Decimal } from './exact-number.js';
import { compileIgnorePaths, parseIgnorePath } from './ignore-paths.js';
import type { IgnoreMatcher, PathSegment } from './ignore-paths.js';

/** `PATH=EPS` (absolute) or `PATH=P%` (relative to origin's value): numbers at PATH within it are equal. */
export interface ToleranceRule {
  readonly path: string;
  /** The allowed difference, or percentage, as a non-negative decimal text. */
  readonly amount: string;
  readonly relative: boolean;
}

/** How leaves compare besides exact equality. Only what is set costs anything in the walk. */
export interface ValueRules {
  readonly tolerances?: readonly CompiledTolerance[];
  /** `null` and an absent key are equal, both ways. */
  readonly nullEqualsMissing?: boolean;
  /** A string equals the number or boolean it spells: `"1"` and `1`, `"true"` and `true`. */
  readonly looseTypes?: boolean;
}

export interface CompiledTolerance {
  readonly matcher: IgnoreMatcher;
  readonly amount: Decimal;
  readonly relative: boolean;
}

const AMOUNT = /^(\d+(?:\.\d+)?)(%?)$/;

/** Parses `PATH=EPS` or `PATH=P%` (the last `=` splits, so a quoted key may hold one); `{ error }` says what is wrong. */
export function parseTolerance(spec: string): ToleranceRule | { error: string } {
  const at = spec.lastIndexOf('=');
  if (at <= 0) return { error: 'expected PATH=AMOUNT or PATH=PERCENT%, e.g. price=0.01 or total=2%' };
  const path = spec.slice(0, at);
  const parsed = parseIgnorePath(path);
  if ('error' in parsed) return { error: parsed.error };
  const match = AMOUNT.exec(spec.slice(at + 1));
  if (match === null) return { error: `tolerance "${spec.slice(at + 1)}" is not a non-negative number or percentage` };
  return { path, amount: match[1]!, relative: match[2] === '%' };
}

/** Compiles tolerance rules (already checked by {@link parseTolerance}); undefined when there are none. */
export function compileTolerances(rules: readonly ToleranceRule[]): CompiledTolerance[] | undefined {
  if (rules.length === 0) return undefined;
  return rules.map((rule) => ({ matcher: compileIgnorePaths([rule.path]), amount: normaliseDecimal(rule.amount)!, relative: rule.relative }));
}

/** True when two leaves that differ exactly are equal under `rules` at `path` (built by the caller only when needed). */
export function leavesEqual(rules: ValueRules, a: unknown, b: unknown, path: () => PathSegment[]): boolean {
  if (rules.looseTypes === true && looselyEqual(a, b)) return true;
  const tolerances = rules.tolerances;
  if (tolerances === undefined) return false;
  const x = decimalOf(a);
  const y = decimalOf(b);
  if (x === null || y === null) return false;
  const at = path();
  for (const tolerance of tolerances) {
    if (matchesExactly(tolerance.matcher, at)) return withinTolerance(x, y, tolerance.amount, tolerance.relative);
  }
  return false;
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string') return spells(a, b);
  if (typeof b === 'string') return spells(b, a);
  return false;
}

/** True when `text` spells the number or boolean `value`. */
function spells(text: string, value: unknown): boolean {
  if (typeof value === 'boolean') return text === String(value);
  const number = decimalOf(value);
  const spelled = number === null ? null : normaliseDecimal(text);
  return spelled !== null && number !== null && compare(signed(spelled), signed(number)) === 0;
}

function decimalOf(value: unknown): Decimal | null {
  if (value instanceof ExactNumber) return normaliseDecimal(value.literal);
  return typeof value === 'number' && Number.isFinite(value) ? normaliseDecimal(String(value)) : null;
}

/** A decimal as `mantissa × 10^exponent`, or null when its exponent is too large for exact arithmetic. */
interface Scaled {
  readonly mantissa: bigint;
  readonly exponent: number;
}

/** Beyond this exponent, scaling to a common power of ten would build huge integers: such values compare as doubles. */
const MAX_EXACT_EXPONENT = 1000;

function signed(value: Decimal): Scaled | null {
  const exponent = Number(value.exponent);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXACT_EXPONENT) return null;
  const mantissa = BigInt(value.digits);
  return { mantissa: value.negative ? -mantissa : mantissa, exponent };
}

function compare(x: Scaled | null, y: Scaled | null): number {
  if (x === null || y === null) return Number.NaN;
  const low = Math.min(x.exponent, y.exponent);
  const left = x.mantissa * 10n ** BigInt(x.exponent - low);
  const right = y.mantissa * 10n ** BigInt(y.exponent - low);
  return left < right ? -1 : left > right ? 1 : 0;
}

function abs(x: Scaled): Scaled {
  return x.mantissa < 0n ? { mantissa: -x.mantissa, exponent: x.exponent } : x;
}

/** |origin − replay| ≤ amount, or ≤ amount% of |origin| when relative; exact decimal arithmetic. */
function withinTolerance(origin: Decimal, replay: Decimal, amount: Decimal, relative: boolean): boolean {
  const x = signed(origin);
  const y = signed(replay);
  const eps = signed(amount);
  if (x === null || y === null || eps === null) return approximately(origin, replay, amount, relative);
  const low = Math.min(x.exponent, y.exponent);
  const difference = abs({ mantissa: x.mantissa * 10n ** BigInt(x.exponent - low) - y.mantissa * 10n ** BigInt(y.exponent - low), exponent: low });
  if (!relative) return compare(difference, eps) <= 0;
  // difference × 100 ≤ percent × |origin|
  const left = { mantissa: difference.mantissa * 100n, exponent: difference.exponent };
  const right = { mantissa: eps.mantissa * abs(x).mantissa, exponent: eps.exponent + x.exponent };
  return compare(left, right) <= 0;
}

function approximately(origin: Decimal, replay: Decimal, amount: Decimal, relative: boolean): boolean {
  const value = (d: Decimal): number => Number(`${d.negative ? '-' : ''}${d.digits}e${d.exponent}`);
  const bound = relative ? (value(amount) / 100) * Math.abs(value(origin)) : value(amount);
  return Math.abs(value(origin) - value(replay)) <= bound;
}
