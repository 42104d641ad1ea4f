import { checkFileKeys, readOption } from './option-spec.js';
import type { OptionGroup, OptionSpec, RawDefault } from './option-spec.js';
import { boolean, optionalBoolean, optionalPath, optionalString, size, sizeText } from './raw-values.js';
import { durationOf, integerOf, isSet, notRead } from './option-readers.js';
import type { Raw } from './raw-values.js';
import { BASELINE_OPTIONS } from './baseline-options.js';
import { COMMAND_OPTIONS } from './command-options.js';
import { COMPARISON_OPTIONS } from './comparison-options.js';
import { METRICS_OPTIONS } from './metrics-options.js';
import { PLUGIN_OPTIONS } from './plugin-options.js';
import {
  failOn,
  FAIL_ON_CHOICES,
  OVERLOAD_CHOICES,
  overloadMode,
  filterRules,
  ignorePaths,
  logFile,
  logFrequency,
  outputMode,
  presetRoutes,
  redactPaths,
  routeRules,
} from './rule-readers.js';

/** The environment variable naming the config file when `--config` does not. */
export const CONFIG_ENV = 'GOREPLAY_DIFF_CONFIG';

const REPORT_INTERVAL = '5s';

/**
 * Every option of the program: its flag, config-file key, default, reader and help text.
 * Commander's options, the config file's known keys, the defaults and --help all come from
 * here; the order is --help's. Only plain data and small readers: the middleware loads it
 * at start-up.
 */
