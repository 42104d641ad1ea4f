import type { Config } from './config.js';
import { checkConfigKeys, CONFIG_ENV, optionReader } from './options.js';
import type { CliFlags, CommandDefaults } from './options.js';
import { isRecord } from './raw-values.js';
import type { Raw } from './raw-values.js';
import { UsageError } from './usage-error.js';

/**
 * Builds the validated Config from flags over an optional JSON config file (`--config`,
 * else the `envConfigPath` from the environment), over the command's defaults, over the
 * registry's (options.ts). Throws UsageError naming the flag or key at fault; reads
 * nothing but the config file.
 */
export function loadConfig(flags: CliFlags, envConfigPath: string | undefined, readFile: (path: string) => string, defaults: CommandDefaults = {}): Config {
  const flagPath = optionReader<'judging'>(flags)('config');
  const path = flagPath ?? (envConfigPath === '' ? undefined : envConfigPath);
  const file = path === undefined ? {} : readConfigFile(path, flagPath === undefined ? CONFIG_ENV : '--config', readFile);
  return buildConfig(optionReader<'judging'>(flags, file, defaults));
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

/**
 * Each Config field from its options. An option is read only here, when its field needs
 * it: a config file's `output` is not looked at when `--quiet` or `--verbose` decides.
 */
function buildConfig(read: ReturnType<typeof optionReader<'judging'>>): Config {
  const presetRoutes = read('preset');
  return {
    routes: [...read('route'), ...presetRoutes],
    filters: read('filter'),
    ignore: read('ignore'),
    redact: read('redact'),
    ttlMs: read('ttl'),
    maxPending: read('maxPending'),
    maxPendingBytes: read('maxPendingSize'),
    maxDiffs: read('maxDiffs'),
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
    reportIntervalMs: read('reportInterval'),
    failOn: read('failOn'),
    output: read('quiet') ? 'quiet' : read('verbose') ? 'verbose' : read('output'),
    color: read('color'),
    progressIntervalMs: read('progressInterval'),
    writeMismatches: read('writeMismatches'),
    mismatchesUnredacted: read('mismatchesUnredacted'),
  };
}
