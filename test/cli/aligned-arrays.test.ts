import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedExchanges, recordArgs } from '../helpers/command-helpers.js';
import { jsonExchange } from '../helpers/json-exchange.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-aligned-arrays');

test('the CLI reports an element inserted at the front of an array as one added difference', async () => {
  const dir = tempDir();
  const input = jsonExchange('d1', '{"list":["b","c","d"]}', '{"list":["a","b","c","d"]}');
  const run = await runCli(['--route', '/api/**', '--fail-on', 'error', ...recordArgs(dir)], input, { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is byte-identical');
  assert.match(run.stderr, /d1 body_mismatch .*\| list\[0\]: \(absent\) → "a"$/m);
  const records = loggedExchanges(dir) as unknown as Array<{ id: string; diffs: unknown[] }>;
  assert.deepEqual(
    records.map((record) => [record.id, record.diffs]),
    [['d1', [{ path: 'list[0]', kind: 'added', replay: 'a' }]]],
  );
});
