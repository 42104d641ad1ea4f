import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatGorRecord } from '../../src/protocol/gor-file.js';
import { EXCHANGE_FILES } from '../helpers/fixture-verdicts.js';
import { fixturePath, gorFileToHexStream, readGorFixture } from '../helpers/gor-stream.js';
import { runCli, waitUntil } from '../helpers/run-cli.js';
import { recordArgs, removeTempDirs, tempDir, timelessReport, verdictList } from '../helpers/command-helpers.js';

after(removeTempDirs);

const NOTHING = Buffer.alloc(0);

/** Runs middleware mode over `stream` and compare mode over `args`; returns both record folders. */
async function bothModes(stream: Buffer, compareArgs: readonly string[], compareInput: Buffer = NOTHING, judging: readonly string[] = ['--preset', 'robot']) {
  const middleware = tempDir('mw');
  const compare = tempDir('cmp');
  const mw = await runCli([...judging, ...recordArgs(middleware)], stream, { cwd: middleware });
  assert.equal(mw.code, 0, mw.stderr);
  const cmp = await runCli(['compare', ...judging, ...recordArgs(compare), '--fail-on', 'never', ...compareArgs], compareInput, { cwd: compare });
  assert.equal(cmp.code, 0, cmp.stderr);
  assert.equal(cmp.stdout.length, 0, 'compare writes nothing to stdout');
  return { middleware, compare, stderr: cmp.stderr };
}

test('compare on every fixture capture gives the same verdicts and report as middleware mode fed the same messages', async () => {
  const files = EXCHANGE_FILES.map((name) => fixturePath('exchanges', name));
  const stream = Buffer.concat(files.map((file) => gorFileToHexStream(file)));
  const { middleware, compare } = await bothModes(stream, files);
  const verdicts = verdictList(compare);
  assert.equal(verdicts.length, 34, 'every judged exchange of the fixtures');
  assert.deepEqual(verdicts, verdictList(middleware));
  assert.deepEqual(timelessReport(compare), timelessReport(middleware));
});

test('a hex middleware stream is detected from its content and judged like middleware mode, malformed lines included', async () => {
  const file = fixturePath('streams', 'malformed.hex');
  const { middleware, compare } = await bothModes(readFileSync(file), [file]);
  assert.deepEqual(verdictList(compare), ['ee0100000000000000000001 ok identical', 'ee0100000000000000000006 incomplete missing_replay']);
  const messages = timelessReport(compare)['messages'] as { request: number; malformed: number };
  assert.deepEqual([messages.request, messages.malformed], [2, 7], 'seven bad lines; the last one, without LF, is a request like any other');
  assert.deepEqual(verdictList(compare), verdictList(middleware));
  assert.deepEqual(timelessReport(compare), timelessReport(middleware));
});

test('a .gor.gz capture is gunzipped and gives the same verdicts as the plain file', async () => {
  const plain = fixturePath('exchanges', 'robot-regressions.gor');
  const dir = tempDir('gz');
  const gz = join(dir, 'requests.gor.gz');
  writeFileSync(gz, gzipSync(readFileSync(plain)));
  const { middleware, compare } = await bothModes(gorFileToHexStream(plain), [gz]);
  assert.equal(verdictList(compare).length, 8);
  assert.deepEqual(verdictList(compare), verdictList(middleware));
});

test('- reads the capture from stdin', async () => {
  const plain = fixturePath('exchanges', 'out-of-order.gor');
  const { middleware, compare } = await bothModes(gorFileToHexStream(plain), ['-'], readFileSync(plain));
  assert.equal(verdictList(compare).length, 3);
  assert.deepEqual(verdictList(compare), verdictList(middleware));
});

test('a missing name_0.gor-style path reads gor chunks in index order', async () => {
  const dir = tempDir('chunks');
  const { records } = readGorFixture(fixturePath('exchanges', 'robot-regressions.gor'));
  // Eleven chunks, so index order (name_2 before name_10) differs from name order.
  for (let i = 0; i * 3 < records.length; i++) {
    const slice = records.slice(i * 3, i * 3 + 3);
    writeFileSync(join(dir, `requests_${i}.gor`), Buffer.concat(slice.map((r) => formatGorRecord(r.headerLine, r.payload))));
  }
  assert.ok(readdirSync(dir).includes('requests_8.gor'));
  const stream = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));
  const { middleware, compare } = await bothModes(stream, [join(dir, 'requests.gor')]);
  assert.equal(verdictList(compare).length, 8);
  assert.deepEqual(verdictList(compare), verdictList(middleware));
  assert.deepEqual(timelessReport(compare), timelessReport(middleware));
});

