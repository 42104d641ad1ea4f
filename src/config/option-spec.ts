import { checkKeys, isRecord } from './raw-values.js';
import type { Raw } from './raw-values.js';
import { UsageError } from './usage-error.js';

/** Where a raw value came from; the few readers that must tell them apart are given it. */
export type Channel = 'flag' | 'file' | 'default';

/** Which commands take an option: every judging one, middleware mode alone, compare and replay (the CI gate), replay alone, or report alone. */
export type OptionGroup = 'judging' | 'middleware' | 'gate' | 'replay' | 'report';

/** A default as a user would write it; it goes through the reader like a given value. */
export type RawDefault = string | number | boolean;

interface SpecBase {
  readonly group: OptionGroup;
  /** The config-file key, dotted one level inside an object (`log.file`); absent when only a flag has it. */
  readonly key?: string;
  readonly default?: RawDefault;
  /** What --help calls the default when it is not `default` itself ("none", "off"). */
  readonly defaultHelp?: string;
  /**
   * A null in the config file is read as a value (`"file": null` turns the log off) instead
   * of standing for the default. Without a default, null is always read as a value.
   */
  readonly readsNull?: true;
  /** Turns the raw value into the typed one; `key` names it as the user wrote it, for errors. */
  readonly read: (value: unknown, key: string, from: Channel) => unknown;
}

/** An option with a flag; its camel-cased long flag (`--max-pending`: `maxPending`) is its name. */
export interface FlagSpec extends SpecBase {
  /** Commander's spelling with the argument's name: `--ttl <duration>`, `-v, --verbose`. */
  readonly flag: string;
  /** --help text; `(default: …)` is added when there is a default. */
  readonly help: string;
  /** The `--no-` flag that turns the option off (commander then gives `false`). */
  readonly negation?: { readonly flag: string; readonly help: string };
  /** The flag may be repeated; its values are collected in order. */
  readonly repeatable?: true;
  /** The only values the flag takes; commander refuses the others. */
  readonly choices?: readonly string[];
  /** Commander refuses the command without it. */
  readonly required?: true;
}

/** An option of the config file alone. */
export interface FileSpec extends SpecBase {
  readonly key: string;
  readonly flag?: never;
}

/**
 * One option of the program, for every channel it has: a flag, a config-file key, or both.
 * A flag wins over the file, the file over the default.
 */
export type OptionSpec = FlagSpec | FileSpec;

/** `--max-pending` from `--max-pending <n>`, `--verbose` from `-v, --verbose`. */
export function longFlag(flag: string): string {
  return /--[\w-]+/.exec(flag)?.[0] ?? flag;
}

/** The option's --help text, its default included; `defaultHelp` is a command's own. */
export function helpText(spec: FlagSpec, defaultHelp?: string): string {
  const shown = defaultHelp ?? spec.defaultHelp ?? (spec.default === undefined ? undefined : String(spec.default));
  return shown === undefined ? spec.help : `${spec.help} (default: ${shown})`;
}

/**
 * Reads one option: the flag's value when it was given, else the config file's, else the
 * default (`commandDefault` when the command has its own). Errors name the flag as typed
 * for a flag's value and the config key for the file's.
 */
export function readOption(spec: OptionSpec, flagValue: unknown, file: Raw, commandDefault?: RawDefault): unknown {
  if (spec.flag !== undefined && flagValue !== undefined) return spec.read(flagValue, longFlag(spec.flag), 'flag');
  const fallback = commandDefault ?? spec.default;
  if (spec.key !== undefined) {
    const value = valueAt(file, spec.key);
    // A null written in the file stood for the default where there is one, and still does.
    const isValue = value !== undefined && (value !== null || fallback === undefined || spec.readsNull === true);
    if (isValue) return spec.read(value, spec.key, 'file');
  }
  return spec.read(fallback, spec.flag === undefined ? spec.key : longFlag(spec.flag), 'default');
}

function valueAt(file: Raw, key: string): unknown {
  let value: unknown = file;
  for (const part of key.split('.')) value = isRecord(value) && Object.hasOwn(value, part) ? value[part] : undefined;
  return value;
}

/**
 * Refuses, by name, every config-file key no option has, at the top level and inside the
 * objects that dotted keys open (`log`), and such an object that is not one.
 */
export function checkFileKeys(file: Raw, specs: Iterable<OptionSpec>): void {
  const top = new Set<string>();
  const nested = new Map<string, Set<string>>();
  for (const { key } of specs) {
    if (key === undefined) continue;
    const dot = key.indexOf('.');
    if (dot === -1) {
      top.add(key);
      continue;
    }
    const parent = key.slice(0, dot);
    top.add(parent);
    nested.set(parent, (nested.get(parent) ?? new Set<string>()).add(key.slice(dot + 1)));
  }
  checkKeys(file, top, '');
  for (const [parent, keys] of nested) {
    const inner = file[parent];
    if (inner === undefined) continue;
    if (!isRecord(inner)) throw new UsageError('bad_value', parent, `${parent} must be an object`);
    checkKeys(inner, keys, `${parent}.`);
  }
}
