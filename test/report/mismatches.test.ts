import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { formatGorHeader, parseGorFile } from '../../src/protocol/gor-file.js';
import { mismatchRecords, openMismatchFile } from '../../src/report/mismatch-file.js';
import { EXCHANGE_FILES } from '../helpers/fixture-verdicts.js';
import { fixturePath, gorFileToHexStream, readGorFixture } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { loggedExchanges, recordArgs, removeTempDirs, tempDir } from '../helpers/command-helpers.js';

after(removeTempDirs);

/** `id verdict reason` of every non-ok exchange logged in `dir`, sorted. */
function nonOk(dir: string): string[] {
  return loggedExchanges(dir)
    .filter((record) => record.verdict !== 'ok')
    .map((record) => `${record.id} ${record.verdict} ${record.reason}`)
    .sort();
}

test('meta lines are rebuilt exactly, 3- and 4-field alike', () => {
  for (const name of ['robot-regressions.gor', 'three-field.gor']) {
    for (const record of readGorFixture(fixturePath('exchanges', name)).records) {
      assert.ok(record.header !== null);
      assert.equal(formatGorHeader(record.header), record.headerLine);
    }
  }
});

test('an ok exchange writes nothing; a non-ok one writes the messages it has, in order', () => {
  const [request, origin] = readGorFixture(fixturePath('exchanges', 'missing-replay.gor')).records;
  assert.ok(request?.header && origin?.header);
  const base = { messages: { request: { header: request.header, payload: request.payload }, origin: { header: origin.header, payload: origin.payload }, replay: null } };
  assert.equal(mismatchRecords({ ...base, verdict: 'ok' } as unknown as ExchangeResult, null).length, 0);
  const written = parseGorFile(mismatchRecords({ ...base, verdict: 'incomplete' } as unknown as ExchangeResult, null));
  assert.deepEqual(
    written.records.map((record) => record.headerLine),
    [request.headerLine, origin.headerLine],
  );
  assert.ok(written.records[1]?.payload.equals(origin.payload));
});

test('--write-mismatches from compare, redacted, re-read by compare, gives the same non-ok exchanges with the same reasons', async () => {
  const first = tempDir('mm-first');
  const second = tempDir('mm-second');
  const mismatches = join(first, 'out', 'mismatches.gor');
  mkdirSync(join(first, 'out'));
  const files = EXCHANGE_FILES.map((name) => fixturePath('exchanges', name));
  const run = await runCli(
    ['compare', '--preset', 'robot', '--redact', '**.session_id', '--fail-on', 'never', ...recordArgs(first), '--write-mismatches', mismatches, ...files],
    Buffer.alloc(0),
    {
      cwd: first,
    },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(statSync(mismatches).mode & 0o777, 0o600);
  const expected = nonOk(first);
  assert.equal(expected.length, 17);
  assert.ok(readFileSync(mismatches, 'latin1').includes('"session_id":"[redacted]"'), 'body fields are redacted');
  const again = await runCli(['compare', '--preset', 'robot', '--fail-on', 'never', ...recordArgs(second), mismatches], Buffer.alloc(0), { cwd: second });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(nonOk(second), expected);
  assert.deepEqual(
    loggedExchanges(second).filter((record) => record.verdict === 'ok'),
    [],
    'no ok exchange was written',
  );
});

test('--write-mismatches works in middleware mode too and truncates an older file', async () => {
  const first = tempDir('mm-mw');
  const second = tempDir('mm-mw-again');
  const mismatches = join(first, 'mismatches.gor');
  writeFileSync(mismatches, 'left over from an earlier run\n');
  const stream = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));
  const run = await runCli(['--preset', 'robot', ...recordArgs(first), '--write-mismatches', mismatches], stream, { cwd: first });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(stream), 'the echo is unchanged');
  assert.ok(!readFileSync(mismatches, 'latin1').includes('left over'));
  const again = await runCli(['compare', '--preset', 'robot', '--fail-on', 'never', ...recordArgs(second), mismatches], Buffer.alloc(0), { cwd: second });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(nonOk(second), nonOk(first));
  assert.equal(nonOk(first).length, 7);
});

test('a mismatch file that cannot be opened warns once and is left out', () => {
  const dir = tempDir('mm-bad');
  const warnings: string[] = [];
  assert.equal(
    openMismatchFile(dir, (message) => warnings.push(message), null),
    null,
    'a directory cannot be opened as the file',
  );
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /^mismatch file disabled: cannot write .*: EISDIR/);
});
