import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reason, Verdict } from '../../src/compare/verdict.js';
import { fixturePath, gorFileToHexStream, readGorFixture } from './gor-stream.js';

// The expected verdicts of every fixture exchange (fixtures/README.md), and the checks that
// a run, spawned or in-process, gave them: in its log, on stderr and in its report.

type Judged = readonly [Verdict, Reason];

/** One exchange of fixtures/README.md's tables: its verdicts under `--preset robot`, in order. */
export interface Row {
  readonly file: string;
  readonly id: string;
  /** Null for unwatched routes. */
  readonly route: string | null;
  readonly preset: readonly Judged[];
  /** True when `--filter robot_id=664` leaves it without a verdict. */
  readonly filtered?: true;
}

const OK_IDENTICAL: Judged = ['ok', 'identical'];
export const MALFORMED = 'streams/malformed.hex';

/** fixtures/README.md, "Expected verdicts", every table, row by row. */
export const ROWS: readonly Row[] = [
  { file: 'robot-identical.gor', id: 'a10100000000000000000001', route: 'input_hint', preset: [OK_IDENTICAL] },
  { file: 'robot-identical.gor', id: 'a10200000000000000000002', route: 'query', preset: [OK_IDENTICAL] },
  { file: 'robot-identical.gor', id: 'a10300000000000000000003', route: 'intention', preset: [OK_IDENTICAL] },
  { file: 'robot-identical.gor', id: 'a10200000000000000000004', route: 'query', preset: [['ok', 'json_equal']] },
  { file: 'robot-identical.gor', id: 'a10100000000000000000005', route: 'input_hint', preset: [['ok', 'json_equal']] },
  { file: 'robot-identical.gor', id: 'a10200000000000000000006', route: 'query', preset: [OK_IDENTICAL] },
  { file: 'robot-regressions.gor', id: 'b20100000000000000000001', route: 'input_hint', preset: [['warn', 'hint_list_present']] },
  { file: 'robot-regressions.gor', id: 'b20100000000000000000002', route: 'input_hint', preset: [['error', 'hint_list_empty']] },
  { file: 'robot-regressions.gor', id: 'b20100000000000000000003', route: 'input_hint', preset: [['error', 'hint_list_empty']] },
  { file: 'robot-regressions.gor', id: 'b20300000000000000000004', route: 'intention', preset: [['error', 'intention_list_empty']] },
  { file: 'robot-regressions.gor', id: 'b20300000000000000000005', route: 'intention', preset: [['ok', 'intention_list_present']] },
  { file: 'robot-regressions.gor', id: 'b20200000000000000000006', route: 'query', preset: [['error', 'body_mismatch']] },
  { file: 'robot-regressions.gor', id: 'b20200000000000000000007', route: 'query', preset: [['error', 'status_mismatch']] },
  { file: 'robot-regressions.gor', id: 'b20200000000000000000008', route: 'query', preset: [['error', 'body_mismatch']], filtered: true },
  { file: 'robot-regressions.gor', id: 'b20000000000000000000009', route: null, preset: [] },
  { file: 'chunked-gzip.gor', id: 'c30100000000000000000001', route: 'input_hint', preset: [OK_IDENTICAL] },
  { file: 'chunked-gzip.gor', id: 'c30200000000000000000002', route: 'query', preset: [OK_IDENTICAL] },
  { file: 'chunked-gzip.gor', id: 'c30200000000000000000003', route: 'query', preset: [OK_IDENTICAL] },
  { file: 'chunked-gzip.gor', id: 'c30300000000000000000004', route: 'intention', preset: [OK_IDENTICAL] },
  { file: 'chunked-gzip.gor', id: 'c30100000000000000000005', route: 'input_hint', preset: [OK_IDENTICAL] },
  { file: 'chunked-gzip.gor', id: 'c30100000000000000000006', route: 'input_hint', preset: [['warn', 'hint_list_present']] },
  { file: 'three-field.gor', id: 'd401000000000000000000000000000000000001', route: 'input_hint', preset: [OK_IDENTICAL] },
  { file: 'three-field.gor', id: 'd402000000000000000000000000000000000002', route: 'query', preset: [['error', 'body_mismatch']] },
  { file: 'three-field.gor', id: 'd403000000000000000000000000000000000003', route: 'intention', preset: [OK_IDENTICAL] },
  { file: 'out-of-order.gor', id: 'e50100000000000000000001', route: 'input_hint', preset: [OK_IDENTICAL] },
  { file: 'out-of-order.gor', id: 'e50100000000000000000002', route: 'input_hint', preset: [['warn', 'hint_list_present']] },
  { file: 'out-of-order.gor', id: 'e50200000000000000000003', route: 'query', preset: [['error', 'body_mismatch']] },
  { file: 'missing-replay.gor', id: 'f60100000000000000000001', route: 'input_hint', preset: [['incomplete', 'missing_replay']] },
  { file: 'missing-replay.gor', id: 'f60200000000000000000002', route: 'query', preset: [['incomplete', 'missing_origin']] },
  { file: 'missing-replay.gor', id: 'f60300000000000000000003', route: 'intention', preset: [['incomplete', 'missing_replay']] },
  { file: 'non-json.gor', id: 'a70000000000000000000001', route: null, preset: [] },
  { file: 'non-json.gor', id: 'a70000000000000000000002', route: null, preset: [] },
  { file: 'non-json.gor', id: 'a70000000000000000000003', route: null, preset: [] },
  { file: 'non-json.gor', id: 'a70200000000000000000004', route: 'query', preset: [['error', 'text_mismatch']] },
  { file: 'duplicate-ids.gor', id: 'b80100000000000000000001', route: 'input_hint', preset: [OK_IDENTICAL, ['error', 'hint_list_empty']] },
  { file: 'duplicate-ids.gor', id: 'b80300000000000000000002', route: 'intention', preset: [OK_IDENTICAL, ['error', 'intention_list_empty']] },
  // fixtures/streams/malformed.md: the one valid exchange of the malformed stream, and the
  // request of its last line (no LF), judged like any other line at the end of input.
  { file: MALFORMED, id: 'ee0100000000000000000001', route: 'input_hint', preset: [OK_IDENTICAL] },
  { file: MALFORMED, id: 'ee0100000000000000000006', route: 'input_hint', preset: [['incomplete', 'missing_replay']] },
];

