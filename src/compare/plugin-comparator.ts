import { COMPARATOR_NAMES } from './comparators.js';
import { ExactNumber } from './exact-number.js';
import type { JsonDifference, JsonDifferenceKind } from './json-difference.js';
import { formatPath } from './ignore-paths.js';
import type { PathSegment } from './ignore-paths.js';
import type { KeySegment } from './key-selector.js';
import type { ComparatorFunction, PluginExchange, PluginHelpers } from './plugin-api.js';
import { REASONS } from './verdict.js';
import type { Judgement, Reason, Verdict } from './verdict.js';

/** A comparator a module exports, checked: its name, its function and the reasons it declares. */
export interface PluginComparator {
  readonly name: string;
  readonly compare: ComparatorFunction;
  /** Its own reasons, without the `name:` they are reported with. */
  readonly reasons: ReadonlySet<string>;
}

/** How long a comparator may take, and the clock that measures it (ms). */
export interface PluginLimits {
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly maxDiffs: number;
}

/** A name a route can give (the word of `--route PATH=NAME`) that is also a JavaScript export name. */
export const PLUGIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A reason a comparator declares: it is reported as `<comparator>:<reason>`, so it stays short and plain. */
const OWN_REASON = /^[a-z][a-z0-9_]{0,39}$/;
/** Declared reasons per comparator, at most: reasons are counted per value in every output, so there must be few. */
export const MAX_OWN_REASONS = 16;
/** Longest detail kept from a comparator (or its error message). */
const MAX_DETAIL = 500;

/** Built-in reasons a comparator may give: all but those of exchanges that never completed (a comparator sees complete ones). */
const BUILT_IN_REASONS: ReadonlySet<string> = new Set<string>(REASONS.filter((reason) => reason !== 'missing_replay' && reason !== 'missing_origin' && reason !== 'replay_failed'));
const VERDICTS: ReadonlySet<string> = new Set<Verdict>(['ok', 'warn', 'error']);
const KINDS: ReadonlySet<string> = new Set<JsonDifferenceKind>(['added', 'removed', 'changed', 'type_changed']);
const RESULT_KEYS: ReadonlySet<string> = new Set(['verdict', 'reason', 'diffs', 'totalDiffs', 'detail']);

/**
 * Reads one export of a comparator module: a function, or `{ compare, reasons? }`, is a
 * comparator; anything else is no comparator (null), so a module may export constants too.
 * Returns a string saying what is wrong with a comparator that cannot be used.
 */
export function readPluginExport(name: string, value: unknown): PluginComparator | null | string {
  const isFunction = typeof value === 'function';
  const isDefinition = !isFunction && typeof value === 'object' && value !== null && typeof (value as { compare?: unknown }).compare === 'function';
  if (!isFunction && !isDefinition) return null;
  if ((COMPARATOR_NAMES as readonly string[]).includes(name)) return `exports "${name}", the name of a built-in comparator: rename it`;
  if (!PLUGIN_NAME.test(name)) return `exports "${name}", which a route cannot name (letters, digits and _ only)`;
  if (isFunction) return { name, compare: value as ComparatorFunction, reasons: new Set() };
  const { compare, reasons } = value as { compare: ComparatorFunction; reasons?: unknown };
  const own = reasons === undefined ? [] : reasons;
  if (!Array.isArray(own)) return `comparator "${name}": reasons must be a list of strings`;
  if (own.length > MAX_OWN_REASONS) return `comparator "${name}" declares ${own.length} reasons, more than ${MAX_OWN_REASONS}`;
  for (const reason of own) {
    if (typeof reason !== 'string' || !OWN_REASON.test(reason)) return `comparator "${name}": reason ${JSON.stringify(reason)} must be [a-z][a-z0-9_]*, at most 40 characters`;
    if (BUILT_IN_REASONS.has(reason) || (REASONS as readonly string[]).includes(reason))
      return `comparator "${name}": reason "${reason}" is a built-in one: give it without declaring it`;
  }
  return { name, compare: compare.bind(value), reasons: new Set(own as string[]) };
}

/**
 * Runs a comparator on one exchange and checks what it gives. Whatever goes wrong (it
 * throws, returns a Promise or something malformed, or takes longer than the timeout,
 * measured after it returns) is an error verdict with reason comparator_error and a
 * detail, for this exchange only.
 */
export function runPlugin(plugin: PluginComparator, exchange: PluginExchange, helpers: PluginHelpers, limits: PluginLimits): Judgement {
  const started = limits.now();
  let returned: unknown;
  try {
    returned = plugin.compare(exchange, helpers);
  } catch (error) {
    return failed(plugin, `threw ${describeError(error)}`);
  }
  const took = limits.now() - started;
  if (isThenable(returned)) {
    // Never awaited: a rejection must not become an unhandled one.
    Promise.resolve(returned).catch(() => {});
    return failed(plugin, 'returned a Promise; comparators are synchronous');
  }
  if (took > limits.timeoutMs) return failed(plugin, `took ${Math.round(took)} ms, longer than --comparator-timeout (${limits.timeoutMs} ms)`);
  try {
    const checked = checkResult(plugin, returned, limits.maxDiffs);
    return typeof checked === 'string' ? failed(plugin, `returned a malformed result: ${checked}`) : checked;
  } catch (error) {
    return failed(plugin, `returned a result that could not be read: ${describeError(error)}`);
  }
}