export const OPTIONS = {
  config: { group: 'judging', flag: '-c, --config <path>', help: `JSON config file (also: ${CONFIG_ENV})`, read: optionalString },
  preset: { group: 'judging', flag: '--preset <name>', key: 'preset', help: 'a built-in set of routes: robot (the three robot API routes)', read: presetRoutes },
  route: {
    group: 'judging',
    flag: '--route <spec>',
    repeatable: true,
    key: 'routes',
    read: routeRules,
    help: 'watch a route: [METHOD:]PATH[=COMPARATOR], repeatable; PATH is exact, a glob or /regex/; comparators: json (default), query, input_hint, intention, status, text, form, binary, or one a --comparator-module exports',
  },
  filter: {
    group: 'judging',
    flag: '--filter <spec>',
    repeatable: true,
    key: 'filters',
    read: filterRules,
    help: 'compare only requests whose [body:|query:|header:]key is one of the values: key=v1,v2 (repeatable; default source: JSON body)',
  },
  echoOnly: {
    group: 'middleware',
    flag: '--echo-only',
    key: 'echoOnly',
    default: false,
    defaultHelp: 'off',
    readsNull: true,
    read: boolean,
    help: 'echo and count messages only: compare nothing, whatever the routes',
  },
  overload: {
    group: 'middleware',
    flag: '--overload <mode>',
    choices: OVERLOAD_CHOICES,
    key: 'overload',
    default: 'shed',
    read: overloadMode,
    help: 'when the analysis falls behind: shed (whole new exchanges go unanalysed, counted; the echo keeps its speed) or wait (reading pauses until it catches up)',
  },
  ignore: {
    group: 'judging',
    flag: '--ignore <path>',
    repeatable: true,
    key: 'ignore',
    read: ignorePaths,
    help: 'JSON path to ignore in diffs, e.g. results.trace_id, **.timestamp, items[*].score, /_id$/ (any key it matches, at any depth) (repeatable)',
  },
  ...COMPARISON_OPTIONS,
  ...PLUGIN_OPTIONS,
  redact: {
    group: 'judging',
    flag: '--redact <path>',
    repeatable: true,
    key: 'redact',
    read: redactPaths,
    help: 'JSON body path whose value is replaced by "[redacted]" in every output (repeatable)',
  },
  ttl: {
    group: 'judging',
    flag: '--ttl <duration>',
    key: 'ttl',
    default: '60s',
    read: durationOf(1),
    help: 'report an exchange as incomplete when its last message is this old',
  },
  maxPending: {
    group: 'judging',
    flag: '--max-pending <n>',
    key: 'maxPending',
    default: 100_000,
    read: integerOf(1),
    help: 'most exchanges held at once; the oldest are evicted and counted',
  },
  maxPendingSize: {
    group: 'judging',
    flag: '--max-pending-size <size>',
    key: 'maxPendingSize',
    default: '64m',
    read: size,
    help: 'most memory held by pending exchanges (payloads plus ~800 bytes each); the oldest are evicted and counted',
  },
  maxDiffs: {
    group: 'judging',
    flag: '--max-diffs <n>',
    key: 'maxDiffs',
    default: 50,
    read: integerOf(1),
    help: 'differences listed per exchange; all are counted',
  },
  maxFieldPaths: {
    group: 'judging',
    flag: '--max-field-paths <n>',
    key: 'maxFieldPaths',
    default: 500,
    read: integerOf(1),
    help: "field paths counted per route in the report's field statistics; further ones count as overflow",
  },
  maxClusters: {
    group: 'judging',
    flag: '--max-clusters <n>',
    key: 'maxClusters',
    default: 1000,
    read: integerOf(1),
    help: 'distinct regressions kept in the report; exchanges of further ones count as overflow',
  },
  maxBodySize: { group: 'judging', flag: '--max-body-size <size>', key: 'maxBodySize', default: '64m', read: size, help: 'largest decoded (decompressed) body compared' },
  maxLineSize: { group: 'judging', flag: '--max-line-size <size>', key: 'maxLineSize', default: '64m', read: size, help: 'longer input lines are echoed but not analysed' },
  logFile: {
    group: 'judging',
    flag: '--log-file <path>',
    key: 'log.file',
    default: './goreplay-diff.log',
    readsNull: true,
    read: logFile,
    help: 'rotating JSON log of non-ok exchanges',
    negation: { flag: '--no-log-file', help: 'do not write the JSON log' },
  },
  logMaxSize: { group: 'judging', flag: '--log-max-size <size>', key: 'log.maxSize', default: '10m', read: sizeText, help: 'rotate the log at this size' },
  logFrequency: {
    group: 'judging',
    flag: '--log-frequency <when>',
    key: 'log.frequency',
    default: 'daily',
    read: logFrequency,
    help: 'rotate the log daily, hourly or every <duration>',
  },
  logKeep: { group: 'judging', flag: '--log-keep <n>', key: 'log.keep', default: 10, read: integerOf(2), help: 'rotated log files kept' },
  logOk: { group: 'judging', flag: '--log-ok', key: 'log.ok', default: false, defaultHelp: 'off', readsNull: true, read: boolean, help: 'log ok exchanges too' },
  logBodyLimit: {
    group: 'judging',
    flag: '--log-body-limit <size>',
    key: 'log.bodyLimit',
    default: 4096,
    read: size,
    help: 'bodies longer than this are truncated in the log',
  },
  report: {
    group: 'judging',
    flag: '--report <path>',
    key: 'report',
    defaultHelp: 'none',
    read: optionalPath,
    help: `JSON summary, rewritten atomically every ${REPORT_INTERVAL} and at exit`,
  },
  html: {
    group: 'judging',
    flag: '--html <path>',
    key: 'html',
    defaultHelp: 'none',
    read: optionalPath,
    help: `self-contained HTML report (opens offline, runs no script but its own), rewritten atomically with the JSON report: every ${REPORT_INTERVAL} and at exit`,
  },
  reportInterval: { group: 'judging', key: 'reportInterval', default: REPORT_INTERVAL, read: durationOf(100) },
  failOn: {
    group: 'judging',
    flag: '--fail-on <verdict>',
    choices: FAIL_ON_CHOICES,
    key: 'failOn',
    default: 'never',
    read: failOn,
    help: 'exit 1 at the end if any exchange is this verdict or worse',
  },
  ...BASELINE_OPTIONS,
  writeMismatches: {
    group: 'judging',
    flag: '--write-mismatches <path>',
    key: 'writeMismatches',
    defaultHelp: 'none',
    read: optionalPath,
    help: 'write every non-ok exchange to this .gor file, redacted like every other output',
  },
  mismatchesUnredacted: {
    group: 'judging',
    flag: '--mismatches-unredacted',
    key: 'mismatchesUnredacted',
    default: false,
    defaultHelp: 'off',
    readsNull: true,
    read: boolean,
    help: 'write --write-mismatches exactly as captured, secrets included, to re-send them',
  },
  verbose: { group: 'judging', flag: '-v, --verbose', read: isSet, help: 'print bodies and every difference of non-ok exchanges, as the old middleware did' },
  quiet: { group: 'judging', flag: '-q, --quiet', read: isSet, help: 'print only warnings about the tool itself and the final summary' },
  output: { group: 'judging', key: 'output', read: outputMode },
  color: {
    group: 'judging',
    flag: '--color',
    key: 'color',
    defaultHelp: 'when stderr is a terminal; NO_COLOR and FORCE_COLOR apply',
    read: optionalBoolean,
    help: 'force colours on stderr',
    negation: { flag: '--no-color', help: 'never colour' },
  },
  progressInterval: {
    group: 'judging',
    flag: '--progress-interval <duration>',
    key: 'progressInterval',
    default: '10s',
    read: durationOf(0),
    help: 'progress line while traffic flows; 0 turns it off',
  },
  ...METRICS_OPTIONS,
  $schema: { group: 'judging', key: '$schema', read: notRead },
  description: { group: 'judging', key: 'description', read: notRead },

  ...COMMAND_OPTIONS,
} as const satisfies Readonly<Record<string, OptionSpec>>;

