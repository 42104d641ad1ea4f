import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyCapture } from '../helpers/body-exchanges.js';
import { loggedExchanges } from '../helpers/command-helpers.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { parseXml } from '../helpers/xml-parse.js';
import type { XmlElement } from '../helpers/xml-parse.js';

const tempDir = tempDirs('cli-array-keys');

const json = (id: string, origin: unknown, replay: unknown) => ({
  id: id.padEnd(24, '0'),
  path: '/api/cart',
  contentType: 'application/json',
  origin: Buffer.from(JSON.stringify(origin)),
  replay: Buffer.from(JSON.stringify(replay)),
});

test('compare matches keyed arrays from a flag and a route of the config file, and names keys and notes on stderr, in the log and in JUnit', async () => {
  const dir = tempDir();
  const capture = join(dir, 'cart.gor');
  writeFileSync(
    capture,
    bodyCapture([
      json(
        'a1',
        {
          items: [
            { sku: 'x', n: 1 },
            { sku: 'y', n: 2 },
          ],
        },
        {
          items: [
            { sku: 'y', n: 2 },
            { sku: 'x', n: 1 },
          ],
        },
      ),
      json(
        'a2',
        {
          items: [{ sku: 'x', n: 1 }],
          lines: [
            { id: 7, qty: 1 },
            { id: 7, qty: 1 },
          ],
        },
        { items: [{ sku: 'x', n: 3 }], lines: [{ id: 7, qty: 1 }] },
      ),
    ]),
  );
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ routes: [{ path: '/api/**', arrayKeys: ['items=sku'] }] }));
  const junit = join(dir, 'junit.xml');
  const args = ['compare', '--config', join(dir, 'c.json'), '--array-key', 'lines=id', '--log-file', join(dir, 'x.log'), '--junit', junit, '--no-color', capture];
  const run = await runCli(args, Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const records = loggedExchanges(dir) as unknown as Array<{ id: string; verdict: string; diffs: Array<{ path: string }>; notes?: string[] }>;
  assert.deepEqual(
    records.map((record) => [record.id.slice(0, 2), record.verdict, record.diffs.map((d) => d.path), record.notes]),
    [['a2', 'error', ['items[sku=x].n', 'lines[id=7]'], ['lines[id=7] is not unique (2 in origin, 1 in replay): its elements are paired in order']]],
  );
  assert.match(run.stderr, /a20{22} body_mismatch .*\| items\[sku=x\]\.n: 1 → 3; lines\[id=7\]: \{"id":7,"qty":1\} → \(absent\) \| note: lines\[id=7\] is not unique/);
  const cases = parseXml(readFileSync(junit, 'utf8')).children.flatMap((suite) => suite.children);
  const failure = cases.flatMap((testcase) => testcase.children).find((child) => child.name === 'failure') as XmlElement;
  assert.match(failure.attributes['message'] ?? '', /^body_mismatch: items\[sku=x\]\.n: 1 → 3; .* \| note: lines\[id=7\] is not unique/);
  assert.match(failure.text, /\nnote: lines\[id=7\] is not unique \(2 in origin, 1 in replay\): its elements are paired in order$/);
});

test('a bad --array-key exits 2 with one line naming it, before reading stdin', async () => {
  const run = await runCli(['--array-key', 'items=id', '--array-key', 'items'], Buffer.alloc(0));
  assert.equal(run.code, 2);
  assert.match(run.stderr.trim(), /^goreplay-diff: --array-key\[1\] "items": expected PATH=FIELD/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
});