export const EXCHANGE_FILES = [...new Set(ROWS.map((row) => row.file).filter((file) => file !== MALFORMED))];

/** Malformed lines of streams/malformed.hex: lines 2, 3, 4, 5, 7, 8 and 9 (line 11, without LF, is a request). */
const MALFORMED_LINES = 7;

export interface LogRecord {
  readonly id: string;
  readonly route: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly [field: string]: unknown;
}

interface Percentiles {
  readonly count: unknown;
  readonly p50: unknown;
  readonly p95: unknown;
  readonly p99: unknown;
}

export interface Report {
  readonly exchanges: Record<Verdict, number>;
  readonly extraReplays: number;
  readonly skipped: Record<string, number>;
  readonly messages: Record<string, number>;
  readonly routes: Record<string, Record<Verdict, number> & { latencyMs: { origin: Percentiles; replay: Percentiles } }>;
  readonly reasons: Record<string, number>;
}

export interface FixtureRun {
  /** What the run wrote to stderr. */
  readonly stderr: string;
  readonly input: Buffer;
  readonly records: readonly LogRecord[];
  readonly report: Report;
}

/** The verdicts a row should get, with or without the robot_id filter. */
function expectedOf(row: Row, filter: boolean): readonly Judged[] {
  return filter && row.filtered === true ? [] : row.preset;
}

/** Checks every row of `files`: the log's verdicts and reasons by ID, routes, and stderr lines. */
export function checkVerdicts(result: FixtureRun, files: readonly string[], filter: boolean): void {
  const rows = ROWS.filter((row) => files.includes(row.file));
  const byId = new Map<string, LogRecord[]>();
  for (const record of result.records) byId.set(record.id, [...(byId.get(record.id) ?? []), record]);
  const known = new Set(rows.map((row) => row.id));
  assert.deepEqual(
    [...byId.keys()].filter((id) => !known.has(id)),
    [],
    "only the fixtures' exchanges are judged",
  );
  const stderrLines = result.stderr.split('\n');
  for (const row of rows) {
    const records = byId.get(row.id) ?? [];
    const expected = expectedOf(row, filter);
    assert.deepEqual(
      records.map((record) => [record.verdict, record.reason]),
      expected,
      `verdicts of ${row.id} (${row.file})`,
    );
    for (const record of records) assert.equal(record.route, row.route, `route of ${row.id}`);
    const lines = stderrLines.filter((line) => line.includes(row.id));
    const notOk = expected.filter(([verdict]) => verdict !== 'ok');
    assert.equal(lines.length, notOk.length, `stderr lines naming ${row.id}:\n${lines.join('\n')}`);
    notOk.forEach(([verdict, reason], i) => {
      assert.ok(lines[i]?.startsWith(verdict) === true && lines[i]?.includes(reason) === true, `stderr line of ${row.id}: ${lines[i]}`);
    });
  }
}

