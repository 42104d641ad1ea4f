import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { longFlag } from '../config/option-spec.js';
import { OPTIONS } from '../config/options.js';
import { UsageError } from '../config/usage-error.js';

/** The options that name a file the run writes. */
type OutputOption = 'logFile' | 'report' | 'html' | 'writeMismatches' | 'junit' | 'out';

/**
 * Refuses, before any input is read, an output path whose directory does not exist:
 * `--report: directory /x/y does not exist`, naming the flag when it was given and the
 * config key (`log.file`) when the file set it. Nothing creates directories: only the named
 * paths are written, which matters when gor runs us as root. A directory that exists but
 * cannot be written is left to the writers, which warn and carry on. `given` holds the
 * flags as commander handed them over; `junit` is `--junit`'s path or null.
 */
export function checkOutputDirectories(config: Config, given: Readonly<Record<string, unknown>>, junit: string | null = null): void {
  checkOutputPaths(
    [
      ['logFile', config.log.file],
      ['report', config.report],
      ['html', config.html],
      ['writeMismatches', config.writeMismatches],
      ['junit', junit],
    ],
    given,
  );
}

/** The same check for output paths given one by one (`report --out`). */
export function checkOutputPaths(paths: ReadonlyArray<readonly [OutputOption, string | null]>, given: Readonly<Record<string, unknown>>): void {
  for (const [option, path] of paths) {
    if (path === null) continue;
    const directory = dirname(resolve(path));
    const problem = directoryProblem(directory);
    if (problem === null) continue;
    const spec = OPTIONS[option];
    const key = given[option] !== undefined || !('key' in spec) ? longFlag(spec.flag) : spec.key;
    throw new UsageError('missing_directory', key, `${key}: ${problem}`);
  }
}

function directoryProblem(directory: string): string | null {
  try {
    return statSync(directory).isDirectory() ? null : `${directory} is not a directory`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `directory ${directory} does not exist`;
    // EACCES and the like: the writers report what they meet, as for an unwritable directory.
    return null;
  }
}
