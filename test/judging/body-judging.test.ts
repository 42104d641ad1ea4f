import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../../src/compare/ignore-paths.js';
import { BODY_EXCHANGES, bodyStream } from '../helpers/body-exchanges.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { logRecords } from '../helpers/fixture-verdicts.js';
import { feed, recording, startPipeline } from '../helpers/pipeline-run.js';

// Bodies that are not JSON judged through the pipeline by their Content-Type, and shown on
// stderr and in the log without dumping binary bytes.

after(removeTempDirs);

const ALL = Object.values(BODY_EXCHANGES);

async function judgeAll(route: string) {
  const dir = tempDir('bodies');
  const run = await startPipeline(recording(dir, { route: [route], failOn: 'never' }));
  await feed(run.judging, bodyStream(ALL), 3);
  await run.judging.finish();
  const byId = new Map(run.results.map((result) => [result.id, result]));
  return { byId, stderr: run.io.text(), log: logRecords(dir) };
}

test('HTML, form, PNG and latin1 JSON bodies each get their comparator on a json route', async () => {
  const { byId } = await judgeAll('/**');
  const outcome = (id: string): string => {
    const result = byId.get(id);
    assert.ok(result !== undefined, `${id} judged`);
    return [result.verdict, result.reason, ...result.diffs.map((d) => `${d.kind} ${formatPath(d.path)}`)].join(' ');
  };
  assert.equal(outcome(BODY_EXCHANGES.html.id), 'error text_mismatch changed body.line[3]');
  assert.equal(byId.get(BODY_EXCHANGES.html.id)?.diffs[0]?.replay, '<head><title>Sign in</title></head>');
  assert.equal(outcome(BODY_EXCHANGES.htmlLineEndings.id), 'ok text_equal');
  assert.equal(outcome(BODY_EXCHANGES.form.id), 'error form_mismatch changed form.page');
  assert.equal(outcome(BODY_EXCHANGES.png.id), 'error binary_mismatch');
  assert.match(byId.get(BODY_EXCHANGES.png.id)?.detail ?? '', /^origin \d+ bytes sha256:[0-9a-f]{16}…, replay \d+ bytes sha256:[0-9a-f]{16}…$/);
  assert.equal(outcome(BODY_EXCHANGES.latin1Json.id), 'ok json_equal');
});

test('the PNG is described by size and hash on stderr and in the log, never by its bytes', async () => {
  const { stderr, log } = await judgeAll('/**');
  const line = stderr.split('\n').find((text) => text.includes(BODY_EXCHANGES.png.id));
  assert.ok(line?.includes('binary_mismatch') === true && line.includes('sha256:'), `stderr line: ${line}`);
  assert.ok(!stderr.includes('PNG') && !stderr.includes('IDAT'), 'no PNG bytes on stderr');
  const record = log.find((entry) => entry.id === BODY_EXCHANGES.png.id);
  assert.ok(record !== undefined);
  assert.match(String(record['detail']), /sha256:/);
  assert.ok(!JSON.stringify(record).includes('IDAT'), 'no PNG bytes in the log');
});

test('a route comparator overrides the choice by Content-Type', async () => {
  const { byId } = await judgeAll('/**=binary');
  assert.equal(byId.get(BODY_EXCHANGES.htmlLineEndings.id)?.reason, 'binary_mismatch');
  assert.equal(byId.get(BODY_EXCHANGES.latin1Json.id)?.reason, 'binary_mismatch');
  const text = await judgeAll('/**=text');
  assert.equal(text.byId.get(BODY_EXCHANGES.form.id)?.reason, 'text_mismatch');
  assert.equal(text.byId.get(BODY_EXCHANGES.png.id)?.reason, 'binary_mismatch', 'bytes not valid UTF-8 are judged by bytes');
});