/** The counts the report should hold, tallied from the table. */
function tally(
  files: readonly string[],
  filter: boolean,
): {
  exchanges: Record<Verdict, number>;
  reasons: Record<string, number>;
  routes: Record<string, Record<Verdict, number>>;
} {
  const exchanges: Record<Verdict, number> = { ok: 0, warn: 0, error: 0, incomplete: 0 };
  const reasons: Record<string, number> = {};
  const routes: Record<string, Record<Verdict, number>> = {};
  for (const row of ROWS.filter((candidate) => files.includes(candidate.file))) {
    for (const [verdict, reason] of expectedOf(row, filter)) {
      exchanges[verdict] += 1;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      const route = (routes[row.route ?? '?'] ??= { ok: 0, warn: 0, error: 0, incomplete: 0 });
      route[verdict] += 1;
    }
  }
  return { exchanges, reasons, routes };
}

export function checkReport(result: FixtureRun, files: readonly string[], filter: boolean): void {
  const { report } = result;
  const expected = tally(files, filter);
  assert.deepEqual(report.exchanges, expected.exchanges);
  assert.deepEqual(report.reasons, expected.reasons);
  for (const key of ['unwatched', 'filtered', 'evicted'] as const) assert.equal(typeof report.skipped[key], 'number', `skipped.${key}`);
  assert.equal(report.skipped['unwatched'], ROWS.filter((row) => files.includes(row.file) && row.route === null).length);
  assert.equal(report.skipped['filtered'], filter ? ROWS.filter((row) => files.includes(row.file) && row.filtered === true).length : 0);
  assert.equal(report.skipped['evicted'], 0);
  assert.deepEqual(Object.keys(report.routes).sort(), Object.keys(expected.routes).sort());
  for (const [name, counts] of Object.entries(expected.routes)) {
    const route = report.routes[name];
    assert.ok(route !== undefined, `route ${name} in the report`);
    assert.deepEqual({ ok: route.ok, warn: route.warn, error: route.error, incomplete: route.incomplete }, counts, `counts of route ${name}`);
    for (const side of ['origin', 'replay'] as const) {
      const latency: Percentiles = route.latencyMs[side];
      assert.equal(typeof latency.count, 'number', `routes.${name}.latencyMs.${side}.count`);
      for (const p of ['p50', 'p95', 'p99'] as const) {
        // A route with no latency sample (only incomplete exchanges, 3-field headers) has no percentile.
        const expectedType = latency.count === 0 ? 'object' : 'number';
        assert.equal(typeof latency[p], expectedType, `routes.${name}.latencyMs.${side}.${p} of ${JSON.stringify(latency)}`);
      }
    }
  }
  const types = { request: 0, response: 0, replay: 0 };
  for (const file of files) {
    if (file === MALFORMED) {
      types.request += 2;
      types.response += 1;
      types.replay += 1;
      continue;
    }
    for (const record of readGorFixture(fixturePath('exchanges', file)).records) {
      const kind = ({ '1': 'request', '2': 'response', '3': 'replay' } as const)[record.headerLine[0] as '1' | '2' | '3'];
      types[kind] += 1;
    }
  }
  const malformed = files.includes(MALFORMED) ? MALFORMED_LINES : 0;
  assert.deepEqual(
    { request: report.messages['request'], response: report.messages['response'], replay: report.messages['replay'], malformed: report.messages['malformed'] },
    { ...types, malformed },
  );
  const lines = result.input.toString('latin1').split('\n').length - (result.input.at(-1) === 0x0a ? 1 : 0);
  const counted = Object.values(report.messages).reduce((sum, count) => sum + count, 0);
  assert.equal(counted, lines, 'every input line is counted once');
}

export const ALL_FILES = [...EXCHANGE_FILES, MALFORMED];

/** The middleware input of `files`, in order: each `.gor` fixture as gor's hex lines. */
export function streamOf(files: readonly string[]): Buffer {
  return Buffer.concat(files.map((file) => (file === MALFORMED ? readFileSync(fixturePath('streams', 'malformed.hex')) : gorFileToHexStream(fixturePath('exchanges', file)))));
}

/** Every record of the log files `x*.log` in `dir` (pino-roll numbers them), in order. */
export function logRecords(dir: string): LogRecord[] {
  const files = readdirSync(dir)
    .filter((name) => /^x(\.\d+)?\.log$/.test(name))
    .sort();
  assert.ok(files.length > 0, `no log file in ${dir}: ${readdirSync(dir).join(', ')}`);
  return files.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogRecord),
  );
}
