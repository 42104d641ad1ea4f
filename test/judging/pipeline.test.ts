import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliFlags } from '../../src/config/options.js';
import { STRICT_GATE } from '../../src/judging/exit-policy.js';
import { runCompare } from '../../src/modes/compare.js';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { removeTempDirs, tempDir, timelessReport, verdictList } from '../helpers/command-helpers.js';
import { ALL_FILES, checkReport, checkVerdicts, EXCHANGE_FILES, logRecords, MALFORMED, streamOf } from '../helpers/fixture-verdicts.js';
import type { Report } from '../helpers/fixture-verdicts.js';
import { fixturePath } from '../helpers/gor-stream.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { feed, recording, startPipeline, testIo } from '../helpers/pipeline-run.js';

// The judging pipeline in-process: the code the analysis thread runs, fed through its
// public interface, with a clock the test moves and every output captured.

after(removeTempDirs);

describe('every fixture exchange gets the verdict fixtures/README.md gives it, through the pipeline', () => {
  const cases: Array<{ name: string; files: readonly string[]; flags: CliFlags; filter: boolean }> = [
    { name: 'all fixtures, --preset robot --filter robot_id=664, as the old middleware ran', files: ALL_FILES, flags: { filter: ['robot_id=664'] }, filter: true },
    { name: 'all fixtures, --preset robot', files: ALL_FILES, flags: {}, filter: false },
    ...[...EXCHANGE_FILES, MALFORMED].map((file) => ({ name: file, files: [file], flags: { ttl: '1h' }, filter: false })),
  ];
  cases.forEach(({ name, files, flags, filter }, i) => {
    test(name, async () => {
      const dir = tempDir('pipeline');
      const run = await startPipeline(recording(dir, { preset: 'robot', ...flags }));
      const input = streamOf(files);
      await feed(run.judging, input, i + 1);
      assert.equal(await run.judging.finish(), 0);
      const result = { stderr: run.io.text(), input, records: logRecords(dir), report: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report };
      checkVerdicts(result, files, filter);
      checkReport(result, files, filter);
    });
  });

  test('exchanges missing a message say what is missing, and a second replay of an ID is judged against the same origin', async () => {
    const dir = tempDir('pipeline');
    const run = await startPipeline(recording(dir, { preset: 'robot' }));
    await feed(run.judging, streamOf(['missing-replay.gor', 'duplicate-ids.gor']), 7);
    await run.judging.finish();
    const status = Object.fromEntries(run.results.filter((r) => r.verdict === 'incomplete').map((r) => [r.id, r.status]));
    assert.deepEqual(status['f60100000000000000000001'], { origin: 200, replay: null });
    assert.deepEqual(status['f60200000000000000000002'], { origin: null, replay: 200 });
    assert.deepEqual(status['f60300000000000000000003'], { origin: null, replay: null });
    assert.equal((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { extraReplays: number }).extraReplays, 1);
  });
});

const hexLine = (headerLine: string, payload: string): Buffer => toHexLine(headerLine, Buffer.from(payload, 'latin1'));
const REQUEST = 'POST /v2/robot/query HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}';
const OK = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';

describe('time comes from the injected clock', () => {
  test('an exchange whose replay never comes is reported incomplete once --ttl has passed, not before', async () => {
    const run = await startPipeline({ preset: 'robot', ttl: '10s', logFile: false });
    run.judging.chunk(Buffer.concat([hexLine('1 aa 1', REQUEST), hexLine('2 aa 2', OK)]));
    run.clock.advance(9_000);
    assert.equal(run.results.length, 0, 'still pending before its TTL');
    run.clock.advance(2_000);
    assert.deepEqual(
      run.results.map((r) => [r.id, r.verdict, r.reason]),
      [['aa', 'incomplete', 'missing_replay']],
    );
    assert.equal(await run.judging.finish(), 0);
  });

  test('the report file is rewritten on the clock while traffic flows, and holds the final counts at the end', async () => {
    const dir = tempDir('pipeline-report');
    const run = await startPipeline({ preset: 'robot', logFile: false, report: join(dir, 'r.json') });
    run.judging.chunk(Buffer.concat([hexLine('1 aa 1', REQUEST), hexLine('2 aa 2', OK), hexLine('3 aa 3 1', OK)]));
    run.clock.advance(6_000);
    const during = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { exchanges: { ok: number }; pending: number };
    assert.equal(during.exchanges.ok, 1);
    run.judging.chunk(hexLine('1 bb 1', REQUEST));
    run.clock.advance(5_000);
    assert.equal((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { pending: number }).pending, 1);
    await run.judging.finish();
    const final = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { exchanges: { ok: number; incomplete: number }; pending: number };
    assert.deepEqual([final.exchanges.ok, final.exchanges.incomplete, final.pending], [1, 1, 0]);
  });

  test('--fail-on decides the exit code of finish()', async () => {
    const run = await startPipeline({ preset: 'robot', logFile: false, failOn: 'incomplete' });
    run.judging.chunk(Buffer.concat([hexLine('1 aa 1', REQUEST), hexLine('2 aa 2', OK)]));
    assert.equal(await run.judging.finish(), 1, 'the missing replay is incomplete at the end of input');
  });
});

describe('compare judges a capture exactly as the middleware pipeline judges its stream', () => {
  const cases: Array<{ name: string; files: readonly string[]; flags: CliFlags }> = [
    { name: 'every fixture capture', files: EXCHANGE_FILES, flags: { preset: 'robot' } },
    { name: 'with a filter', files: ['robot-regressions.gor'], flags: { preset: 'robot', filter: ['robot_id=664'] } },
    { name: 'a hex stream with malformed lines', files: [MALFORMED], flags: { preset: 'robot' } },
  ];
  const pathOf = (file: string): string => (file === MALFORMED ? fixturePath(...MALFORMED.split('/')) : fixturePath('exchanges', file));
  for (const { name, files, flags } of cases) {
    test(name, async () => {
      const middleware = tempDir('mw');
      const compare = tempDir('cmp');
      const run = await startPipeline(recording(middleware, flags));
      await feed(run.judging, streamOf(files), 3);
      await run.judging.finish();
      const config = loadConfig({ ...recording(compare, flags), failOn: 'never' }, undefined, () => '');
      const code = await runCompare(config, { sources: files.map((file) => ({ name: file, path: pathOf(file) })), junit: null, gate: STRICT_GATE }, testIo(), new ManualClock());
      assert.equal(code, 0);
      assert.ok(verdictList(compare).length > 0);
      assert.deepEqual(verdictList(compare), verdictList(middleware));
      assert.deepEqual(timelessReport(compare), timelessReport(middleware));
    });
  }
});
