import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportProblem, readSavedReport } from '../../src/insight/saved-report.js';
import { handReport } from '../helpers/saved-reports.js';

const GOOD = handReport([
  { id: 'a', route: 'r', verdict: 'error', reason: 'body_mismatch', at: 0, latency: [1, 2], fields: [['x', 'changed']] },
  { id: 'b', route: 'r', verdict: 'ok', reason: 'identical', at: 5, latency: [3, 4] },
]);

const DELETE = Symbol('delete');

/** The report as JSON with the value at the dotted `path` replaced by `value` (removed for DELETE). */
function edited(path: string, value: unknown): string {
  const copy: unknown = structuredClone(GOOD);
  const keys = path.split('.');
  let holder = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  if (value === DELETE) delete holder[last];
  else holder[last] = value;
  return JSON.stringify(copy);
}

function refused(text: string, message: RegExp): void {
  assert.throws(
    () => readSavedReport(text),
    (error: unknown) => error instanceof ReportProblem && message.test(error.message) && !error.message.includes('\n'),
    `${text.slice(0, 60)} should be refused with ${message}`,
  );
}

test('a report of format 2 reads back as written', () => {
  assert.deepEqual(readSavedReport(JSON.stringify(GOOD)), GOOD);
});

test('a text that is not JSON, not a report, or of another format is refused in one line saying which', () => {
  refused('{"format": 2,', /^not JSON \(/);
  refused('[1, 2]', /^not a goreplay-diff report$/);
  refused('{"format": 2}', /^not a goreplay-diff report$/);
  refused('null', /^not a goreplay-diff report$/);
  refused(edited('format', DELETE), /^a report of format 1 \(no "format" key\); this version reads format 2/);
  refused(edited('format', 3), /^a report of format 3; this version reads format 2/);
  refused(edited('format', '2'), /^a report of format "2"/);
});

test('a report with a part of the wrong type is refused naming that part', () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['run', DELETE, 'run is not an object'],
    ['run.sources', ['a', 7], 'run.sources[1] is not a string'],
    ['startedAt', 'yesterday', 'startedAt is not a time'],
    ['exchanges.error', -1, 'exchanges.error is not a count'],
    ['reasons.identical', '1', 'reasons.identical is not a count'],
    ['routes.r.risk', null, 'routes.r.risk is not an object'],
    ['routes.r.warn', DELETE, 'routes.r.warn is not a count'],
    [
      'latency.origin.buckets',
      [
        [5, 1],
        [5, 1],
      ],
      'latency.origin.buckets[1] is not an [index, count] pair',
    ],
    ['latency.routes.r.replay.count', 3, 'latency.routes.r.replay.count is not the sum of its buckets'],
    ['latency.replay.min', 'fast', 'latency.replay.min is not a number or null'],
    ['fields.r.paths.x.kinds', { moved: 1 }, 'fields.r.paths.x.kinds.moved is not a difference kind'],
    ['fields.r.paths.x.examples', [1], 'fields.r.paths.x.examples[0] is not a string'],
    ['clusters.items.0.verdict', 'bad', 'clusters.items[0].verdict is not a verdict'],
    ['clusters.items.0.risk', 'huge', 'clusters.items[0].risk is not a risk'],
    ['clusters.items.0.examples.0.at', DELETE, 'clusters.items[0].examples[0].at is not a string'],
    ['clusters.overflow', null, 'clusters.overflow is not a count'],
    ['baseline', 'none', 'baseline is not an object'],
    ['suggestions.items', {}, 'suggestions.items is not a list'],
  ];
  for (const [path, value, message] of cases) refused(edited(path, value), new RegExp(`^not a goreplay-diff report: ${message.replace(/[[\]().]/g, '\\$&')}`));
});
