import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatGorRecord, toHexLine } from '../../src/protocol/gor-file.js';
import { runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { parseXml } from '../helpers/xml-parse.js';

after(removeTempDirs);

const ID = 'a4a4a4a4a4a4a4a4a4a4a401';
const LONELY = 'a4a4a4a4a4a4a4a4a4a4a402';
const RECORDED_AT = '1710489600024000000';
const LIVE_AT = '1710489700031000000';

function response(body: string): Buffer {
  return Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
}

const request = Buffer.from('POST /api/x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}');

/**
 * What gor sends when it replays a capture that already holds a recorded replay: the
 * request, the original response, the recorded replay, then the live one. Plus a request
 * whose replay never comes.
 */
const RECORDS: ReadonlyArray<readonly [string, Buffer]> = [
  [`1 ${ID} 1710489600000000000 0`, request],
  [`2 ${ID} 1710489600023000000 0`, response('{"n":1}')],
  [`3 ${ID} ${RECORDED_AT} 1000000`, response('{"n":2}')],
  [`3 ${ID} ${LIVE_AT} 2000000`, response('{"n":3}')],
  [`1 ${LONELY} 1710489600100000000 0`, request],
  [`2 ${LONELY} 1710489600120000000 0`, response('{"n":1}')],
];

interface Record {
  readonly id: string;
  readonly verdict: string;
  readonly replayNumber: number | null;
  readonly replayTimestamp: string | null;
  readonly diffs: ReadonlyArray<{ readonly replay: unknown }>;
}

test('each judged replay is named on stderr and in the log by its number and gor timestamp', async () => {
  const dir = tempDir('replay-labels');
  const input = Buffer.concat(RECORDS.map(([header, payload]) => toHexLine(header, payload)));
  const run = await runCli(['--route', '/**', '--log-file', join(dir, 'x.log'), '--no-color'], input, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input));
  const lines = run.stderr.split('\n').filter((line) => line.includes(ID) || line.includes(LONELY));
  assert.deepEqual(lines, [
    `error      /** ${ID} body_mismatch status 200→200 replay 1 @${RECORDED_AT} | n: 1 → 2`,
    `error      /** ${ID} body_mismatch status 200→200 replay 2 @${LIVE_AT} | n: 1 → 3`,
    `incomplete /** ${LONELY} missing_replay status 200→-`,
  ]);
  const records = readFileSync(join(dir, 'x.1.log'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record);
  assert.deepEqual(
    records.map((record) => [record.id, record.replayNumber, record.replayTimestamp, record.diffs[0]?.replay]),
    [
      [ID, 1, RECORDED_AT, 2],
      [ID, 2, LIVE_AT, 3],
      [LONELY, null, null, undefined],
    ],
  );
});

test('each JUnit test case names the replay it judged in its properties, and an extra replay in its name', async () => {
  const dir = tempDir('replay-labels-junit');
  const capture = join(dir, 'capture.gor');
  writeFileSync(capture, Buffer.concat(RECORDS.map(([header, payload]) => formatGorRecord(header, payload))));
  const run = await runCli(['compare', '--route', '/**', '--no-log-file', '--junit', join(dir, 'j.xml'), capture], Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const cases = parseXml(readFileSync(join(dir, 'j.xml'), 'utf8')).children.flatMap((suite) => suite.children);
  assert.deepEqual(
    cases.map((testcase) => [
      testcase.attributes['name'],
      testcase.children
        .find((child) => child.name === 'properties')
        ?.children.map((property) => `${property.attributes['name']}=${property.attributes['value']}`)
        .filter((property) => property.startsWith('replay')),
    ]),
    [
      [`${ID} POST /api/x`, ['replay=1', `replayTimestamp=${RECORDED_AT}`]],
      [`${ID} POST /api/x (replay 2)`, ['replay=2', `replayTimestamp=${LIVE_AT}`]],
      [`${LONELY} POST /api/x`, []],
    ],
  );
  const failure = cases[1]?.children.find((child) => child.name === 'failure');
  assert.match(failure?.text ?? '', new RegExp(`^judged: replay 2 @${LIVE_AT}$`, 'm'));
});
