import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatGorRecord, toHexLine } from '../../src/protocol/gor-file.js';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { runCli } from '../helpers/run-cli.js';
import { uuidOf } from '../helpers/noise-exchanges.js';

// `compare` on a capture built here, replayed an hour after it was recorded: every answer has a
// request ID (a uuid) and a trace time (the server's clock); the price changed in 30% of them.

after(removeTempDirs);

const HOUR_NS = 3_600_000_000_000n;
const MS_NS = 1_000_000n;

function response(body: object): Buffer {
  const text = JSON.stringify(body);
  return Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

function capture(count: number, record: (headerLine: string, payload: Buffer) => Buffer = formatGorRecord): Buffer {
  const records: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `a${i.toString(16).padStart(23, '0')}`;
    const at = 1_700_000_000_000n * MS_NS + BigInt(i) * 1000n * MS_NS;
    const traceAt = (ns: bigint): string => new Date(Number(ns / MS_NS)).toISOString();
    const price = 10 + i;
    records.push(record(`1 ${id} ${at} 0`, Buffer.from(`GET /api/items/${i} HTTP/1.1\r\nHost: shop\r\n\r\n`)));
    records.push(record(`2 ${id} ${at + 5n * MS_NS} ${5n * MS_NS}`, response({ request_id: uuidOf(i), trace: { at: traceAt(at + 2n * MS_NS) }, price })));
    const replayed = { request_id: uuidOf(1000 + i), trace: { at: traceAt(at + HOUR_NS + 3n * MS_NS) }, price: i % 10 < 3 ? price + 1 : price };
    records.push(record(`3 ${id} ${at + HOUR_NS} ${4n * MS_NS}`, response(replayed)));
  }
  return Buffer.concat(records);
}

test('compare suggests the request ID and the trace time, not the price; the fragment, as a config file, silences them on a rerun', async () => {
  const dir = tempDir('noise-cli');
  const file = join(dir, 'capture.gor');
  writeFileSync(file, capture(30));
  const args = (...more: string[]): string[] => ['compare', '--log-file', join(dir, 'x.log'), '--log-ok', '--no-color', '--fail-on', 'error', ...more, file];
  const first = await runCli(args('--route', 'GET:/api/items/*', '--report', join(dir, 'r.json')), Buffer.alloc(0), { cwd: dir });
  assert.equal(first.code, 1, first.stderr);
  const lines = first.stderr.trimEnd().split('\n');
  assert.deepEqual(lines.slice(-2), [
    'goreplay-diff: suggested ignore on GET /api/items/*: request_id (shape, confidence 0.857; not applied): uuid on both sides in 30 of 30 changes; differs in 100% of 30 judged exchanges',
    'goreplay-diff: suggested ignore on GET /api/items/*: trace.at (clock, confidence 0.857; not applied): both values are instants and replay − origin followed the time from the original request to the replay in 30 of 30 changes; differs in 100% of 30 judged exchanges',
  ]);
  assert.ok(!first.stderr.includes('suggested ignore on GET /api/items/*: price'), 'the regression is not suggested');
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { suggestions: { items: unknown[]; config: unknown } };
  assert.equal(report.suggestions.items.length, 2);
  assert.deepEqual(report.suggestions.config, {
    routes: [{ name: 'GET /api/items/*', method: 'GET', path: '/api/items/*', comparator: 'json', ignore: ['request_id', 'trace.at'] }],
  });

  writeFileSync(join(dir, 'suggested.json'), JSON.stringify(report.suggestions.config));
  const quiet = await runCli(args('--config', join(dir, 'suggested.json'), '--quiet'), Buffer.alloc(0), { cwd: dir });
  assert.equal(quiet.code, 1, quiet.stderr);
  assert.ok(!quiet.stderr.includes('suggested ignore'), 'no suggestion is left');
  const logged = loggedExchanges(dir).slice(30) as unknown as Array<{ verdict: string; diffs: Array<{ path: string }> }>;
  assert.equal(logged.length, 30);
  assert.equal(logged.filter((record) => record.verdict === 'error').length, 9, 'the price regression is still found');
  assert.deepEqual([...new Set(logged.flatMap((record) => record.diffs.map((diff) => diff.path)))], ['price']);
});

test('--quiet prints no suggestion lines, and the report still holds them', async () => {
  const dir = tempDir('noise-cli-quiet');
  const file = join(dir, 'capture.gor');
  writeFileSync(file, capture(30));
  const run = await runCli(['compare', '--no-log-file', '--quiet', '--route', 'GET:/api/items/*', '--report', join(dir, 'r.json'), file], Buffer.alloc(0), { cwd: dir });
  assert.ok(!run.stderr.includes('suggested ignore'), run.stderr);
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { suggestions: { items: Array<{ path: string }> } };
  assert.deepEqual(
    report.suggestions.items.map((item) => item.path),
    ['request_id', 'trace.at'],
  );
});

test('middleware mode prints the suggestions at the end of input too, after echoing every byte', async () => {
  const dir = tempDir('noise-cli-middleware');
  const input = capture(30, toHexLine);
  const run = await runCli(['--no-log-file', '--no-color', '--route', 'GET:/api/items/*', '--report', join(dir, 'r.json')], input, { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(input), 'the echo is byte-identical');
  assert.match(run.stderr, /suggested ignore on GET \/api\/items\/\*: request_id \(shape/);
  assert.match(run.stderr, /suggested ignore on GET \/api\/items\/\*: trace\.at \(clock/);
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { suggestions: { config: { routes: Array<{ ignore: string[] }> } } };
  assert.deepEqual(report.suggestions.config.routes[0]!.ignore, ['request_id', 'trace.at']);
});
