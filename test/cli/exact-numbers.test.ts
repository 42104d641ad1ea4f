import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loggedExchanges, recordArgs } from '../helpers/command-helpers.js';
import { jsonExchange } from '../helpers/json-exchange.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-exact-numbers');

test('the CLI judges IDs that differ beyond double precision a body_mismatch, shows them as written, and keeps 1 and 1.0 equal', async () => {
  const dir = tempDir();
  const input = Buffer.concat([
    jsonExchange('b1', '{"id":12345678901234567890}', '{"id":12345678901234567891}'),
    jsonExchange('b2', '{"id":12345678901234567890,"n":1}', '{"n":1.0,"id":12345678901234567890}'),
  ]);
  const run = await runCli(['--route', '/api/**', '--fail-on', 'error', ...recordArgs(dir)], input, { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is byte-identical');
  assert.match(run.stderr, /error +\/api\/\*\* b1 body_mismatch status 200→200 replay 1 @\d+ \| id: 12345678901234567890 → 12345678901234567891/);
  const records = loggedExchanges(join(dir)) as unknown as Array<{ id: string; verdict: string; reason: string; diffs: unknown[] }>;
  assert.deepEqual(
    records.map((record) => [record.id, record.verdict, record.reason, record.diffs]),
    [
      ['b1', 'error', 'body_mismatch', [{ path: 'id', kind: 'changed', origin: '12345678901234567890', replay: '12345678901234567891' }]],
      ['b2', 'ok', 'json_equal', []],
    ],
  );
});