test('compare fails on an error by default, passes a clean capture, and --fail-on never always passes', async () => {
  const dir = tempDir('exit');
  const regressions = fixturePath('exchanges', 'robot-regressions.gor');
  const identical = fixturePath('exchanges', 'robot-identical.gor');
  const failing = await runCli(['compare', '--preset', 'robot', '--no-log-file', regressions], NOTHING, { cwd: dir });
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stderr, /summary after .*8 exchanges \(1 ok, 1 warn, 6 error, 0 incomplete\)/);
  const clean = await runCli(['compare', '--preset', 'robot', '--no-log-file', identical], NOTHING, { cwd: dir });
  assert.equal(clean.code, 0, clean.stderr);
  const never = await runCli(['compare', '--preset', 'robot', '--no-log-file', '--fail-on', 'never', regressions], NOTHING, { cwd: dir });
  assert.equal(never.code, 0, never.stderr);
  const someIncomplete = await runCli(['compare', '--preset', 'robot', '--no-log-file', identical, fixturePath('exchanges', 'missing-replay.gor')], NOTHING, { cwd: dir });
  assert.equal(someIncomplete.code, 0, 'incomplete exchanges beside judged ones do not fail the default gate');
  const onlyIncomplete = await runCli(['compare', '--preset', 'robot', '--no-log-file', fixturePath('exchanges', 'missing-replay.gor')], NOTHING, { cwd: dir });
  assert.equal(onlyIncomplete.code, 1, 'only incomplete ones: nothing was judged');
  assert.match(onlyIncomplete.stderr, /\ngoreplay-diff: no exchange was judged: all 3 exchanges were incomplete \(missing_origin 1, missing_replay 2\)\n$/);
  assert.deepEqual(readdirSync(dir), [], 'no log file with --no-log-file');
});

test("a config file failOn wins over compare's default", async () => {
  const dir = tempDir('config');
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ preset: 'robot', failOn: 'never', log: { file: null } }));
  const run = await runCli(['compare', '--config', config, fixturePath('exchanges', 'robot-regressions.gor')], NOTHING, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
});

test('a path that is neither a file nor gor chunks is a usage error (exit 2) naming it', async () => {
  const dir = tempDir('missing');
  const run = await runCli(['compare', '--preset', 'robot', join(dir, 'nothing.gor')], NOTHING, { cwd: dir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /nothing\.gor: no such file, nor gor chunks like .*nothing_0\.gor/);
  assert.equal(run.stdout.length, 0);
});

test('a corrupt gzip capture is reported, what was read is summarised, and the exit code is 2', async () => {
  const dir = tempDir('corrupt');
  const gz = gzipSync(readFileSync(fixturePath('exchanges', 'robot-identical.gor')));
  const file = join(dir, 'cut.gor.gz');
  writeFileSync(file, gz.subarray(0, gz.length - 40));
  const run = await runCli(['compare', '--preset', 'robot', '--no-log-file', file], NOTHING, { cwd: dir });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /cannot read .*cut\.gor\.gz/);
  assert.match(run.stderr, /summary after/);
});

test('SIGINT stops reading stdin at once, even while waiting for input, and the summary is printed', async () => {
  const dir = tempDir('sigint');
  const args = ['compare', '--preset', 'robot', '--no-log-file', '--ttl', '40ms', '--progress-interval', '1ms', '-'];
  const run = await runCli(
    args,
    async (stdin, child) => {
      let seen = '';
      child.stderr.on('data', (chunk: string) => {
        seen += chunk;
      });
      stdin.write(readFileSync(fixturePath('exchanges', 'robot-regressions.gor')));
      await waitUntil(() => seen.includes('progress:'), 'compare reports progress');
      child.kill('SIGINT');
    },
    { cwd: dir, timeoutMs: 10_000 },
  );
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.code, 1, 'the errors read before the signal still fail the run');
  assert.match(run.stderr, /summary after .*8 exchanges \(1 ok, 1 warn, 6 error, 0 incomplete\)/);
});

test('middleware options given before the command name are refused, not silently ignored', async () => {
  const dir = tempDir('positional');
  const run = await runCli(['--preset', 'robot', 'compare', fixturePath('exchanges', 'robot-identical.gor')], NOTHING, { cwd: dir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /options before "compare" are middleware mode's; put them after the command name \(--preset\)/);
});