type Options = typeof OPTIONS;
export type OptionName = keyof Options;
/** The typed value of an option, as its reader returns it. */
export type OptionValue<K extends OptionName> = ReturnType<Options[K]['read']>;
/** The options of a group (or of several). */
export type GroupOption<G extends OptionGroup> = { [K in OptionName]: Options[K]['group'] extends G ? K : never }[OptionName];
type FlagOption = { [K in OptionName]: Options[K] extends { readonly flag: string } ? K : never }[OptionName];

/** What commander hands over for a flag: its texts when repeatable, its text, false for its `--no-` flag, or a switch. */
type FlagValue<S> = S extends { readonly repeatable: true }
  ? readonly string[]
  : S extends { readonly flag: `${string}<${string}>` }
    ? string | (S extends { readonly negation: object } ? false : never)
    : boolean;
/** The flags of a group as commander hands them over; absent when not given. */
export type FlagValues<G extends OptionGroup> = { readonly [K in GroupOption<G> & FlagOption]?: FlagValue<Options[K]> };
/** The flags of every judging command. */
export type CliFlags = FlagValues<'judging'>;
/** The flags of middleware mode: the judging ones and its own. */
export type MiddlewareFlags = FlagValues<'judging' | 'middleware'>;

/** Defaults of a command that replace the registry's (compare and replay gate CI on `failOn`). */
export type CommandDefaults<G extends OptionGroup = 'judging'> = { readonly [K in GroupOption<G>]?: RawDefault };

/**
 * Reads the options of group `G` on demand, each only when asked for: flags over the
 * config file `file` over `defaults` over the registry's defaults. Throws UsageError.
 */
export function optionReader<G extends OptionGroup>(
  flags: FlagValues<G>,
  file: Raw = {},
  defaults: CommandDefaults<G> = {},
): <K extends GroupOption<G>>(name: K) => OptionValue<K> {
  const given: Readonly<Record<string, unknown>> = flags;
  const commandDefaults: Readonly<Record<string, RawDefault | undefined>> = defaults;
  return <K extends GroupOption<G>>(name: K) => readOption(OPTIONS[name], given[name], file, commandDefaults[name]) as OptionValue<K>;
}

/** Refuses a config file's unknown keys by name (`log.rotate`), before any value is read. */
export function checkConfigKeys(file: Raw): void {
  checkFileKeys(file, Object.values(OPTIONS));
}

/** The typed default of an option, for code that runs it without its flag (the demo replays). */
export function optionDefault<K extends OptionName>(name: K): OptionValue<K> {
  return readOption(OPTIONS[name], undefined, {}) as OptionValue<K>;
}
