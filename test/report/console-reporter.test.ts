import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { ConsoleReporter } from '../../src/report/console-reporter.js';
import { CLEAR_LINE } from '../../src/report/terminal.js';
import type { ConsoleMode } from '../../src/report/console-reporter.js';
import { createRedactor } from '../../src/report/redact.js';
import { Stats } from '../../src/report/stats.js';

const START = Date.parse('2024-05-01T10:00:00.000Z');
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';

/** An error exchange on the query route with three differences; tests override what they look at. */
function result(overrides: Partial<ExchangeResult> = {}): ExchangeResult {
  return {
    id: 'a1b2',
    route: 'query',
    method: 'POST',
    path: '/v2/robot/query?x=1',
    verdict: 'error',
    reason: 'body_mismatch',
    diffs: [
      { path: ['results', 'score'], kind: 'changed', origin: 0.9, replay: 0.7 },
      { path: ['results', 'tags', 2], kind: 'added', replay: 'new' },
      { path: ['user', 'password'], kind: 'changed', origin: 'old', replay: 'new' },
      { path: ['results', 'trace'], kind: 'removed', origin: 'x'.repeat(60) },
    ],
    totalDiffs: 6,
    status: { origin: 200, replay: 200 },
    latencyMs: { origin: 12.5, replay: 30 },
    request: { headers: [['Authorization', 'Bearer t']], body: Buffer.from('{"robot_id":"664","password":"p"}') },
    originBody: Buffer.from('{"results":{"score":0.9}}'),
    replayBody: Buffer.from('{"results":{"score":0.7}}'),
    replayIndex: 0,
    messages: { request: null, origin: null, replay: null },
    ...overrides,
  };
}

function reporter(mode: ConsoleMode, level: 0 | 1 = 0): { console: ConsoleReporter; output: string[] } {
  const output: string[] = [];
  const console = new ConsoleReporter({
    write: (text) => output.push(text),
    chalk: new Chalk({ level }),
    mode,
    redactor: createRedactor({ bodyPaths: ['**.password'] }),
    bodyLimit: 4096,
  });
  return { console, output };
}

test('default mode prints one line per non-ok exchange with status, the first three differences and a count of the rest', () => {
  const { console, output } = reporter('default');
  console.exchange(result());
  console.exchange(result({ verdict: 'ok', reason: 'identical', diffs: [], totalDiffs: 0 }));
  assert.deepEqual(output, [
    'error      query a1b2 body_mismatch status 200→200 | results.score: 0.9 → 0.7; ' + 'results.tags[2]: (absent) → "new"; user.password: "[redacted]" → "[redacted]" (+3 more)\n',
  ]);
});

test('default mode shows missing statuses as a dash and appends the detail', () => {
  const { console, output } = reporter('default');
  console.exchange(
    result({
      verdict: 'incomplete',
      reason: 'missing_replay',
      diffs: [],
      totalDiffs: 0,
      status: { origin: 200, replay: null },
      detail: 'no replay within 60s',
    }),
  );
  assert.deepEqual(output, ['incomplete query a1b2 missing_replay status 200→- | no replay within 60s\n']);
});

test('long difference values are shortened on the one-line form', () => {
  const { console, output } = reporter('default');
  console.exchange(result({ diffs: [{ path: ['t'], kind: 'removed', origin: 'x'.repeat(60) }], totalDiffs: 1 }));
  assert.equal(output[0], `error      query a1b2 body_mismatch status 200→200 | t: "${'x'.repeat(38)}… → (absent)\n`);
});

test('quiet mode prints no exchange and no progress, but still prints warnings and the summary', () => {
  const { console, output } = reporter('quiet');
  console.exchange(result());
  console.progress(new Stats(START), START + 1000, false);
  console.warn('log file disabled: EACCES');
  console.summary(new Stats(START), START);
  assert.equal(output[0], 'goreplay-diff: warning: log file disabled: EACCES\n');
  assert.match(output[1]!, /^summary after 0\.0 s: 0 exchanges/);
  assert.equal(output.length, 2);
});

test('verbose mode adds the request, both bodies pretty-printed and redacted, and every listed difference', () => {
  const { console, output } = reporter('verbose');
  console.exchange(result());
  console.exchange(result({ verdict: 'ok', reason: 'identical', diffs: [], totalDiffs: 0 }));
  assert.deepEqual(output, [
    [
      'error      query a1b2 body_mismatch status 200→200 | results.score: 0.9 → 0.7; ' + 'results.tags[2]: (absent) → "new"; user.password: "[redacted]" → "[redacted]" (+3 more)',
      '  request: POST /v2/robot/query?x=1',
      '    {',
      '      "robot_id": "664",',
      '      "password": "[redacted]"',
      '    }',
      '  origin: 200 in 12.5 ms',
      '    {',
      '      "results": {',
      '        "score": 0.9',
      '      }',
      '    }',
      '  replay: 200 in 30 ms',
      '    {',
      '      "results": {',
      '        "score": 0.7',
      '      }',
      '    }',
      '  differences (4 of 6):',
      '    results.score changed: 0.9 → 0.7',
      '    results.tags[2] added: (absent) → "new"',
      '    user.password changed: "[redacted]" → "[redacted]"',
      `    results.trace removed: "${'x'.repeat(60)}" → (absent)`,
      '',
    ].join('\n'),
    'ok         query a1b2 identical status 200→200\n',
  ]);
});

