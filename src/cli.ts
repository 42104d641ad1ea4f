import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from './config/config-error.js';
import { DEFAULTS } from './config/config.js';
import { loadConfig } from './config/load-config.js';
import type { CliFlags } from './config/load-config.js';
import { runMiddleware } from './run.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Options shared by every command that judges exchanges. */
function addJudgingOptions(command: Command): Command {
  return command
    .option('-c, --config <path>', 'JSON config file (also: GOREPLAY_DIFF_CONFIG)')
    .option('--preset <name>', 'a built-in set of routes: robot (the three robot API routes)')
    .option('--route <spec>', 'watch a route: [METHOD:]PATH[=COMPARATOR], repeatable; PATH is exact, a glob or /regex/; comparators: json (default), query, input_hint, intention, status', collect)
    .option('--filter <spec>', 'compare only requests whose [body:|query:|header:]key is one of the values: key=v1,v2 (repeatable; default source: JSON body)', collect)
    .option('--ignore <path>', 'JSON path to ignore in diffs, e.g. results.trace_id, **.timestamp, items[*].score (repeatable)', collect)
    .option('--redact <path>', 'JSON body path whose value is replaced by "[redacted]" in every output (repeatable)', collect)
    .option('--ttl <duration>', `report an exchange as incomplete when its last message is this old (default: ${DEFAULTS.ttl})`)
    .option('--max-pending <n>', `most exchanges held at once; the oldest are evicted and counted (default: ${DEFAULTS.maxPending})`)
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
    .addOption(new Option('--fail-on <verdict>', 'exit 1 at the end if any exchange is this verdict or worse (default: never)').choices(['warn', 'incomplete', 'error', 'never']))
    .option('--write-mismatches <path>', 'write every non-ok exchange to this .gor file (default: none)')
    .option('-v, --verbose', 'print bodies and every difference of non-ok exchanges, as the old middleware did')
    .option('-q, --quiet', 'print only warnings about the tool itself and the final summary')
    .option('--color', 'force colours on stderr (default: when stderr is a terminal; NO_COLOR and FORCE_COLOR apply)')
    .option('--no-color', 'never colour')
    .option('--progress-interval <duration>', `progress line while traffic flows; 0 turns it off (default: ${DEFAULTS.progressInterval})`);
}

function readConfig(flags: CliFlags): ReturnType<typeof loadConfig> {
  return loadConfig(flags, process.env['GOREPLAY_DIFF_CONFIG'], (path) => readFileSync(path, 'utf8'));
}

/** Builds the command line. Help and version go to stdout only when asked for; errors to stderr. */
export function buildProgram(version: string): Command {
  const program = new Command('goreplay-diff')
    .description('GoReplay middleware: echoes every message untouched and reports where replayed responses differ from production.\nRun with no command as gor --middleware "node dist/cli.js [options]".')
    .version(version, '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  addJudgingOptions(program).action(async (flags: CliFlags) => {
    const config = readConfig(flags);
    process.exitCode = await runMiddleware(config, process);
  });
  return program;
}

function packageVersion(): string {
  const raw = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof raw.version === 'string' ? raw.version : '0.0.0';
}

async function main(): Promise<void> {
  const program = buildProgram(packageVersion());
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof ConfigError) {
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

await main();
