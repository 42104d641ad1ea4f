import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHexLine } from '../../src/protocol/gor-file.js';
import type { ClusterExample } from '../../src/insight/report-format.js';
import { exampleMarkup } from '../../src/report/html/example.js';
import type { Report } from '../../src/report/report-document.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { logRecords } from '../helpers/fixture-verdicts.js';
import { jsonExchange } from '../helpers/json-exchange.js';
import { feed, recording, startPipeline } from '../helpers/pipeline-run.js';

// Field statistics, clusters, risk and the run header, as the pipeline writes them to the
// report, the log and stderr.

after(removeTempDirs);

const item = (price: number, extra = ''): string => `{"items":[{"id":1,"price":${price}${extra}},{"id":2,"price":${price + 1}${extra}}],"total":3}`;

/** Six identical exchanges, three whose item prices changed (one regression), one with an added field only (another). */
function stream(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < 6; i += 1) parts.push(jsonExchange(`ok${i}`, item(5), item(5)));
  for (let i = 0; i < 3; i += 1) parts.push(jsonExchange(`price${i}`, item(5), item(7 + i)));
  parts.push(jsonExchange('added0', item(5), item(5, ',"note":"new"')));
  return Buffer.concat(parts);
}

async function judged(flags: Parameters<typeof recording>[1] = {}): Promise<{ code: number; report: Report; stderr: string; dir: string }> {
  const dir = tempDir('insight');
  const run = await startPipeline(recording(dir, flags));
  await feed(run.judging, stream(), 5);
  const code = await run.judging.finish();
  return { code, report: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report, stderr: run.io.text(), dir };
}

test('the report is format 2: format and run first, the summary, then risk, latency, fields, clusters, baseline and suggestions', async () => {
  const { report } = await judged();
  assert.deepEqual(Object.keys(report), [
    'format',
    'run',
    'startedAt',
    'updatedAt',
    'elapsedSeconds',
    'exchanges',
    'extraReplays',
    'pending',
    'skipped',
    'messages',
    'rates',
    'latencyMs',
    'routes',
    'reasons',
    'warnings',
    'risk',
    'latency',
    'fields',
    'clusters',
    'baseline',
    'suggestions',
  ]);
  assert.equal(report.format, 2);
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  assert.deepEqual(report.run, {
    mode: 'middleware',
    version,
    sources: ['stdin'],
    target: null,
    routes: [{ name: '/**', match: '/**', comparator: 'json' }],
    options: {},
    gates: { failOn: 'never', minSamples: 0, failOnNew: false, result: 'pass' },
  });
  assert.equal(report.baseline, null);
  assert.deepEqual({ ...report.suggestions, evidence: undefined }, { items: [], config: { routes: [] }, evidence: undefined }, 'nothing suggested on ten exchanges');
  assert.equal((report.suggestions.evidence as { version?: unknown }).version, 1, 'the evidence gathered so far, for merging');
});

test('fields count, per route and collapsed path, the judged exchanges whose path differed, by kind, with example IDs', async () => {
  const { report } = await judged();
  assert.deepEqual(report.fields, {
    '/**': {
      judged: 10,
      paths: {
        'items[*].note': { count: 1, kinds: { added: 1 }, examples: ['added0'] },
        'items[*].price': { count: 3, kinds: { changed: 3 }, examples: ['price0', 'price1', 'price2'] },
      },
      overflow: 0,
    },
  });
});

test('clusters group the same regression; risk is counted overall and per route; log records name their cluster and risk', async () => {
  const { report, dir } = await judged();
  assert.deepEqual(report.risk, { high: 0, medium: 3, low: 1 });
  assert.deepEqual(report.routes['/**']?.risk, { high: 0, medium: 3, low: 1 });
  assert.equal(report.clusters.overflow, 0);
  const [price, added, ...none] = report.clusters.items;
  assert.equal(none.length, 0);
  assert.deepEqual([price?.count, price?.risk, price?.reason, price?.fields], [3, 'medium', 'body_mismatch', [['items[*].price', 'changed']]]);
  assert.deepEqual([added?.count, added?.risk, added?.fields], [1, 'low', [['items[*].note', 'added']]]);
  assert.deepEqual(
    price?.examples.map((example) => example.id),
    ['price0', 'price1', 'price2'],
  );
  const first = price?.examples[0];
  assert.deepEqual(first?.diffs, [
    { path: 'items[0].price', kind: 'changed', origin: 5, replay: 7 },
    { path: 'items[1].price', kind: 'changed', origin: 6, replay: 8 },
  ]);
  assert.equal(first?.replay?.body, item(7));
  assert.equal(first?.replay?.status, 200);
  assert.deepEqual(first?.replay?.headers[0], ['Content-Type', 'application/json']);
  const records = logRecords(dir) as unknown as Array<{ id: string; cluster: string | null; risk: string | null }>;
  const byId = new Map(records.map((record) => [record.id, record]));
  assert.deepEqual([byId.get('price1')?.cluster, byId.get('price1')?.risk], [price?.id, 'medium']);
  assert.deepEqual([byId.get('added0')?.cluster, byId.get('added0')?.risk], [added?.id, 'low']);
  assert.deepEqual([byId.get('ok0')?.cluster, byId.get('ok0')?.risk], [null, null]);
});