test('verbose mode marks truncated and missing bodies', () => {
  const output: string[] = [];
  const console = new ConsoleReporter({
    write: (text) => output.push(text),
    chalk: new Chalk({ level: 0 }),
    mode: 'verbose',
    redactor: createRedactor({ bodyPaths: [] }),
    bodyLimit: 5,
  });
  console.exchange(result({ diffs: [], totalDiffs: 0, request: { headers: [], body: null }, originBody: Buffer.from('hello world'), replayBody: Buffer.alloc(0) }));
  assert.deepEqual(output[0]!.split('\n').slice(1), [
    '  request: POST /v2/robot/query?x=1',
    '    (none)',
    '  origin: 200 in 12.5 ms',
    '    hello',
    '    … truncated at 5 of 11 bytes',
    '  replay: 200 in 30 ms',
    '    (empty)',
    '',
  ]);
});

test('with colour, errors are red and warnings yellow', () => {
  const { console, output } = reporter('default', 1);
  console.exchange(result());
  console.exchange(result({ verdict: 'warn', reason: 'hint_list_present' }));
  assert.ok(output[0]!.startsWith(`${RED}error`), JSON.stringify(output[0]));
  assert.ok(output[1]!.startsWith(`${YELLOW}warn`), JSON.stringify(output[1]));
});

test('control characters from the wire cannot reach the terminal', () => {
  const { console, output } = reporter('default');
  console.exchange(result({ id: 'id\x1b[2J', diffs: [], totalDiffs: 0, detail: 'bad\x9bgzip' }));
  assert.equal(output[0], 'error      query id\\u001b[2J body_mismatch status 200→200 | bad\\u009bgzip\n');
});

test('bidirectional formatting characters from the wire are shown as escapes, so a line reads in the order it has', () => {
  const { console, output } = reporter('default');
  console.exchange(result({ id: 'a\u202eb\u2066c\u200f', diffs: [], totalDiffs: 0, detail: 'x\u061cy' }));
  assert.equal(output[0], 'error      query a\\u202eb\\u2066c\\u200f body_mismatch status 200→200 | x\\u061cy\n');
});

test('on a pipe, progress is a plain line with the rate since the previous progress', () => {
  const { console, output } = reporter('default');
  const stats = new Stats(START);
  for (let i = 0; i < 30; i += 1) stats.message('request');
  stats.exchange(result({ verdict: 'ok', reason: 'identical' }));
  stats.exchange(result());
  stats.setPending(4);
  console.progress(stats, START + 10_000, false);
  for (let i = 0; i < 10; i += 1) stats.message('replay');
  console.progress(stats, START + 15_000, false);
  assert.deepEqual(output, ['progress: 1 ok, 0 warn, 1 error, 0 incomplete; 3.0 msg/s; 4 pending\n', 'progress: 1 ok, 0 warn, 1 error, 0 incomplete; 2.0 msg/s; 4 pending\n']);
});

test('on a terminal, progress redraws in place and the next line clears it first', () => {
  const { console, output } = reporter('default');
  const stats = new Stats(START);
  console.progress(stats, START + 1000, true);
  console.progress(stats, START + 2000, true);
  console.exchange(result({ diffs: [], totalDiffs: 0 }));
  console.exchange(result({ diffs: [], totalDiffs: 0 }));
  const line = 'progress: 0 ok, 0 warn, 0 error, 0 incomplete; 0.0 msg/s; 0 pending';
  const exchange = 'error      query a1b2 body_mismatch status 200→200\n';
  assert.deepEqual(output, [CLEAR_LINE + line, CLEAR_LINE + line, CLEAR_LINE + exchange, exchange]);
});

test('the summary shows a table per route with latency percentiles, then totals, skips and reasons', () => {
  const { console, output } = reporter('quiet');
  const stats = new Stats(START);
  stats.message('request');
  stats.message('response');
  stats.message('replay');
  stats.skip('unwatched');
  stats.exchange(result({ verdict: 'ok', reason: 'identical', latencyMs: { origin: 5, replay: 8 } }));
  stats.exchange(result({ latencyMs: { origin: 5, replay: 8 } }));
  stats.exchange(result({ route: 'input_hint', verdict: 'warn', reason: 'hint_list_present', latencyMs: { origin: 120, replay: null } }));
  console.summary(stats, START + 12_340);
  assert.equal(
    output.join(''),
    [
      'summary after 12.3 s: 3 exchanges (1 ok, 1 warn, 1 error, 0 incomplete), 0 extra replays, 0 pending',
      'route       ok  warn  error  incomplete  origin p50/p95/p99 ms  replay p50/p95/p99 ms',
      'input_hint   0     1      0           0  120/120/120            -',
      'query        1     0      1           0  5.00/5.00/5.00         8.00/8.00/8.00',
      'total        1     1      1           0  5.00/120/120           8.00/8.00/8.00',
      'messages: 1 request, 1 response, 1 replay, 0 malformed, 0 oversized',
      'skipped: 1 unwatched, 0 filtered, 0 evicted, 0 orphaned',
      'reasons: body_mismatch 1, hint_list_present 1, identical 1',
      '',
    ].join('\n'),
  );
});

test('a summary with no exchanges says so instead of printing an empty table', () => {
  const { console, output } = reporter('default');
  console.summary(new Stats(START), START);
  assert.equal(
    output.join(''),
    [
      'summary after 0.0 s: 0 exchanges (0 ok, 0 warn, 0 error, 0 incomplete), 0 extra replays, 0 pending',
      'no exchanges compared',
      'messages: 0 request, 0 response, 0 replay, 0 malformed, 0 oversized',
      'skipped: 0 unwatched, 0 filtered, 0 evicted, 0 orphaned',
      '',
    ].join('\n'),
  );
});
