import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { PATH_CHARS } from '../../src/report/shorten.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliRun } from '../helpers/run-cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('hostile-paths');

/** Longest stderr line allowed: the one-line form shows 3 paths of PATH_CHARS and 6 short values. */
const STDERR_LINE_BOUND = 2048;
/** Longest verbose stderr line: a body line is cut at --log-body-limit (4096 bytes). */
const VERBOSE_LINE_BOUND = 4096 + 200;
/** Longest log record: three bodies of 4 KiB and up to 50 differences of shortened paths and values. */
const LOG_LINE_BOUND = 80 * 1024;

const DEPTH = 100_000;
const KEYS = 100_000;
const LONG_KEY = 'k'.repeat(1 << 20);

function response(body: string): Buffer {
  return Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

const deepArray = (leaf: string): string => `${'['.repeat(DEPTH)}${leaf}${']'.repeat(DEPTH)}`;
const deepObject = (leaf: string): string => `${'{"a":'.repeat(DEPTH)}${leaf}${'}'.repeat(DEPTH)}`;
const manyKeys = (value: number): string => `{${Array.from({ length: KEYS }, (_, i) => `"k${i}":${value}`).join(',')}}`;

/** Exchanges by ID: origin body, replay body, what the log must say about the first difference. */
const CASES: ReadonlyArray<readonly [string, string, string, { readonly pathLength?: number; readonly totalDiffs: number }]> = [
  ['deep-array', deepArray('1'), deepArray('2'), { pathLength: 3 * DEPTH, totalDiffs: 1 }],
  ['deep-object', deepObject('1'), deepObject('2'), { pathLength: 2 * DEPTH - 1, totalDiffs: 1 }],
  ['deep-added', '{}', `{"x":${deepArray('1')}}`, { totalDiffs: 1 }],
  ['long-key', `{"${LONG_KEY}":1}`, `{"${LONG_KEY}":2}`, { pathLength: LONG_KEY.length, totalDiffs: 1 }],
  ['long-key-removed', `{"${LONG_KEY}":{"${LONG_KEY}":1}}`, '{}', { pathLength: LONG_KEY.length, totalDiffs: 1 }],
  ['many-keys', manyKeys(1), manyKeys(2), { totalDiffs: KEYS }],
];

const idOf = (name: string): string => Buffer.from(name).toString('hex').padEnd(32, '0');

function input(): Buffer {
  const request = Buffer.from('POST /api/x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}');
  return Buffer.concat(
    CASES.flatMap(([name, origin, replay]) => [
      toHexLine(`1 ${idOf(name)} 1710489600000000000 0`, request),
      toHexLine(`2 ${idOf(name)} 1710489600023000000 0`, response(origin)),
      toHexLine(`3 ${idOf(name)} 1710489600024000000 1000000`, response(replay)),
    ]),
  );
}

interface LogDiff {
  readonly path: string;
  readonly pathLength?: number;
  readonly origin?: unknown;
  readonly replay?: unknown;
}

describe('pathological nesting, megabyte keys and 100 000 keys: judged, echoed exactly, reported in bounded lines', { timeout: 120_000 }, () => {
  const stream = input();
  let run: CliRun;
  let verbose: CliRun;
  let logLines: string[] = [];

  before(async () => {
    const dir = tempDir();
    // Every exchange must be judged: megabyte bodies sent at once would otherwise be shed.
    const args = ['--route', '/**', '--overload', 'wait', '--no-color', '--log-file', join(dir, 'x.log')];
    [run, verbose] = await Promise.all([
      runCli(args, stream, { cwd: dir, timeoutMs: 60_000 }),
      runCli(['--route', '/**', '--overload', 'wait', '--no-color', '--no-log-file', '--verbose'], stream, { cwd: tempDir(), timeoutMs: 60_000 }),
    ]);
    logLines = readdirSync(dir).flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    );
  });

  test('the echo is byte-identical and nothing failed', () => {
    for (const each of [run, verbose]) {
      assert.equal(each.code, 0, each.stderr.slice(0, 2000));
      assert.ok(each.stdout.equals(stream), 'stdout is byte-identical to stdin');
      assert.doesNotMatch(each.stderr, /warning|analysis failed/, each.stderr.slice(0, 2000));
    }
  });

  test('every stderr line stays under a bound, verbose lines too', () => {
    for (const line of run.stderr.split('\n')) assert.ok(line.length < STDERR_LINE_BOUND, `a stderr line of ${line.length} characters: ${line.slice(0, 300)}`);
    for (const line of verbose.stderr.split('\n')) assert.ok(line.length < VERBOSE_LINE_BOUND, `a verbose line of ${line.length} characters: ${line.slice(0, 300)}`);
    for (const [name] of CASES) assert.match(run.stderr, new RegExp(`^error +/\\*\\* ${idOf(name)} body_mismatch `, 'm'), name);
    assert.match(run.stderr, / \| \[0\]\[0\][[\]0]*…[[\]0]*\[0\] \(300000 chars\): 1 → 2$/m, 'a shortened path keeps its start and end and states its full length');
  });

  test('every log line stays under a bound, and states the full length of each shortened path', () => {
    assert.equal(logLines.length, CASES.length);
    for (const line of logLines) assert.ok(line.length < LOG_LINE_BOUND, `a log line of ${line.length} characters`);
    const records = new Map(logLines.map((line) => JSON.parse(line) as { id: string; reason: string; totalDiffs: number; diffs: LogDiff[] }).map((record) => [record.id, record]));
    for (const [name, , , expected] of CASES) {
      const record = records.get(idOf(name));
      assert.equal(record?.reason, 'body_mismatch', name);
      assert.equal(record.totalDiffs, expected.totalDiffs, name);
      const [first] = record.diffs;
      assert.ok(first !== undefined && first.path.length <= PATH_CHARS, `${name}: path of ${first?.path.length}`);
      assert.equal(first.pathLength, expected.pathLength, name);
    }
    const added = records.get(idOf('deep-added'))?.diffs[0];
    assert.match(String(added?.replay), /^\[{10}.*…$/, 'a value too deep to serialise is shown by its start');
  });
});
