import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { Verdict } from '../compare/verdict.js';
import { ConfigError } from '../config/config-error.js';
import { DEFAULTS } from '../config/config.js';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import type { CliFlags } from '../config/load-config.js';
import { duration, integer } from '../config/raw-values.js';
import { InputError, resolveCaptureSources } from '../capture/capture-sources.js';
import { parseRateGate } from '../judging/exit-policy.js';
import type { EarlyAnalysisThread } from '../thread/prestart.js';
import { runMiddleware } from '../modes/middleware.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Flags of compare and replay on top of the judging ones. */
interface GateFlags extends CliFlags {
  readonly maxErrorRate?: string;
  readonly minSamples?: string;
  readonly junit?: string;
}

interface ReplayFlags extends GateFlags {
  readonly target: string;
  readonly concurrency?: string;
  readonly rate?: string;
  readonly timeout?: string;
  readonly rewriteHost?: boolean;
}

const REPLAY_DEFAULTS = Object.freeze({ concurrency: 8, timeout: '5s' });

/**
 * Options shared by every command that judges exchanges. `failOnHelp` is what `--fail-on`
 * does when not given, which differs per command.
 */
function addJudgingOptions(command: Command, failOnHelp = 'never'): Command {
  return command
    .option('-c, --config <path>', 'JSON config file (also: GOREPLAY_DIFF_CONFIG)')
    .option('--preset <name>', 'a built-in set of routes: robot (the three robot API routes)')
    .option('--route <spec>', 'watch a route: [METHOD:]PATH[=COMPARATOR], repeatable; PATH is exact, a glob or /regex/; comparators: json (default), query, input_hint, intention, status', collect)
    .option('--filter <spec>', 'compare only requests whose [body:|query:|header:]key is one of the values: key=v1,v2 (repeatable; default source: JSON body)', collect)
    .option('--ignore <path>', 'JSON path to ignore in diffs, e.g. results.trace_id, **.timestamp, items[*].score (repeatable)', collect)
    .option('--redact <path>', 'JSON body path whose value is replaced by "[redacted]" in every output (repeatable)', collect)
    .option('--ttl <duration>', `report an exchange as incomplete when its last message is this old (default: ${DEFAULTS.ttl})`)
    .option('--max-pending <n>', `most exchanges held at once; the oldest are evicted and counted (default: ${DEFAULTS.maxPending})`)
    .option('--max-pending-size <size>', `most memory held by pending exchanges (payloads plus ~800 bytes each); the oldest are evicted and counted (default: ${DEFAULTS.maxPendingSize})`)
    .option('--max-diffs <n>', `differences listed per exchange; all are counted (default: ${DEFAULTS.maxDiffs})`)
    .option('--max-body-size <size>', `largest decoded (decompressed) body compared (default: ${DEFAULTS.maxBodySize})`)
    .option('--max-line-size <size>', `longer input lines are echoed but not analysed (default: ${DEFAULTS.maxLineSize})`)
    .option('--log-file <path>', `rotating JSON log of non-ok exchanges (default: ${DEFAULTS.logFile})`)
    .option('--no-log-file', 'do not write the JSON log')
    .option('--log-max-size <size>', `rotate the log at this size (default: ${DEFAULTS.logMaxSize})`)
    .option('--log-frequency <when>', `rotate the log daily, hourly or every <duration> (default: ${DEFAULTS.logFrequency})`)
    .option('--log-keep <n>', `rotated log files kept (default: ${DEFAULTS.logKeep})`)
    .option('--log-ok', 'log ok exchanges too (default: off)')
    .option('--log-body-limit <size>', `bodies longer than this are truncated in the log (default: ${DEFAULTS.logBodyLimit})`)
    .option('--report <path>', `JSON summary, rewritten atomically every ${DEFAULTS.reportInterval} and at exit (default: none)`)
    .addOption(new Option('--fail-on <verdict>', `exit 1 at the end if any exchange is this verdict or worse (default: ${failOnHelp})`).choices(['warn', 'incomplete', 'error', 'never']))
    .option('--write-mismatches <path>', 'write every non-ok exchange to this .gor file (default: none)')
    .option('-v, --verbose', 'print bodies and every difference of non-ok exchanges, as the old middleware did')
    .option('-q, --quiet', 'print only warnings about the tool itself and the final summary')
    .option('--color', 'force colours on stderr (default: when stderr is a terminal; NO_COLOR and FORCE_COLOR apply)')
    .option('--no-color', 'never colour')
    .option('--progress-interval <duration>', `progress line while traffic flows; 0 turns it off (default: ${DEFAULTS.progressInterval})`);
}

