import { isAbsolute, resolve } from 'node:path';
import type { RouteRule } from '../compare/route-matcher.js';
import type { PluginModule } from './config.js';
import type { Channel, OptionSpec } from './option-spec.js';
import { durationOf } from './option-readers.js';
import { stringList } from './raw-values.js';
import { unknownComparator } from './rule-readers.js';

/** Comparator module paths as written, and where: a flag's are relative to the working directory, a config file's to its folder. */
export interface ModulePaths {
  readonly paths: readonly string[];
  /** The key they were given under (`--comparator-module`, `plugins`), for errors. */
  readonly key: string;
  readonly from: Channel;
}

/** The options of plugin comparators: rows of the registry, listed in options.ts where they stand in --help. */
export const PLUGIN_OPTIONS = {
  comparatorModule: {
    group: 'judging',
    flag: '--comparator-module <path>',
    repeatable: true,
    key: 'plugins',
    read: (value: unknown, key: string, from: Channel): ModulePaths => ({ paths: stringList(value, key), key, from }),
    help: 'load an ES module whose named exports are comparators a route can name (--route /api/**=cartRules); relative to the working directory, or to the config file for its "plugins" (repeatable)',
  },
  comparatorTimeout: {
    group: 'judging',
    flag: '--comparator-timeout <duration>',
    key: 'comparatorTimeout',
    default: '100ms',
    read: durationOf(1),
    help: "a plugin comparator's verdict is comparator_error when it took longer than this (checked after it returns)",
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/**
 * The modules' absolute paths: a config file's `plugins` resolved from its folder
 * (`configDir`), flags from the working directory; never from anything in the traffic.
 */
export function modulePaths(given: ModulePaths, configDir: string | undefined): PluginModule[] {
  const base = given.from === 'file' && configDir !== undefined ? resolve(configDir) : process.cwd();
  return given.paths.map((path, i) => ({ path: isAbsolute(path) ? path : resolve(base, path), key: `${given.key}[${i}]`, written: path }));
}

/** A route naming a comparator no built-in has, when no module is loaded: refused as before modules existed. */
export function refusePluginRoutesWithoutModules(routes: readonly RouteRule[], modules: readonly PluginModule[]): void {
  if (modules.length > 0) return;
  const named = routes.find((route) => route.plugin !== undefined)?.plugin;
  if (named !== undefined) throw unknownComparator(named.name, named);
}
