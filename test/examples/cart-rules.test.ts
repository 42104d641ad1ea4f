import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { cartCase, pluginCapture } from '../helpers/plugin-exchanges.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';

// The shipped example comparator module, run by `compare` on a capture built here, and the
// package entry its JSDoc types come from.

after(removeTempDirs);

const example = join(repoRoot(), 'examples', 'comparators', 'cart-rules.mjs');

test('cartRules tolerates a rounded total (warn), ignores updatedAt, and fails anything else; sameKeys accepts the same keys', async () => {
  const dir = tempDir('cart-rules');
  const capture = join(dir, 'capture.gor');
  writeFileSync(
    capture,
    pluginCapture([
      cartCase('rounded', '{"total":10.00,"updatedAt":"10:00"}', '{"total":10.01,"updatedAt":"10:01"}'),
      cartCase('touched', '{"total":10.00,"updatedAt":"10:00"}', '{"total":10.00,"updatedAt":"10:05"}'),
      cartCase('repriced', '{"total":10.00,"items":[1]}', '{"total":12.00,"items":[1]}'),
      cartCase('failing', '{"total":10.00}', '{"error":"boom"}', [200, 500]),
      { ...cartCase('keys', '{"a":1,"b":2}', '{"b":3,"a":4}'), target: '/api/keys/1' },
    ]),
  );
  const args = [
    'compare',
    '--comparator-module',
    example,
    '--route',
    '/api/cart/**=cartRules',
    '--route',
    '/api/keys/**=sameKeys',
    '--log-file',
    join(dir, 'x.log'),
    '--log-ok',
    '--no-color',
  ];
  const run = await runCli([...args, capture], Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(
    loggedExchanges(dir).map((record) => [record.id, record.verdict, record.reason]),
    [
      ['rounded', 'warn', 'cartRules:total_rounded'],
      ['touched', 'ok', 'comparator_ok'],
      ['repriced', 'error', 'body_mismatch'],
      ['failing', 'error', 'status_mismatch'],
      ['keys', 'ok', 'comparator_ok'],
    ],
  );
});

test("the package entry is the plugin API: its module and the declarations the example's JSDoc names", () => {
  const entry = fileURLToPath(import.meta.resolve('goreplay-diff'));
  assert.equal(entry, join(repoRoot(), 'dist', 'compare', 'plugin-api.js'));
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { types: string; exports: { '.': { types: string } }; bin: Record<string, string> };
  assert.equal(manifest.types, manifest.exports['.'].types);
  const declarations = readFileSync(join(repoRoot(), manifest.types), 'utf8');
  const named = [...readFileSync(example, 'utf8').matchAll(/import\('goreplay-diff'\)\.(\w+)/g)].map((match) => match[1]);
  assert.ok(named.length >= 2);
  for (const name of named) assert.match(declarations, new RegExp(`export (type|interface) ${name}\\b`), name);
  assert.ok(existsSync(join(repoRoot(), manifest.bin['goreplay-diff'] ?? '')), 'the bin still exists');
});