/**
 * Loads the config from the flags and the config file. `failOnDefault` replaces "never"
 * when neither `--fail-on` nor the file's `failOn` says otherwise (compare and replay gate CI).
 */
function readConfig(flags: CliFlags, failOnDefault?: Exclude<Verdict, 'ok'>, envConfig = process.env['GOREPLAY_DIFF_CONFIG']): Config {
  const defaults = failOnDefault === undefined ? {} : { failOn: failOnDefault };
  return loadConfig(flags, envConfig, (path) => readFileSync(path, 'utf8'), defaults);
}

/** Flags shared by compare and replay: the rate gate and the JUnit report. */
function addGateOptions(command: Command): Command {
  return command
    .option('--max-error-rate <rate>', 'tolerate this share (0..1, or 0%..100%) of judged exchanges at the --fail-on level or worse before failing (default: 0, any one fails)')
    .option('--min-samples <n>', 'never fail before this many exchanges were judged (default: 1)')
    .option('--junit <path>', 'JUnit XML report: a test suite per route, a test case per judged exchange; error is a failure, warn and incomplete are failures only at or above --fail-on, incomplete is skipped otherwise (default: none)');
}

function replayTarget(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`--target must be a URL like http://staging:8080, not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`--target must be an http:// or https:// URL, not ${JSON.stringify(value)}`);
  return url;
}

function replayRate(value: string | undefined): number | null {
  if (value === undefined) return null;
  const rate = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(rate > 0)) throw new ConfigError(`--rate must be a positive number of requests per second, not ${JSON.stringify(value)}`);
  return rate;
}

/** The demo's defaults: the robot routes, every verdict shown with its diffs, no log file. */
function demoFlags(flags: CliFlags): CliFlags {
  const defaults: { preset?: string; logFile: string | boolean; verbose?: boolean } = { logFile: flags.logFile ?? false };
  if (flags.preset === undefined && flags.route === undefined && flags.config === undefined) defaults.preset = 'robot';
  if (flags.quiet !== true && flags.verbose === undefined) defaults.verbose = true;
  return { ...flags, ...defaults };
}

/**
 * Options before a command name belong to middleware mode (positional options); given with
 * a command they would be silently ignored, so they are refused instead.
 */
function refuseMiddlewareOptions(program: Command, command: string): void {
  const given = Object.keys(program.opts()).filter((key) => program.getOptionValueSource(key) === 'cli');
  if (given.length > 0) {
    throw new ConfigError(`options before "${command}" are middleware mode's; put them after the command name (${given.join(', ')})`);
  }
}

