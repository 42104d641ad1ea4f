import { Option } from 'commander';
import type { Command } from 'commander';
import { helpText, longFlag } from '../config/option-spec.js';
import type { OptionGroup, OptionSpec, RawDefault } from '../config/option-spec.js';
import { OPTIONS } from '../config/options.js';
import type { CommandDefaults, GroupOption, OptionName } from '../config/options.js';

/** A command's own default for an option, and how --help words it when not as the value. */
interface OwnDefault {
  readonly value: RawDefault;
  readonly help?: string;
}
/** A command's own defaults for judging options, replacing the registry's. */
export type OwnDefaults = { readonly [K in GroupOption<'judging'>]?: OwnDefault };

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function registryEntries(): Array<[OptionName, OptionSpec]> {
  return Object.entries(OPTIONS) as Array<[OptionName, OptionSpec]>;
}

/**
 * Adds the flags of `groups` and the options named in `also` to `command`, in the
 * registry's order, with the command's `own` defaults in --help.
 */
export function addRegistryOptions(command: Command, groups: readonly OptionGroup[], own: OwnDefaults = {}, also: readonly OptionName[] = []): Command {
  const ownDefaults: Readonly<Record<string, OwnDefault | undefined>> = own;
  for (const [name, spec] of registryEntries()) {
    if (!(groups.includes(spec.group) || also.includes(name)) || spec.flag === undefined) continue;
    const ownDefault = ownDefaults[name];
    const option = new Option(spec.flag, helpText(spec, ownDefault === undefined ? undefined : (ownDefault.help ?? String(ownDefault.value))));
    if (spec.repeatable === true) option.argParser(collect);
    if (spec.choices !== undefined) option.choices(spec.choices);
    if (spec.required === true) option.makeOptionMandatory();
    command.addOption(option);
    if (spec.negation !== undefined) command.addOption(new Option(spec.negation.flag, spec.negation.help));
  }
  return command;
}

/** The values of `own`, as the config loader takes them. */
export function ownDefaultValues(own: OwnDefaults): CommandDefaults {
  return Object.fromEntries(Object.entries(own).map(([name, entry]) => [name, entry.value]));
}

/**
 * The flag the user typed for option `name` given `value`: `--no-log-file` for a false log
 * file, `-v` when `typed` (the arguments as typed) holds the short flag and not the long one.
 */
export function flagAsTyped(name: string, value: unknown, typed: readonly string[] = []): string {
  const spec = registryEntries().find(([entry]) => entry === name)?.[1];
  if (spec?.flag === undefined) return name;
  if (value === false && spec.negation !== undefined) return spec.negation.flag;
  const long = longFlag(spec.flag);
  const short = /^-\w\b/.exec(spec.flag)?.[0];
  const typedLong = typed.some((arg) => arg === long || arg.startsWith(`${long}=`));
  return short !== undefined && !typedLong && typed.some((arg) => arg.startsWith(short)) ? short : long;
}
