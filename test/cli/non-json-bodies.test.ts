import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BODY_EXCHANGES, bodyCapture } from '../helpers/body-exchanges.js';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { runCli } from '../helpers/run-cli.js';

// `compare` on a capture built here: an HTML page change, a form body change, PNG bytes change.

after(removeTempDirs);

test('compare reports a line diff for HTML, form keys for a form and size and hash for a PNG', async () => {
  const dir = tempDir('non-json-cli');
  const capture = join(dir, 'capture.gor');
  const { html, form, png } = BODY_EXCHANGES;
  writeFileSync(capture, bodyCapture([html, form, png]));
  const run = await runCli(['compare', '--route', '/**', '--log-file', join(dir, 'x.log'), '--no-color', '--fail-on', 'error', capture], Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.split('\n');
  const lineOf = (id: string): string => lines.find((line) => line.includes(id)) ?? '';
  assert.match(lineOf(html.id), /^error .*text_mismatch/);
  assert.match(lineOf(form.id), /^error .*form_mismatch/);
  assert.match(lineOf(png.id), /^error .*binary_mismatch/);
  assert.ok(!run.stderr.includes('IDAT'), 'no PNG bytes on stderr');
  const logged = new Map(loggedExchanges(dir).map((record) => [record.id, record]));
  const diffsOf = (id: string): unknown => (logged.get(id) as { diffs?: unknown } | undefined)?.diffs;
  assert.deepEqual(diffsOf(html.id), [{ path: 'body.line[3]', kind: 'changed', origin: '<head><title>Home</title></head>', replay: '<head><title>Sign in</title></head>' }]);
  assert.deepEqual(diffsOf(form.id), [{ path: 'form.page', kind: 'changed', origin: '1', replay: '2' }]);
  assert.match(String((logged.get(png.id) as { detail?: unknown } | undefined)?.detail), /^origin \d+ bytes sha256:[0-9a-f]{16}…, replay \d+ bytes sha256:[0-9a-f]{16}…$/);
});