function addCommands(program: Command): void {
  program.hook('preAction', (_program, action) => {
    if (action !== program) refuseMiddlewareOptions(program, action.name());
  });
  addGateOptions(addJudgingOptions(program.command('compare'), 'error'))
    .summary('judge captured exchanges from .gor files or a hex stream, without gor')
    .description('judge captured exchanges (requests, original and replayed responses) from .gor files, .gor.gz, gor chunks (name_0.gor, name_1.gor… for name.gor), a hex middleware stream or - (stdin); exits at the end of input. Writes nothing to stdout.')
    .argument('<file...>', 'captures, read in order; - for stdin')
    .action(async (files: string[], flags: GateFlags) => {
      const config = readConfig(flags, 'error');
      const gate = parseRateGate(flags.maxErrorRate, flags.minSamples);
      const sources = resolveCaptureSources(files);
      // Each command loads its own code when used: middleware mode starts faster without it.
      const { runCompare } = await import('../modes/compare.js');
      process.exitCode = await runCompare(config, { sources, junit: flags.junit ?? null, gate }, process);
    });

  addGateOptions(addJudgingOptions(program.command('replay'), 'incomplete (a mismatch or a failed replay)'))
    .summary('send a capture\'s requests to --target and judge the answers, without gor')
    .description('send every captured request to --target, judge each answer against the recorded original response; requests without one are sent but not judged, failed or timed-out replays are incomplete (replay_failed). Writes nothing to stdout.')
    .argument('<file...>', 'captures, read in order; - for stdin')
    .requiredOption('--target <url>', 'where to send the requests, e.g. http://staging:8080 (a path is prefixed to every request)')
    .option('--concurrency <n>', `requests in flight at once (default: ${REPLAY_DEFAULTS.concurrency})`)
    .option('--rate <n>', 'requests started per second at most (default: no limit)')
    .option('--timeout <duration>', `give up on a request with no complete answer after this long (default: ${REPLAY_DEFAULTS.timeout})`)
    .option('--rewrite-host', 'send Host: <target host> instead of the captured Host header')
    .action(async (files: string[], flags: ReplayFlags) => {
      const config = readConfig(flags, 'incomplete');
      const options = {
        sources: resolveCaptureSources(files),
        target: replayTarget(flags.target),
        concurrency: flags.concurrency === undefined ? REPLAY_DEFAULTS.concurrency : integer(flags.concurrency.trim(), '--concurrency', 1),
        ratePerSecond: replayRate(flags.rate),
        timeoutMs: duration(flags.timeout ?? REPLAY_DEFAULTS.timeout, '--timeout', 1),
        rewriteHost: flags.rewriteHost === true,
        junit: flags.junit ?? null,
        gate: parseRateGate(flags.maxErrorRate, flags.minSamples),
      };
      const { runReplay } = await import('../modes/replay.js');
      process.exitCode = await runReplay(config, options, process);
    });

  addJudgingOptions(program.command('demo'), 'never')
    .summary('see ok, warn and error verdicts on a shipped capture in seconds')
    .description('replay a shipped capture against a local candidate robot API with a few regressions and print the report: ok, warn and error verdicts with their diffs. Defaults: --preset robot, --verbose, --no-log-file; GOREPLAY_DIFF_CONFIG is not read.')
    .action(async (flags: CliFlags) => {
      const config = readConfig(demoFlags(flags), undefined, undefined);
      const { runDemo } = await import('../modes/demo.js');
      process.exitCode = await runDemo(config, process);
    });
}

/**
 * Builds the command line. Help and version go to stdout only when asked for; errors to
 * stderr. Middleware mode uses the `early` analysis thread if there is one.
 */
export function buildProgram(version: string, early?: EarlyAnalysisThread): Command {
  const program = new Command('goreplay-diff')
    .description('GoReplay middleware: echoes every message untouched and reports where replayed responses differ from production.\nRun with no command as gor --middleware "node dist/cli.js [options]".\nWithout gor: compare judges captured files, replay sends a capture to a target, demo shows both in seconds.')
    .version(version, '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    // Options before a command name are the middleware's; after it, the command's own.
    .enablePositionalOptions();
  addJudgingOptions(program).action(async (flags: CliFlags) => {
    const config = readConfig(flags);
    const { code, mustExit } = await runMiddleware(config, process, early);
    process.exitCode = code;
    // An input read still waiting in the thread pool would keep the process alive. Every
    // output is closed by now, and stderr is synchronous for pipes, files and terminals.
    if (mustExit) process.exit(code);
  });
  addCommands(program);
  return program;
}

function packageVersion(): string {
  const raw = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof raw.version === 'string' ? raw.version : '0.0.0';
}

/** Runs the command line; `early` is an analysis thread started by the entry point, if any. */
export async function main(early?: EarlyAnalysisThread): Promise<void> {
  // A closed stderr must never take the mirror down: what we cannot say is lost, the echo goes on.
  process.stderr.on('error', () => {});
  try {
    await runProgram(buildProgram(packageVersion(), early));
  } finally {
    // Not used (a command, help, an error): it must not outlive the run.
    early?.discard();
  }
}

async function runProgram(program: Command): Promise<void> {
  // gor splits --middleware on single spaces, so a doubled space arrives as an empty argument.
  const argv = process.argv.filter((arg, index) => index < 2 || arg !== '');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InputError) {
      process.stderr.write(`goreplay-diff: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CommanderError) {
      // Commander already printed the message (or help / version).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`goreplay-diff: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

