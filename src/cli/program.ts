import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { Config } from '../config/config.js';
import { loadConfig, readBaselineOptions } from '../config/load-config.js';
import { CONFIG_ENV, optionReader } from '../config/options.js';
import type { CliFlags, FlagValues, MiddlewareFlags, OptionName } from '../config/options.js';
import { UsageError } from '../config/usage-error.js';
import { resolveCaptureSources } from '../capture/capture-sources.js';
import type { RateGate } from '../judging/exit-policy.js';
import type { MetricsPush } from '../judging/metrics-outputs.js';
import type { EarlyAnalysisThread } from '../thread/prestart.js';
import { runMiddleware } from '../modes/middleware.js';
import { checkOutputDirectories, checkOutputPaths } from './output-directories.js';
import { addRegistryOptions, flagAsTyped, ownDefaultValues } from './registry-options.js';
import { refuseExcessArguments, refuseExpandedGlob, usageLine } from './usage-checks.js';
import type { OwnDefaults } from './registry-options.js';
import { packageVersion } from '../report/package-version.js';

/** compare gates CI on errors; replay on incomplete too, since a dead target must not pass. */
const COMPARE_DEFAULTS: OwnDefaults = { failOn: { value: 'error' } };
const REPLAY_DEFAULTS: OwnDefaults = { failOn: { value: 'incomplete', help: 'incomplete (a mismatch or a failed replay)' } };
/** The options `report` takes besides its own: the gate of compare, and the baseline. */
const REPORT_GATE_OPTIONS: readonly OptionName[] = ['failOn', 'baseline', 'failOnNew', 'maxErrorRate', 'minSamples', 'html'];

/** Loads the config from the flags and the config file, over the command's own defaults. */
function readConfig(flags: MiddlewareFlags, own: OwnDefaults = {}, envConfig = process.env[CONFIG_ENV], mode: 'middleware' | 'command' = 'command'): Config {
  return loadConfig(flags, envConfig, (path) => readFileSync(path, 'utf8'), ownDefaultValues(own), mode);
}

/** Where compare and replay push their final metrics (`--metrics-push`, `--metrics-job`), or null. */
function readMetricsPush(flags: FlagValues<'gate'>): MetricsPush | null {
  const read = optionReader<'gate'>(flags);
  const url = read('metricsPush');
  return url === null ? null : { url, job: read('metricsJob') };
}

/** The rate gate of compare and replay, from `--max-error-rate` and `--min-samples`. */
function readGate(flags: FlagValues<'gate'>): RateGate {
  const read = optionReader<'gate'>(flags);
  return { maxRate: read('maxErrorRate'), minSamples: read('minSamples') };
}

/** The demo's defaults: the robot routes, every verdict shown with its diffs, no log file. */
function demoFlags(flags: CliFlags): CliFlags {
  const defaults: { preset?: string; logFile: string | false; verbose?: boolean } = { logFile: flags.logFile ?? false };
  if (flags.preset === undefined && flags.route === undefined && flags.config === undefined) defaults.preset = 'robot';
  if (flags.quiet !== true && flags.verbose === undefined) defaults.verbose = true;
  return { ...flags, ...defaults };
}

/**
 * Options before a command name belong to middleware mode (positional options); given with
 * a command they would be silently ignored, so they are refused instead.
 */
function refuseMiddlewareOptions(program: Command, command: string, typed: readonly string[]): void {
  const values = program.opts();
  const before = typed.slice(0, typed.indexOf(command));
  const given = Object.keys(values)
    .filter((key) => program.getOptionValueSource(key) === 'cli')
    .map((key) => flagAsTyped(key, values[key], before));
  const [first] = given;
  if (first !== undefined) {
    throw new UsageError('misplaced_option', first, `options before "${command}" are middleware mode's; put them after the command name (${given.join(', ')})`);
  }
}

/** The arguments as typed, without node and the script: commander keeps them, untyped, as `rawArgs`. */
function typedArgs(program: Command): string[] {
  const raw: unknown = Reflect.get(program, 'rawArgs');
  return Array.isArray(raw) ? raw.slice(2).map(String) : [];
}

