import { dirname } from 'node:path';
import { DEFAULT_ROUTE } from './config.js';
import type { Config } from './config.js';
import { checkConfigKeys, CONFIG_ENV, optionReader } from './options.js';
import type { CliFlags, CommandDefaults, MiddlewareFlags } from './options.js';
import { modulePaths, refusePluginRoutesWithoutModules } from './plugin-options.js';
import { readBaselineFile } from './baseline-file.js';
import { isRecord } from './raw-values.js';
import type { Raw } from './raw-values.js';
import { UsageError } from './usage-error.js';

/**
 * Builds the validated Config from flags over an optional JSON config file (`--config`,
 * else the `envConfigPath` from the environment), over the command's defaults, over the
 * registry's (options.ts). Middleware mode's own options are read only for `middleware`
 * (the commands ignore such keys of a shared config file). Throws UsageError naming the
 * flag or key at fault; reads nothing but the config file and the baseline report.
 */
export function loadConfig(
  flags: MiddlewareFlags,
  envConfigPath: string | undefined,
  readFile: (path: string) => string,
  defaults: CommandDefaults = {},
  mode: 'middleware' | 'command' = 'command',
): Config {
  const flagPath = optionReader<'judging'>(flags)('config');
  const path = flagPath ?? (envConfigPath === '' ? undefined : envConfigPath);
  const file = path === undefined ? {} : readConfigFile(path, flagPath === undefined ? CONFIG_ENV : '--config', readFile);
  const read = optionReader<'judging' | 'middleware'>(flags, file, defaults);
  return { ...buildConfig(read, mode === 'middleware', path === undefined ? undefined : dirname(path)), ...readBaselineOptions(read, flags, readFile) };
}

/** `--baseline` read from its file, and `--fail-on-new`, which needs it. */
export function readBaselineOptions(
  read: ReturnType<typeof optionReader<'judging'>>,
  flags: Pick<CliFlags, 'baseline' | 'failOnNew'>,
  readFile: (path: string) => string,
): Pick<Config, 'baseline' | 'failOnNew'> {
  const failOnNew = read('failOnNew');
  const baseline = readBaselineFile(read('baseline'), flags.baseline === undefined ? 'baseline' : '--baseline', readFile);
  if (failOnNew && baseline === null) {
    const key = flags.failOnNew === undefined ? 'failOnNew' : '--fail-on-new';
    throw new UsageError('baseline_needed', key, `${key} needs --baseline: without one, no cluster is known to be new`);
  }
  return { baseline, failOnNew };
}

/** `key` says where the path came from: `--config` or the environment variable. */
function readConfigFile(path: string, key: string, readFile: (path: string) => string): Raw {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new UsageError('unreadable_config', key, `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError('invalid_config', key, `config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new UsageError('invalid_config', key, `config file ${path} must hold a JSON object`);
  checkConfigKeys(parsed);
  return parsed;
}

/** `-q` and `-v` say opposite things: which one was meant cannot be guessed. */
function outputOf(read: ReturnType<typeof optionReader<'judging'>>): Config['output'] {
  const quiet = read('quiet');
  const verbose = read('verbose');
  if (quiet && verbose) throw new UsageError('conflicting_options', '--quiet', '-q/--quiet and -v/--verbose cannot be used together');
  return quiet ? 'quiet' : verbose ? 'verbose' : read('output');
}

/**
 * Each Config field from its options. An option is read only here, when its field needs
 * it: a config file's `output` is not looked at when `--quiet` or `--verbose` decides.
 */
function buildConfig(read: ReturnType<typeof optionReader<'judging' | 'middleware'>>, middleware: boolean, configDir: string | undefined): Omit<Config, 'baseline' | 'failOnNew'> {
  const presetRoutes = read('preset');
  const routes = [...read('route'), ...presetRoutes];
  const plugins = modulePaths(read('comparatorModule'), configDir);
  refusePluginRoutesWithoutModules(routes, plugins);
  const echoOnly = middleware && read('echoOnly');
  const defaultRoute = routes.length === 0 && !echoOnly;
  return {
    routes: defaultRoute ? [DEFAULT_ROUTE] : routes,
    defaultRoute,
    echoOnly,
    overload: middleware ? read('overload') : 'wait',
    filters: read('filter'),
    ignore: read('ignore'),
    unordered: read('unordered'),
    arrayKeys: read('arrayKey'),
    ignoreShapes: read('ignoreShape'),
    tolerance: read('tolerance'),
    nullEqualsMissing: read('nullEqualsMissing'),
    looseTypes: read('looseTypes'),
    plugins,
    comparatorTimeoutMs: read('comparatorTimeout'),
    redact: read('redact'),
    headers: read('header'),
    ignoreHeaders: read('ignoreHeader'),
    ttlMs: read('ttl'),
    maxPending: read('maxPending'),
    maxPendingBytes: read('maxPendingSize'),
    maxDiffs: read('maxDiffs'),
    maxFieldPaths: read('maxFieldPaths'),
    maxClusters: read('maxClusters'),
    maxBodyBytes: read('maxBodySize'),
    maxLineBytes: read('maxLineSize'),
    log: {
      file: read('logFile'),
      maxSize: read('logMaxSize'),
      frequency: read('logFrequency'),
      keep: read('logKeep'),
      ok: read('logOk'),
      bodyLimit: read('logBodyLimit'),
    },
    report: read('report'),
    html: read('html'),
    reportIntervalMs: read('reportInterval'),
    failOn: read('failOn'),
    output: outputOf(read),
    color: read('color'),
    progressIntervalMs: read('progressInterval'),
    writeMismatches: read('writeMismatches'),
    mismatchesUnredacted: read('mismatchesUnredacted'),
    metricsListen: middleware ? read('metricsListen') : null,
  };
}
