import { existsSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { CommanderError } from 'commander';
import type { Command } from 'commander';
import { UsageError } from '../config/usage-error.js';

/*
 * Checks of the command line as typed, which commander cannot make, and the one line every
 * usage error is printed as: gor puts our stderr in its log, where a whole --help would
 * bury the one thing that went wrong.
 */

/** Options whose values are patterns that an unquoted shell expands into paths (`--route /**`). */
const PATTERN_FLAGS = new Set(['--route', '--ignore', '--unordered', '--redact']);
/** Paths shown when naming an expansion; the rest are counted. */
const SHOWN_PATHS = 3;

/**
 * Refuses a pattern option whose value the shell expanded: `--route /**` arrives as
 * `--route /bin /boot /dev …`. Recognised by the value being an existing absolute path
 * followed by at least one more existing path in the same directory, as an expansion
 * lists them. `args` are the arguments without node and the script.
 */
export function refuseExpandedGlob(args: readonly string[], exists: (path: string) => boolean = existsSync): void {
  for (let i = 0; i < args.length; i++) {
    const flag = args[i] ?? '';
    const value = args[i + 1];
    if (!PATTERN_FLAGS.has(flag) || value === undefined || !isAbsolute(value) || !exists(value)) continue;
    const paths = [value];
    for (let next = args[i + 2]; next !== undefined && isAbsolute(next) && dirname(next) === dirname(value) && exists(next); next = args[i + 1 + paths.length]) {
      paths.push(next);
    }
    if (paths.length < 2) continue;
    const shown = paths.length > SHOWN_PATHS ? `${paths.slice(0, SHOWN_PATHS).join(' ')} …` : paths.join(' ');
    throw new UsageError(
      'expanded_glob',
      flag,
      `${flag} ${shown}: the shell expanded an unquoted pattern into ${paths.length} paths; quote it so that it arrives as written, e.g. ${flag} '/api/**'`,
    );
  }
}

/** What a capture looks like on a command line: `-`, a `.gor`, `.gz` or `.hex` name, or an existing path. */
function looksLikeCapture(arg: string, exists: (path: string) => boolean): boolean {
  return arg === '-' || /\.(gor|gz|hex)$/i.test(arg) || exists(arg);
}

/** An argument as a shell would need it typed. */
function shellQuoted(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * Refuses arguments a command does not take. Middleware mode takes none: given a capture
 * (`goreplay-diff capture.gor`), `compare` was most likely forgotten, and the whole command
 * line is suggested with it; anything else is an unknown command. `args` are the
 * arguments as typed, without node and the script.
 */
export function refuseExcessArguments(command: Command, args: readonly string[], exists: (path: string) => boolean = existsSync): void {
  const declared = command.registeredArguments;
  if (declared.at(-1)?.variadic === true || command.args.length <= declared.length) return;
  const extra = command.args.slice(declared.length);
  const [first = ''] = extra;
  const given = extra.map((arg) => JSON.stringify(arg)).join(' ');
  if (command.parent !== null) {
    const takes = declared.length === 0 ? 'no arguments' : `at most ${declared.length} argument${declared.length === 1 ? '' : 's'}`;
    throw new UsageError('unexpected_argument', first, `${command.name()} takes ${takes}, got ${given}`);
  }
  if (extra.some((arg) => looksLikeCapture(arg, exists))) {
    const suggestion = `${command.name()} compare ${args.map(shellQuoted).join(' ')}`;
    throw new UsageError('unexpected_argument', first, `middleware mode takes no arguments, got ${given} (did you mean \`${suggestion}\`?)`);
  }
  const commands = command.commands.map((sub) => sub.name()).join(', ');
  throw new UsageError('unexpected_argument', first, `unknown command ${JSON.stringify(first)} (commands: ${commands}); middleware mode takes no arguments`);
}

/**
 * The line printed for a usage error: what is wrong, on one line, and where the help is:
 * that of the command the arguments named (`program.args[0]`, where commander dispatched),
 * else the program's.
 */
export function usageLine(error: UsageError | CommanderError, program: Command): string {
  const what = error instanceof CommanderError ? error.message.replace(/^error: /, '') : error.message;
  const named = program.args[0];
  const command = program.commands.find((sub) => sub.name() === named && named !== 'help');
  const help = command === undefined ? `${program.name()} --help` : `${program.name()} ${command.name()} --help`;
  return `${program.name()}: ${what.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')}; see ${help}\n`;
}
