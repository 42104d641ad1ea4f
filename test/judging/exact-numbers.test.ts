import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { jsonExchange as exchange } from '../helpers/json-exchange.js';
import { feed, recording, startPipeline } from '../helpers/pipeline-run.js';

// Numbers beyond double precision through the judging pipeline in-process: verdicts, the
// stderr line and the log record show the numbers as the bodies wrote them.

after(removeTempDirs);

interface LoggedDiffs {
  readonly id: string;
  readonly diffs: ReadonlyArray<{ path: string; kind: string; origin?: unknown; replay?: unknown }>;
  readonly origin: { readonly body: string | null };
}

test('IDs that differ beyond double precision are a body_mismatch shown as written; 1 and 1.0 stay ok', async () => {
  const dir = tempDir('exact');
  const run = await startPipeline(recording(dir, { route: ['/api/**'], redact: ['secret'], failOn: 'error' }));
  const input = Buffer.concat([
    exchange('a1', '{"id":12345678901234567890}', '{"id":12345678901234567891}'),
    exchange('a2', '{"n":1,"id":12345678901234567890}', '{"id":12345678901234567890,"n":1.0}'),
    exchange('a3', '{"n":[1,2],"x":0.1}', '{"n":[1.0,2e0],"x":0.10000000000000001}'),
    exchange('a4', '{"secret":12345678901234567890,"list":[{"v":99999999999999999999}]}', '{"secret":12345678901234567891,"list":[{"v":1}]}'),
  ]);
  await feed(run.judging, input, 5);
  assert.equal(await run.judging.finish(), 1);
  assert.deepEqual(
    run.results.map((r) => [r.id, r.verdict, r.reason, r.totalDiffs]),
    [
      ['a1', 'error', 'body_mismatch', 1],
      ['a2', 'ok', 'json_equal', 0],
      ['a3', 'error', 'body_mismatch', 1],
      ['a4', 'error', 'body_mismatch', 2],
    ],
  );
  const stderr = run.io.text();
  assert.match(stderr, /a1 body_mismatch status 200→200 replay 1 @\d+ \| id: 12345678901234567890 → 12345678901234567891/);
  assert.match(stderr, /a3 body_mismatch status 200→200 replay 1 @\d+ \| x: 0\.1 → 0\.10000000000000001/);
  assert.match(stderr, /a4 body_mismatch .*secret: "\[redacted\]" → "\[redacted\]"; list\[0\]\.v: 99999999999999999999 → 1/);
  const redactedLine = stderr.split('\n').find((line) => line.includes(' a4 '));
  assert.ok(redactedLine !== undefined && !redactedLine.includes('1234567890123456789'), redactedLine);

  const logged = loggedExchanges(dir) as unknown as LoggedDiffs[];
  const diffsOf = (id: string) => logged.find((record) => record.id === id)?.diffs;
  assert.deepEqual(diffsOf('a1'), [{ path: 'id', kind: 'changed', origin: '12345678901234567890', replay: '12345678901234567891' }]);
  assert.deepEqual(diffsOf('a3'), [{ path: 'x', kind: 'changed', origin: 0.1, replay: '0.10000000000000001' }]);
  assert.deepEqual(diffsOf('a4'), [
    { path: 'secret', kind: 'changed', origin: '[redacted]', replay: '[redacted]' },
    { path: 'list[0].v', kind: 'changed', origin: '99999999999999999999', replay: 1 },
  ]);
  const redactedBody = logged.find((record) => record.id === 'a4')?.origin.body;
  assert.equal(redactedBody, '{"secret":"[redacted]","list":[{"v":99999999999999999999}]}', 'a body re-written by redaction keeps its numbers as written');
});

test('--verbose shows redacted, pretty-printed bodies and the difference list with numbers as written', async () => {
  const run = await startPipeline({ route: ['/api/**'], redact: ['secret'], logFile: false, verbose: true, color: false });
  await feed(run.judging, exchange('v1', '{"secret":1,"list":[{"v":99999999999999999999}]}', '{"secret":2,"list":[{"v":1e400}]}'), 3);
  await run.judging.finish();
  const stderr = run.io.text();
  assert.match(stderr, /"v": 99999999999999999999\n/);
  assert.match(stderr, /"v": 1e400\n/);
  assert.match(stderr, /list\[0\]\.v changed: 99999999999999999999 → 1e400/);
  assert.doesNotMatch(stderr, /100000000000000000000|Infinity|null/);
});