test('latency holds mergeable histograms overall and per route', async () => {
  const { report } = await judged();
  assert.equal(report.latency.origin.count, 10);
  assert.equal(report.latency.replay.count, 10);
  assert.deepEqual(Object.keys(report.latency.routes), ['/**']);
  const buckets = report.latency.routes['/**']!.origin.buckets;
  assert.equal(
    buckets.reduce((sum, [, count]) => sum + count, 0),
    10,
  );
});

test('stderr ends with the distinct regressions and the largest ones; not with -q; the gates say whether the run failed', async () => {
  const { stderr } = await judged();
  assert.match(stderr, /^2 distinct regressions in 4 differing exchanges \(risk: 0 high, 3 medium, 1 low\)$/m);
  assert.match(stderr, /^ {2}c[0-9a-f]{12} {2}×3 {2}medium {2}\/\*\* {2}body_mismatch {2}items\[\*\]\.price$/m);
  assert.match(stderr, /^ {2}c[0-9a-f]{12} {2}×1 {2}low {2}\/\*\* {2}body_mismatch {2}items\[\*\]\.note$/m);
  const quiet = await judged({ quiet: true, failOn: 'error' });
  assert.doesNotMatch(quiet.stderr, /distinct regression/);
  assert.equal(quiet.code, 1);
  assert.equal(quiet.report.run.gates.result, 'fail');
  assert.equal(quiet.report.run.gates.failOn, 'error');
});

test('the caps are options: --max-field-paths and --max-clusters bound the report, and the run header names them', async () => {
  const { report } = await judged({ maxFieldPaths: '1', maxClusters: '1' });
  assert.deepEqual(Object.keys(report.fields['/**']!.paths), ['items[*].price']);
  assert.equal(report.fields['/**']!.overflow, 1);
  assert.equal(report.clusters.items.length, 1);
  assert.equal(report.clusters.overflow, 1);
  assert.deepEqual(report.run.options, { maxFieldPaths: 1, maxClusters: 1 });
});

test('examples are redacted as log records are: secret headers, --redact fields, bodies cut to the log body limit', async () => {
  const dir = tempDir('insight-redact');
  const run = await startPipeline(recording(dir, { redact: ['password'], logBodyLimit: '40' }));
  const request = 'POST /login HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{"password":"hunter"}';
  const response = (body: string): Buffer =>
    Buffer.from(`HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  const long = 'x'.repeat(100);
  await feed(
    run.judging,
    Buffer.concat([
      toHexLine('1 r1 1', Buffer.from(request)),
      toHexLine('2 r1 2', response(`{"password":"old","pad":"${long}"}`)),
      toHexLine('3 r1 3 1', response(`{"password":"new","pad":"${long}"}`)),
    ]),
    1,
  );
  await run.judging.finish();
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
  const example = report.clusters.items[0]?.examples[0];
  const text = JSON.stringify(example);
  for (const secret of ['s3cret', 'hunter', 'abc', '"old"', '"new"']) assert.ok(!text.includes(secret), `${secret} is not in ${text}`);
  assert.ok(example?.request?.headers.some(([name, value]) => name === 'Authorization' && value === '[redacted]'));
  assert.deepEqual(example?.diffs, [{ path: 'password', kind: 'changed', origin: '[redacted]', replay: '[redacted]' }]);
  const [record] = logRecords(dir) as unknown as Array<{ origin: { body: string; truncated: boolean; bytes: number } }>;
  assert.deepEqual(
    { body: example?.origin?.body, truncated: example?.origin?.truncated, bytes: example?.origin?.bodyBytes },
    { body: record?.origin.body, truncated: true, bytes: record?.origin.bytes },
  );
});

test('a value moved by an element the replay inserted is logged, reported and marked where the replay holds it', async () => {
  const dir = tempDir('insight-shifted');
  const run = await startPipeline(recording(dir, {}));
  const origin = '{"items":[{"id":1,"price":5},{"id":2,"price":7}]}';
  const replay = '{"items":[{"id":0,"price":1},{"id":1,"price":5},{"id":2,"price":8}]}';
  await feed(run.judging, jsonExchange('shifted', origin, replay), 5);
  await run.judging.finish();
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
  const example = report.clusters.items[0]?.examples[0];
  assert.deepEqual(example?.diffs, [
    { path: 'items[0]', kind: 'added', replay: { id: 0, price: 1 } },
    { path: 'items[1].price', kind: 'changed', origin: 7, replay: 8, replayPath: 'items[2].price' },
  ]);
  const record = (logRecords(dir) as unknown as Array<{ id: string; diffs: unknown[] }>).find((each) => each.id === 'shifted');
  assert.deepEqual(record?.diffs[1], { path: 'items[1].price', kind: 'changed', origin: 7, replay: 8, replayPath: 'items[2].price' });
  // In the page, the replay's side marks its own third element's price; origin's side its second's.
  const page = exampleMarkup(example as ClusterExample, { open: true, content: true }).text;
  const sideOf = (title: string): string => page.slice(page.indexOf(`<h5>${title}</h5>`), page.indexOf('</section>', page.indexOf(`<h5>${title}</h5>`)));
  const marked = (side: string): string[] => [...side.matchAll(/<mark[^>]*>([^<]*)<\/mark>/g)].map((match) => (match[1] ?? '').trim());
  assert.deepEqual(marked(sideOf('Origin response')), ['&quot;price&quot;: 7']);
  assert.deepEqual(marked(sideOf('Replay response')), ['{', '&quot;id&quot;: 0,', '&quot;price&quot;: 1', '},', '&quot;price&quot;: 8']);
  assert.match(page, /items\[1\]\.price<br><span class="muted">replay: items\[2\]\.price<\/span>/);
});