function failed(plugin: PluginComparator, what: string): Judgement {
  return { verdict: 'error', reason: 'comparator_error', diffs: [], totalDiffs: 0, detail: shorten(`comparator ${plugin.name} ${what}`) };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function shorten(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length <= MAX_DETAIL ? line : `${line.slice(0, MAX_DETAIL - 1)}…`;
}

/** The result as a Judgement, or what is wrong with it. */
function checkResult(plugin: PluginComparator, value: unknown, maxDiffs: number): Judgement | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `expected an object { verdict, reason, diffs? }, got ${typeOf(value)}`;
  const result = value as Record<string, unknown>;
  const unknown = Object.keys(result).find((key) => !RESULT_KEYS.has(key));
  if (unknown !== undefined) return `unknown key "${unknown}" (known: ${[...RESULT_KEYS].join(', ')})`;
  const { verdict, reason, diffs, totalDiffs, detail } = result;
  if (typeof verdict !== 'string' || !VERDICTS.has(verdict)) return `verdict must be ok, warn or error, not ${preview(verdict)}`;
  const reported = reasonOf(plugin, reason);
  if (reported === null) return `reason ${preview(reason)} is neither a built-in reason nor one the comparator declares`;
  const listed = diffs === undefined ? [] : checkDiffs(diffs);
  if (typeof listed === 'string') return listed;
  if (totalDiffs !== undefined && !(Number.isSafeInteger(totalDiffs) && (totalDiffs as number) >= listed.length)) {
    return `totalDiffs must be an integer no smaller than the number of diffs, not ${preview(totalDiffs)}`;
  }
  if (detail !== undefined && typeof detail !== 'string') return `detail must be a string, not ${typeOf(detail)}`;
  const judgement = {
    verdict: verdict as Verdict,
    reason: reported,
    diffs: listed.slice(0, Math.max(0, maxDiffs)),
    totalDiffs: (totalDiffs as number | undefined) ?? listed.length,
  };
  return detail === undefined ? judgement : { ...judgement, detail: shorten(detail) };
}

function reasonOf(plugin: PluginComparator, reason: unknown): Reason | null {
  if (typeof reason !== 'string') return null;
  if (BUILT_IN_REASONS.has(reason)) return reason as Reason;
  return plugin.reasons.has(reason) ? `${plugin.name}:${reason}` : null;
}

function checkDiffs(value: unknown): JsonDifference[] | string {
  if (!Array.isArray(value)) return `diffs must be a list, not ${typeOf(value)}`;
  const out: JsonDifference[] = [];
  for (const [i, item] of value.entries()) {
    if (typeof item !== 'object' || item === null) return `diffs[${i}] must be an object { path, kind, origin?, replay? }`;
    const { path, kind, origin, replay, replayPath } = item as Record<string, unknown>;
    const segments = pathOf(path);
    if (segments === null) return `diffs[${i}].path must be a path text or a list of keys and indices`;
    if (typeof kind !== 'string' || !KINDS.has(kind)) return `diffs[${i}].kind must be added, removed, changed or type_changed, not ${preview(kind)}`;
    const difference: JsonDifference = { path: segments, kind: kind as JsonDifferenceKind };
    if (replayPath !== undefined) {
      const replaySegments = pathOf(replayPath);
      if (replaySegments === null) return `diffs[${i}].replayPath must be a path text or a list of keys and indices`;
      // Kept only where it says something: a removed value has no place in the replay, and the same path is no other place.
      if (kind !== 'removed' && formatPath(replaySegments) !== formatPath(segments)) difference.replayPath = replaySegments;
    }
    for (const [side, sideValue] of [
      ['origin', origin],
      ['replay', replay],
    ] as const) {
      if (sideValue === undefined) continue;
      if (!isJsonValue(sideValue, { nodes: 10_000 }, 0)) return `diffs[${i}].${side} must be a JSON value`;
      difference[side] = sideValue;
    }
    out.push(difference);
  }
  return out;
}

/** A path as segments: a list of keys, indices and keyed elements (as the `diff` helper gives them), or a text like `items[2].price` (a key holding `.` needs the list). */
function pathOf(path: unknown): PathSegment[] | null {
  if (Array.isArray(path)) {
    const segments: PathSegment[] = [];
    for (const segment of path) {
      if (typeof segment === 'string' || (Number.isSafeInteger(segment) && segment >= 0)) segments.push(segment);
      else if (isKeySegment(segment)) segments.push({ field: segment.field, value: segment.value });
      else return null;
    }
    return segments;
  }
  if (typeof path !== 'string') return null;
  if (path === '' || path === '$') return [];
  const segments: PathSegment[] = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(part[2] === undefined ? (part[1] as string) : Number(part[2]));
  return segments;
}

function isKeySegment(segment: unknown): segment is KeySegment {
  if (typeof segment !== 'object' || segment === null) return false;
  const { field, value } = segment as Record<string, unknown>;
  return typeof field === 'string' && (typeof value === 'string' || value instanceof ExactNumber || (typeof value === 'number' && Number.isFinite(value)));
}

/** Plain JSON data (nulls, booleans, finite numbers, strings, arrays, plain objects), small and not cyclic; or an exact number the diff gave. */
function isJsonValue(value: unknown, budget: { nodes: number }, depth: number): boolean {
  budget.nodes -= 1;
  if (budget.nodes < 0 || depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || value instanceof ExactNumber) return value instanceof ExactNumber;
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, budget, depth + 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((item) => isJsonValue(item, budget, depth + 1));
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeOf(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
