import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

test('the CLI takes unordered arrays from a route of the config file', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ routes: [{ path: '/api/**', unordered: ['tags'] }] }));
  const input = Buffer.concat([jsonExchange('e1', '{"tags":[1,2,3]}', '{"tags":[3,2,1]}'), jsonExchange('e2', '{"tags":[1,2]}', '{"tags":[2,1,4]}')]);
  const run = await runCli(['--config', join(dir, 'c.json'), '--fail-on', 'error', ...recordArgs(dir)], input, { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is byte-identical');
  const records = loggedExchanges(dir) as unknown as Array<{ id: string; verdict: string; diffs: unknown[] }>;
  assert.deepEqual(
    records.map((record) => [record.id, record.verdict, record.diffs]),
    [
      ['e1', 'ok', []],
      ['e2', 'error', [{ path: 'tags[2]', kind: 'added', replay: 4 }]],
    ],
  );
});
