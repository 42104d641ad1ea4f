import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { policyOf, tiles } from '../helpers/html-page.js';
import { runCli, waitUntil } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('cli-html');
const regressionsFile = fixturePath('exchanges', 'robot-regressions.gor');
const regressions = gorFileToHexStream(regressionsFile);

/** A complete HTML report file: the whole document, with its policy. */
function readPage(path: string): string {
  const page = readFileSync(path, 'utf8');
  assert.match(page, /^<!DOCTYPE html>/);
  assert.match(page, /<\/html>\n$/, 'the whole document');
  policyOf(page);
  return page;
}

describe('--html', { concurrency: 4 }, () => {
  test('compare writes the HTML report with the JSON one, from the same snapshot, and leaves no temporary file', async () => {
    const dir = tempDir();
    const run = await runCli(
      ['compare', regressionsFile, '--preset', 'robot', '--report', join(dir, 'r.json'), '--html', join(dir, 'r.html'), '--no-log-file', '-q'],
      Buffer.alloc(0),
    );
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { exchanges: Record<string, number>; updatedAt: string };
    const page = readPage(join(dir, 'r.html'));
    const { ok, warn, error, incomplete } = report.exchanges;
    const shown = tiles(page);
    assert.deepEqual([shown['judged'], shown['ok'], shown['warn'], shown['error'], shown['incomplete'], shown['skipped']], [ok! + warn! + error!, ok, warn, error, incomplete, 1]);
    assert.ok(page.includes(`<title>goreplay-diff report, ${report.updatedAt}</title>`), 'the same snapshot as the JSON report');
    for (const route of ['input_hint', 'intention', 'query']) assert.match(page, new RegExp(`<td class="name"><code>${route}</code>`));
    assert.deepEqual(readdirSync(dir).sort(), ['r.html', 'r.json']);
  });

  test('without --report, in middleware mode: written on the report interval while traffic flows, and complete after SIGKILL', async () => {
    const dir = tempDir();
    const html = join(dir, 'live.html');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ preset: 'robot', reportInterval: '100ms', html, log: { file: null } }));
    const firstLines = regressions.subarray(0, regressions.indexOf(0x0a, regressions.indexOf(0x0a) + 1) + 1);
    const run = await runCli(
      ['--config', config],
      async (stdin, child) => {
        stdin.write(firstLines);
        await waitUntil(() => existsSync(html) && /<span class="n">0<\/span><span class="k">judged<\/span>/.test(readFileSync(html, 'utf8')), 'the HTML report is written mid-run');
        stdin.write(regressions.subarray(firstLines.length));
        await waitUntil(() => existsSync(html) && tiles(readFileSync(html, 'utf8'))['error'] === 6, 'the HTML report counts the 6 errors');
        child.kill('SIGKILL');
      },
      { cwd: dir },
    );
    assert.equal(run.signal, 'SIGKILL');
    assert.equal(tiles(readPage(html))['judged'], 8);
    assert.deepEqual(readdirSync(dir).sort(), ['config.json', 'live.html'], 'no JSON report, no temporary file');
  });

  test('replay (through the demo) writes it at exit', async () => {
    const dir = tempDir();
    const run = await runCli(['demo', '--html', join(dir, 'demo.html'), '-q'], Buffer.alloc(0), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const shown = tiles(readPage(join(dir, 'demo.html')));
    assert.ok((shown['judged'] ?? 0) > 0 && (shown['error'] ?? 0) > 0, JSON.stringify(shown));
  });

  test('a missing directory is refused before stdin is read; a path that cannot be written warns once and the run goes on', async () => {
    const dir = tempDir();
    const missing = await runCli(['--html', join(dir, 'nope', 'r.html')], regressions);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout.length, 0);
    assert.match(missing.stderr, /^goreplay-diff: --html: directory .*nope does not exist; see goreplay-diff --help\n$/);
    mkdirSync(join(dir, 'taken.html'));
    const taken = await runCli(['--preset', 'robot', '--html', join(dir, 'taken.html'), '--report', join(dir, 'r.json'), '--no-log-file', '-q'], regressions, { cwd: dir });
    assert.equal(taken.code, 0, taken.stderr);
    assert.ok(taken.stdout.equals(regressions), 'the echo is unaffected');
    assert.equal(taken.stderr.match(/report not written to .*taken\.html/g)?.length, 1, taken.stderr);
    assert.ok(existsSync(join(dir, 'r.json')), 'the JSON report is still written');
  });
});
