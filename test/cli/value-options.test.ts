import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loggedExchanges, recordArgs } from '../helpers/command-helpers.js';
import { jsonExchange } from '../helpers/json-exchange.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-value-options');

test('the CLI takes the value options from flags and from a route of the config file, through the analysis thread', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ routes: [{ path: '/api/**', tolerance: ['big=1'], looseTypes: true }] }));
  const input = Buffer.concat([
    jsonExchange('v1', '{"price":2.50,"big":12345678901234567890,"n":"4","x":null}', '{"price":2.5049,"big":12345678901234567891,"n":4}'),
    jsonExchange('v2', '{"price":2.50}', '{"price":2.52}'),
  ]);
  const args = ['--config', join(dir, 'c.json'), '--tolerance', 'price=0.2%', '--null-equals-missing', '--fail-on', 'error', ...recordArgs(dir)];
  const run = await runCli(args, input, { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is byte-identical');
  const records = loggedExchanges(dir) as unknown as Array<{ id: string; verdict: string; diffs: unknown[] }>;
  assert.deepEqual(
    records.map((record) => [record.id, record.verdict, record.diffs]),
    [
      ['v1', 'ok', []],
      ['v2', 'error', [{ path: 'price', kind: 'changed', origin: 2.5, replay: 2.52 }]],
    ],
  );
});

test('a bad --tolerance exits 2 with one line naming it, before reading stdin', async () => {
  const run = await runCli(['--tolerance', 'price=2%', '--tolerance', 'score'], Buffer.alloc(0));
  assert.equal(run.code, 2);
  assert.match(run.stderr.trim(), /^goreplay-diff: --tolerance\[1\] "score": expected PATH=AMOUNT/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
});
