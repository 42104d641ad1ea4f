import { pathToFileURL } from 'node:url';
import { readPluginExport } from '../compare/plugin-comparator.js';
import type { PluginComparator } from '../compare/plugin-comparator.js';
import type { Config, PluginModule } from '../config/config.js';
import { unknownComparator } from '../config/rule-readers.js';
import { UsageError } from '../config/usage-error.js';

/** Imports one module; injected so tests can hand over namespaces. */
export type ModuleImporter = (url: string) => Promise<Record<string, unknown>>;

const importModule: ModuleImporter = (url) => import(url) as Promise<Record<string, unknown>>;

/**
 * Loads the comparator modules of `config` in order and returns their comparators by
 * name, after checking that every route naming one finds it. Throws a one-line UsageError
 * (exit 2, before any input is read) for a module that cannot be loaded, one that exports
 * no comparator or one that cannot be used, a name exported twice, and a route naming a
 * comparator nobody exports. Paths come from the config only, never from traffic.
 */
export async function loadPluginComparators(config: Pick<Config, 'plugins' | 'routes'>, load: ModuleImporter = importModule): Promise<ReadonlyMap<string, PluginComparator>> {
  const comparators = new Map<string, PluginComparator>();
  const from = new Map<string, PluginModule>();
  for (const module of config.plugins) {
    let namespace: Record<string, unknown>;
    try {
      namespace = await load(pathToFileURL(module.path).href);
    } catch (error) {
      throw refused(module, `cannot be loaded: ${firstLine(error)}`);
    }
    let found = 0;
    for (const name of Object.keys(namespace)) {
      if (name === 'default') continue;
      const read = readPluginExport(name, namespace[name]);
      if (read === null) continue;
      if (typeof read === 'string') throw refused(module, read);
      const earlier = from.get(name);
      if (earlier !== undefined) throw refused(module, `exports "${name}", which ${earlier.written} exports too: rename one`);
      comparators.set(name, read);
      from.set(name, module);
      found++;
    }
    if (found === 0) throw refused(module, 'exports no comparator (a named export that is a function or { compare })');
  }
  for (const route of config.routes) {
    const named = route.plugin;
    if (named === undefined || comparators.has(named.name)) continue;
    const exported = [...comparators.keys()];
    throw unknownComparator(named.name, named, exported.length === 0 ? 'no module is loaded' : `the modules export ${exported.join(', ')}`);
  }
  return comparators;
}

function refused(module: PluginModule, what: string): UsageError {
  return new UsageError('bad_plugin', module.key, `${module.key}: comparator module ${module.written} ${what}`);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Node names the module that imported it: this one, which tells the user nothing.
  return (text.split('\n', 1)[0] ?? text).replace(/ imported from \S+$/, '');
}
