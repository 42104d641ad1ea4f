import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { longFlag } from '../../src/config/option-spec.js';
import type { OptionGroup, OptionSpec } from '../../src/config/option-spec.js';
import { OPTIONS } from '../../src/config/options.js';
import type { OptionName } from '../../src/config/options.js';
import { UsageError } from '../../src/config/usage-error.js';

const entries = Object.entries(OPTIONS) as Array<[OptionName, OptionSpec]>;
/** The option groups each command takes; the middleware is the program itself. */
const COMMAND_GROUPS: Readonly<Record<string, readonly OptionGroup[]>> = {
  middleware: ['judging', 'middleware'],
  compare: ['judging', 'gate'],
  replay: ['judging', 'gate', 'replay'],
  demo: ['judging'],
  report: ['report'],
};
/** Options a command takes outside its groups: `report` gates like compare, reads a baseline, writes an HTML page, and judges nothing. */
const COMMAND_EXTRAS: Readonly<Record<string, readonly OptionName[]>> = {
  report: ['failOn', 'baseline', 'failOnNew', 'maxErrorRate', 'minSamples', 'html'],
};

function commandNamed(program: Command, name: string): Command {
  if (name === 'middleware') return program;
  const command = program.commands.find((candidate) => candidate.name() === name);
  assert.ok(command !== undefined, name);
  return command;
}

test('every registry flag reaches commander, under its name, in every command of its group, and nothing else does', () => {
  const program = buildProgram('0.0.0');
  for (const [commandName, groups] of Object.entries(COMMAND_GROUPS)) {
    const command = commandNamed(program, commandName);
    const expected = new Map<string, string>();
    for (const [name, spec] of entries) {
      if (spec.flag === undefined || !(groups.includes(spec.group) || COMMAND_EXTRAS[commandName]?.includes(name) === true)) continue;
      expected.set(longFlag(spec.flag), name);
      if (spec.negation !== undefined) expected.set(spec.negation.flag, name);
    }
    const actual = new Map(command.options.filter((option) => option.long !== '--version').map((option) => [option.long ?? '', option.attributeName()]));
    assert.deepEqual(actual, expected, commandName);
  }
});

test('every flag-only and file-only option of the registry is one of the documented exceptions', () => {
  const flagOnly = entries.filter(([, spec]) => spec.flag !== undefined && spec.key === undefined).map(([name]) => name);
  const fileOnly = entries.filter(([, spec]) => spec.flag === undefined).map(([name]) => name);
  assert.deepEqual(flagOnly, [
    'config',
    'out',
    'verbose',
    'quiet',
    'metricsPush',
    'metricsJob',
    'maxErrorRate',
    'minSamples',
    'junit',
    'target',
    'concurrency',
    'rate',
    'timeout',
    'rewriteHost',
  ]);
  assert.deepEqual(fileOnly, ['reportInterval', 'output', '$schema', 'description']);
});

/** Runs the command line in-process up to its first error, which must be a UsageError. */
async function refused(args: readonly string[]): Promise<{ code: string; key: string }> {
  const program = buildProgram('0.0.0');
  try {
    await program.parseAsync(['node', 'goreplay-diff', ...args]);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return { code: error.code, key: error.key };
  }
  return assert.fail(`${args.join(' ')} was accepted`);
}

test('a bad flag value, in any command, is refused naming the flag as typed', async () => {
  const capture = 'no-such-capture.gor';
  const cases: ReadonlyArray<readonly [readonly string[], string, string?]> = [
    [['--max-pending', 'lots'], '--max-pending'],
    [['--preset', 'robot', '--ignore', 'a..b'], '--ignore[0]', 'bad_ignore_path'],
    [['compare', '--max-error-rate', '2', capture], '--max-error-rate'],
    [['compare', '--min-samples', '0', capture], '--min-samples'],
    [['compare', '--metrics-push', 'pushgateway:9091', capture], '--metrics-push'],
    [['--metrics-listen', ':9464'], '--metrics-listen'],
    [['compare', '--log-keep', '1', capture], '--log-keep'],
    [['replay', '--target', 'ftp://staging', capture], '--target'],
    [['replay', '--target', 'http://staging', '--concurrency', '0', capture], '--concurrency'],
    [['replay', '--target', 'http://staging', '--rate', 'fast', capture], '--rate'],
    [['replay', '--target', 'http://staging', '--timeout', 'soon', capture], '--timeout'],
    [['replay', '--target', 'http://staging', '--min-samples', 'x', capture], '--min-samples'],
    [['demo', '--ttl', 'soon'], '--ttl'],
  ];
  for (const [args, key, code = 'bad_value'] of cases) assert.deepEqual(await refused(args), { code, key }, args.join(' '));
});

test('the inputs are checked after the options, and a missing one is named as typed', async () => {
  assert.deepEqual(await refused(['compare', 'no-such-capture.gor']), { code: 'no_input', key: 'no-such-capture.gor' });
  assert.deepEqual(await refused(['replay', '--target', 'http://staging', '-', '-']), { code: 'stdin_twice', key: '-' });
});

test('middleware options before a command name are refused, named as typed', async () => {
  assert.deepEqual(await refused(['--no-log-file', '--ttl', '5s', 'compare', 'x.gor']), { code: 'misplaced_option', key: '--no-log-file' });
});