function addCommands(program: Command): void {
  program.hook('preAction', (_program, action) => {
    const typed = typedArgs(program);
    refuseExpandedGlob(typed);
    if (action !== program) refuseMiddlewareOptions(program, action.name(), typed);
    refuseExcessArguments(action, typed);
  });
  addRegistryOptions(program.command('compare'), ['judging', 'gate'], COMPARE_DEFAULTS)
    .summary('judge captured exchanges from .gor files or a hex stream, without gor')
    .description(
      'judge captured exchanges (requests, original and replayed responses) from .gor files, .gor.gz, gor chunks (name_0.gor, name_1.gor… for name.gor), a hex middleware stream or - (stdin); exits at the end of input. Writes nothing to stdout.',
    )
    .argument('<file...>', 'captures, read in order; - for stdin')
    .action(async (files: string[], flags: FlagValues<'judging' | 'gate'>) => {
      const config = readConfig(flags, COMPARE_DEFAULTS);
      const gate = readGate(flags);
      const metricsPush = readMetricsPush(flags);
      const junit = optionReader<'gate'>(flags)('junit');
      checkOutputDirectories(config, flags, junit);
      const sources = resolveCaptureSources(files);
      // Each command loads its own code when used: middleware mode starts faster without it.
      const { runCompare } = await import('../modes/compare.js');
      process.exitCode = await runCompare(config, { sources, junit, gate, metricsPush }, process);
    });

  addRegistryOptions(program.command('replay'), ['judging', 'gate', 'replay'], REPLAY_DEFAULTS)
    .summary("send a capture's requests to --target and judge the answers, without gor")
    .description(
      'send every captured request to --target, judge each answer against the recorded original response; requests without one are sent but not judged, failed or timed-out replays are incomplete (replay_failed). Writes nothing to stdout.',
    )
    .argument('<file...>', 'captures, read in order; - for stdin')
    .action(async (files: string[], flags: FlagValues<'judging' | 'gate' | 'replay'>) => {
      const config = readConfig(flags, REPLAY_DEFAULTS);
      const read = optionReader<'gate' | 'replay'>(flags);
      const options = {
        target: read('target'),
        concurrency: read('concurrency'),
        ratePerSecond: read('rate'),
        timeoutMs: read('timeout'),
        rewriteHost: read('rewriteHost'),
        junit: read('junit'),
        gate: readGate(flags),
        metricsPush: readMetricsPush(flags),
        sources: resolveCaptureSources(files),
      };
      checkOutputDirectories(config, flags, options.junit);
      const { runReplay } = await import('../modes/replay.js');
      process.exitCode = await runReplay(config, options, process);
    });

  addRegistryOptions(program.command('demo'), ['judging'])
    .summary('see ok, warn and error verdicts on a shipped capture in seconds')
    .description(
      'replay a shipped capture against a local candidate robot API with a few regressions and print the report: ok, warn and error verdicts with their diffs. Defaults: --preset robot, --verbose, --no-log-file; GOREPLAY_DIFF_CONFIG is not read.',
    )
    .action(async (flags: CliFlags) => {
      const config = readConfig(demoFlags(flags), {}, undefined);
      checkOutputDirectories(config, flags);
      const { runDemo } = await import('../modes/demo.js');
      process.exitCode = await runDemo(config, process);
    });

  addRegistryOptions(program.command('report'), ['report'], {}, REPORT_GATE_OPTIONS)
    .summary('merge saved JSON reports into one, mark it against a baseline and gate it like compare')
    .description(
      'merge JSON reports (--report of any mode, or of report --out) of runs that judged parts of the traffic (gor hosts, CI jobs) into the report one run judging all of it would have written; print its summary, mark its clusters against --baseline, write it to --out and as a page to --html, and exit as compare would (--fail-on, default never). Writes nothing to stdout.',
    )
    .argument('<report...>', 'saved reports, merged in order')
    .action(async (files: string[], flags: FlagValues<'judging' | 'gate' | 'report'>) => {
      const read = optionReader<'judging' | 'gate' | 'report'>(flags);
      const twice = files.find((file, i) => files.indexOf(file) !== i);
      if (twice !== undefined) throw new UsageError('unexpected_argument', twice, `report: ${twice} is given twice; its exchanges would count twice`);
      const out = read('out');
      const html = read('html');
      checkOutputPaths(
        [
          ['out', out],
          ['html', html],
        ],
        flags,
      );
      const options = { inputs: files, out, html, failOn: read('failOn'), gate: readGate(flags), version: program.version() ?? '0.0.0' };
      const baseline = readBaselineOptions(read, flags, (path) => readFileSync(path, 'utf8'));
      const { runReport } = await import('../modes/report.js');
      process.exitCode = await runReport({ ...options, ...baseline }, process);
    });

  program
    .command('help')
    .argument('[command]', 'a command: compare, replay, demo or report')
    .summary('print the help of a command, or of middleware mode')
    .action((name: string | undefined) => {
      const command = name === undefined ? program : program.commands.find((candidate) => candidate.name() === name);
      if (command === undefined) {
        const names = program.commands.map((candidate) => candidate.name()).join(', ');
        throw new UsageError('unknown_command', name ?? '', `help: unknown command ${JSON.stringify(name)} (commands: ${names})`);
      }
      command.outputHelp();
    });
}

/**
 * Builds the command line. Help and version go to stdout only when asked for; errors to
 * stderr. Middleware mode uses the `early` analysis thread if there is one.
 */
export function buildProgram(version: string, early?: EarlyAnalysisThread): Command {
  const program = new Command('goreplay-diff')
    .description(
      'GoReplay middleware: echoes every message untouched and reports where replayed responses differ from production.\nRun with no command as gor --middleware "node dist/cli.js [options]".\nWithout gor: compare judges captured files, replay sends a capture to a target, demo shows both in seconds, report merges saved reports.',
    )
    .version(version, '-V, --version')
    // Errors are printed by runProgram as one line; middleware mode's arguments are refused
    // by refuseExcessArguments, which knows what they look like (both inherited by commands).
    .configureOutput({ outputError: () => {} })
    .allowExcessArguments()
    .exitOverride()
    // Options before a command name are the middleware's; after it, the command's own.
    .enablePositionalOptions();
  addRegistryOptions(program, ['judging', 'middleware']).action(async (flags: MiddlewareFlags) => {
    const config = readConfig(flags, {}, process.env[CONFIG_ENV], 'middleware');
    checkOutputDirectories(config, flags);
    const { code } = await runMiddleware(config, process, early);
    process.exitCode = code;
  });
  addCommands(program);
  return program;
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
    if (error instanceof CommanderError && error.exitCode === 0) {
      // Help or version, printed on stdout as asked.
      process.exitCode = 0;
      return;
    }
    if (error instanceof UsageError || error instanceof CommanderError) {
      process.stderr.write(usageLine(error, program));
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`goreplay-diff: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
