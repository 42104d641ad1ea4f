import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/config.js';
import type { CliFlags } from '../../src/config/options.js';
import { UsageError } from '../../src/config/usage-error.js';
import type { UsageErrorCode } from '../../src/config/usage-error.js';

/** Loads the config from `flags`, over a config file holding `file` when one is given (as `-c c.json`). */
export function load(flags: CliFlags, file?: unknown): Config {
  const readFile = (path: string): string => {
    if (path !== 'c.json') throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return JSON.stringify(file);
  };
  return loadConfig(file === undefined ? flags : { config: 'c.json', ...flags }, undefined, readFile);
}

/** Loading is refused with a one-line UsageError (exit code 2) whose code and key are these, and whose message matches `message` if given. */
export function refuses(flags: CliFlags, file: unknown, code: UsageErrorCode, key: string, message?: RegExp): void {
  assert.throws(
    () => load(flags, file),
    (error: unknown) => {
      assert.ok(error instanceof UsageError, String(error));
      assert.deepEqual({ code: error.code, key: error.key, exitCode: error.exitCode }, { code, key, exitCode: 2 }, error.message);
      assert.ok(!error.message.includes('\n'), 'one line');
      if (message !== undefined) assert.match(error.message, message);
      return true;
    },
  );
}
