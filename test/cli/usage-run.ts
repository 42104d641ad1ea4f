import assert from 'node:assert/strict';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import type { CliRun, StdinWriter } from '../helpers/run-cli.js';

/** A capture every command can read. */
export const CAPTURE = fixturePath('exchanges', 'robot-regressions.gor');

const traffic = gorFileToHexStream(CAPTURE);

/** Writes traffic but never ends stdin: a CLI that waits for input, or echoes it, is caught. */
export const openStdin: StdinWriter = (stdin) => {
  stdin.write(traffic);
};

/**
 * A usage error: exit 2, nothing on stdout, and stderr exactly one line, `goreplay-diff: `,
 * what is wrong (`what`), then where the help is (`see goreplay-diff[ command] --help`).
 */
export function assertUsageError(run: CliRun, what: RegExp, help = 'goreplay-diff --help'): void {
  assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout.length, 0, 'nothing on stdout');
  const [line = '', ...rest] = run.stderr.split('\n');
  assert.deepEqual(rest, [''], `exactly one stderr line: ${run.stderr}`);
  assert.match(line, /^goreplay-diff: \S/);
  assert.match(line, what);
  assert.ok(line.endsWith(`; see ${help}`), `ends with "; see ${help}": ${line}`);
}
