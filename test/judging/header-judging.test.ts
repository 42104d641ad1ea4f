import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { formatPath } from '../../src/compare/ignore-paths.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliFlags } from '../../src/config/options.js';
import { STRICT_GATE } from '../../src/judging/exit-policy.js';
import { buildOutputs } from '../../src/judging/outputs.js';
import { startJudging } from '../../src/judging/pipeline.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { logRecords } from '../helpers/fixture-verdicts.js';
import { HEADER_EXCHANGES, headerStream, SECRET } from '../helpers/header-exchanges.js';
import type { HeaderExchange } from '../helpers/header-exchanges.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { feed, recording, testIo } from '../helpers/pipeline-run.js';

// Response headers judged through the pipeline, with flags and a config file, and shown
// (redacted) on stderr, in the log and in the report.

after(removeTempDirs);

const ALL: readonly HeaderExchange[] = Object.values(HEADER_EXCHANGES);

interface Run {
  readonly results: Map<string, ExchangeResult>;
  readonly stderr: string;
  readonly dir: string;
}

/** Judges `exchanges` with `flags` over the config file `file`. */
async function judge(flags: CliFlags, file: Record<string, unknown> = {}, exchanges = ALL): Promise<Run> {
  const dir = tempDir('headers');
  const config = loadConfig(recording(dir, { config: 'config.json', ...flags }), undefined, () => JSON.stringify(file));
  const io = testIo();
  const clock = new ManualClock();
  const outputs = await buildOutputs(config, io, clock);
  const results = new Map<string, ExchangeResult>();
  outputs.sinks.push({ exchange: (result) => results.set(result.id, result), close: async () => {} });
  const judging = await startJudging(config, outputs, clock, STRICT_GATE);
  await feed(judging, headerStream(exchanges), 5);
  await judging.finish();
  return { results, stderr: io.text(), dir };
}

function outcome(run: Run, exchange: HeaderExchange): string {
  const result = run.results.get(exchange.id);
  assert.ok(result !== undefined, `${exchange.id} judged`);
  return [result.verdict, result.reason, ...result.diffs.map((d) => `${d.kind} ${formatPath(d.path)}`)].join(' ');
}

test('the default set catches a moved Location, a changed Content-Type and a cookie losing HttpOnly; Secure; other headers do not count', async () => {
  const run = await judge({ route: ['/**'] });
  assert.equal(outcome(run, HEADER_EXCHANGES.location), 'error header_mismatch changed headers.location');
  assert.equal(outcome(run, HEADER_EXCHANGES.contentType), 'error header_mismatch changed headers.content-type');
  assert.equal(outcome(run, HEADER_EXCHANGES.cookie), 'error header_mismatch changed headers.set-cookie.sid');
  assert.equal(outcome(run, HEADER_EXCHANGES.version), 'ok identical');
  assert.equal(outcome(run, HEADER_EXCHANGES.auth), 'ok identical');
  assert.equal(outcome(run, HEADER_EXCHANGES.volatile), 'ok identical');
  assert.match(run.stderr, /error +\/\*\* a1 header_mismatch status 302→302 replay 1 @\d+ \| headers\.location: "https:\/\/app\.example\/home" → "https:\/\/other\.example\/home"/);
  const report = JSON.parse(readFileSync(join(run.dir, 'r.json'), 'utf8')) as { reasons: Record<string, number> };
  assert.deepEqual(report.reasons, { header_mismatch: 3, identical: 3 });
});

test('--ignore-header content-type makes the Content-Type case ok and leaves the others alone', async () => {
  const run = await judge({ route: ['/**'], ignoreHeader: ['Content-Type'] });
  assert.equal(outcome(run, HEADER_EXCHANGES.contentType), 'ok identical');
  assert.equal(outcome(run, HEADER_EXCHANGES.location), 'error header_mismatch changed headers.location');
});

test('--header adds a header to every route; ignoreHeaders in the config file removes defaults', async () => {
  const run = await judge({ route: ['/**'], header: ['x-api-version'] }, { ignoreHeaders: ['location', 'set-cookie'] });
  assert.equal(outcome(run, HEADER_EXCHANGES.version), 'error header_mismatch changed headers.x-api-version');
  assert.equal(outcome(run, HEADER_EXCHANGES.location), 'ok identical');
  assert.equal(outcome(run, HEADER_EXCHANGES.cookie), 'ok identical');
  assert.equal(outcome(run, HEADER_EXCHANGES.contentType), 'error header_mismatch changed headers.content-type');
});

test("a route's headers and ignoreHeaders apply to that route only, after the global ones", async () => {
  const file = {
    headers: ['x-api-version'],
    ignoreHeaders: ['content-type'],
    routes: [
      { name: 'versioned', path: '/versioned', ignoreHeaders: ['X-Api-Version'] },
      { name: 'items', path: '/items', headers: ['content-type'] },
      { name: 'rest', path: '/**' },
    ],
  };
  const run = await judge({}, file, [HEADER_EXCHANGES.version, HEADER_EXCHANGES.contentType, { ...HEADER_EXCHANGES.version, id: 'b4', path: '/other' }]);
  assert.equal(outcome(run, HEADER_EXCHANGES.version), 'ok identical', 'the route ignores what the config adds globally');
  assert.equal(outcome(run, HEADER_EXCHANGES.contentType), 'error header_mismatch changed headers.content-type', 'the route adds back what the config ignores');
  assert.equal(run.results.get('b4')?.reason, 'header_mismatch', 'another route keeps the global set');
});

test('header differences are redacted like every output: an Authorization value never shows, nor a cookie value', async () => {
  const run = await judge({ route: ['/**'], header: ['authorization'], verbose: true });
  assert.equal(outcome(run, HEADER_EXCHANGES.auth), 'error header_mismatch changed headers.authorization');
  assert.match(run.stderr, /headers\.authorization: "\[redacted\]" → "\[redacted\]"/);
  assert.match(run.stderr, /headers\.set-cookie\.sid changed: "Path=\/; HttpOnly; Secure" → "Path=\/"/);
  const logged = JSON.stringify(logRecords(run.dir));
  assert.match(logged, /"path":"headers\.authorization","kind":"changed","origin":"\[redacted\]","replay":"\[redacted\]"/);
  assert.match(logged, /"path":"headers\.set-cookie\.sid","kind":"changed","origin":"Path=\/; HttpOnly; Secure","replay":"Path=\/"/);
  assert.ok(!run.stderr.includes(SECRET), 'stderr holds no secret');
  assert.ok(!logged.includes(SECRET), 'the log holds no secret');
});
