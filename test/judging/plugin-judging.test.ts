import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComparatorFunction, PluginExchange } from '../../src/compare/plugin-api.js';
import { readPluginExport } from '../../src/compare/plugin-comparator.js';
import type { PluginComparator } from '../../src/compare/plugin-comparator.js';
import type { MiddlewareFlags } from '../../src/config/options.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { feed, startPipeline } from '../helpers/pipeline-run.js';
import { cartCase, pluginStream } from '../helpers/plugin-exchanges.js';
import type { PluginCase } from '../helpers/plugin-exchanges.js';

// Plugin comparators in the judging pipeline, in-process as the analysis thread runs it:
// what a comparator sees, the helpers it gets, and that a failing one costs its exchange only.

function plugins(exports: Record<string, unknown>): Map<string, PluginComparator> {
  const map = new Map<string, PluginComparator>();
  for (const [name, value] of Object.entries(exports)) {
    const read = readPluginExport(name, value);
    assert.ok(read !== null && typeof read !== 'string', String(read));
    map.set(name, read);
  }
  return map;
}

/** Judges the exchanges with these routes and comparators; returns the results in order and the run. */
async function judge(flags: MiddlewareFlags, exports: Record<string, unknown>, exchanges: readonly PluginCase[], clock = new ManualClock()) {
  // The module path satisfies the config's check; its comparators are handed over loaded.
  const run = await startPipeline({ logFile: false, color: false, comparatorModule: ['rules.mjs'], ...flags }, clock, undefined, plugins(exports));
  await feed(run.judging, pluginStream(exchanges), 7);
  await run.judging.finish();
  return run;
}

test('a comparator sees the decoded exchange: method, path, query, statuses, headers and bodies as text and JSON', async () => {
  const seen: PluginExchange[] = [];
  const rules: ComparatorFunction = (exchange) => {
    seen.push(exchange);
    return { verdict: 'ok', reason: 'comparator_ok' };
  };
  const exchange: PluginCase = {
    id: 'p1',
    method: 'POST',
    target: '/api/cart/7?currency=EUR&debug',
    requestBody: '{"add":{"sku":"A-1","qty":2}}',
    origin: { status: 201, body: '{"total":10.5}' },
    replay: { status: 200, body: 'not json' },
  };
  const run = await judge({ route: ['/api/cart/**=rules'] }, { rules }, [exchange]);
  assert.equal(run.results[0]?.reason, 'comparator_ok');
  const [view] = seen;
  assert.ok(view !== undefined);
  assert.deepEqual(
    { id: view.id, route: view.route, method: view.method, path: view.path, query: view.query, replayIndex: view.replayIndex },
    { id: 'p1', route: '/api/cart/**', method: 'POST', path: '/api/cart/7', query: 'currency=EUR&debug', replayIndex: 0 },
  );
  assert.deepEqual([view.origin.status, view.replay.status], [201, 200]);
  assert.equal(view.request.headers['x-tenant'], 'acme');
  assert.deepEqual(view.request.body.json, { add: { sku: 'A-1', qty: 2 } });
  assert.equal(view.origin.headers['content-type'], 'application/json');
  assert.deepEqual([view.origin.body.text, view.origin.body.json], ['{"total":10.5}', { total: 10.5 }]);
  assert.deepEqual([view.replay.body.text, view.replay.body.json], ['not json', undefined]);
  assert.equal(Buffer.from(view.replay.body.bytes).toString(), 'not json');
  assert.equal(Object.getPrototypeOf(view.origin.headers), null, 'header names from traffic never reach a prototype');
});

test('the bytes a comparator gets are its own copy: changing them changes no output', async () => {
  const rules: ComparatorFunction = (exchange) => {
    exchange.origin.body.bytes.fill(0x41);
    return { verdict: 'error', reason: 'body_mismatch' };
  };
  const run = await judge({ route: ['/api/cart/**=rules'] }, { rules }, [cartCase('c1', '{"a":1}', '{"a":2}')]);
  assert.equal(run.results[0]?.originBody?.toString(), '{"a":1}');
});

test("the diff helper applies the route's options; the default judgement is the route's judgement without the comparator", async () => {
  const diffs: unknown[] = [];
  const rules: ComparatorFunction = (_exchange, helpers) => {
    const diff = helpers.diff();
    diffs.push(
      diff.diffs.map((d) => `${helpers.formatPath(d.path as (string | number)[])} ${d.kind}`),
      helpers.diff({ a: [1, 2] }, { a: [1, 3] }).total,
    );
    return helpers.defaultJudgement();
  };
  const flags = { route: ['/api/cart/**=rules', '/api/plain/**'], ignore: ['updatedAt'], tolerance: ['total=0.01'] };
  const exchanges = [
    cartCase('d1', '{"total":10.00,"updatedAt":1,"n":1}', '{"total":10.01,"updatedAt":2,"n":2}'),
    { ...cartCase('d2', '{"n":1}', '{"n":2}'), target: '/api/plain/d2' },
    cartCase('d3', '{"n":1}', '{"n":1}', [200, 500]),
  ];
  const run = await judge(flags, { rules }, exchanges);
  assert.deepEqual(diffs.slice(0, 2), [['n changed'], 1]);
  assert.deepEqual(
    run.results.map((result) => [result.id, result.verdict, result.reason, result.diffs.length]),
    [
      ['d1', 'error', 'body_mismatch', 1],
      ['d2', 'error', 'body_mismatch', 1],
      ['d3', 'error', 'status_mismatch', 0],
    ],
  );
});

test('a comparator decides on different status codes too, and is not called for byte-identical responses', async () => {
  let calls = 0;
  const rules: ComparatorFunction = (exchange) => {
    calls++;
    const gone = exchange.origin.status === 404 && exchange.replay.status === 410;
    return gone ? { verdict: 'ok', reason: 'comparator_ok' } : { verdict: 'error', reason: 'status_mismatch' };
  };
  const run = await judge({ route: ['/api/cart/**=rules'] }, { rules }, [cartCase('s1', '{}', '{}', [404, 410]), cartCase('s2', '{"a":1}', '{"a":1}')]);
  assert.deepEqual(
    run.results.map((result) => [result.id, result.reason]),
    [
      ['s1', 'comparator_ok'],
      ['s2', 'identical'],
    ],
  );
  assert.equal(calls, 1);
});

test("a comparator's own reasons are reported under its name, in the results and the summary's counts", async () => {
  const rules = { reasons: ['rounded'], compare: () => ({ verdict: 'warn', reason: 'rounded', diffs: [{ path: 'total', kind: 'changed', origin: 10, replay: 10.01 }] }) };
  const run = await judge({ route: ['/api/cart/**=rules'] }, { rules }, [cartCase('r1', '{"total":10}', '{"total":10.01}')]);
  assert.deepEqual(
    run.results.map((result) => [result.verdict, result.reason, result.diffs, result.totalDiffs]),
    [['warn', 'rules:rounded', [{ path: ['total'], kind: 'changed', origin: 10, replay: 10.01 }], 1]],
  );
  assert.match(run.io.text(), /reasons: rules:rounded 1/);
});

test('a slow comparator (by the run clock), one that throws, and one not loaded cost their own exchanges only; the run goes on', async () => {
  const clock = new ManualClock();
  let slowOnce = true;
  const slow: ComparatorFunction = () => {
    if (slowOnce) clock.advance(150);
    slowOnce = false;
    return { verdict: 'ok', reason: 'comparator_ok' };
  };
  const broken: ComparatorFunction = () => {
    throw new RangeError('index out of range');
  };
  const exchanges = [
    cartCase('t1', '{"a":1}', '{"a":2}'),
    cartCase('t2', '{"a":1}', '{"a":2}'),
    { ...cartCase('t3', '{"a":1}', '{"a":2}'), target: '/api/broken/t3' },
    { ...cartCase('t4', '{"a":1}', '{"a":2}'), target: '/api/plain/t4' },
    { ...cartCase('t5', '{"a":1}', '{"a":2}'), target: '/api/missing/t5' },
  ];
  const flags = { route: ['/api/cart/**=slow', '/api/broken/**=broken', '/api/plain/**', '/api/missing/**=missing'], comparatorTimeout: '100ms' };
  const run = await judge(flags, { slow, broken }, exchanges, clock);
  assert.deepEqual(
    run.results.map((result) => [result.id, result.verdict, result.reason, result.detail]),
    [
      ['t1', 'error', 'comparator_error', 'comparator slow took 150 ms, longer than --comparator-timeout (100 ms)'],
      ['t2', 'ok', 'comparator_ok', undefined],
      ['t3', 'error', 'comparator_error', 'comparator broken threw RangeError: index out of range'],
      ['t4', 'error', 'body_mismatch', undefined],
      ['t5', 'error', 'comparator_error', 'comparator missing did not run: comparator modules run on the analysis thread only, and it could not start'],
    ],
  );
  assert.doesNotMatch(run.io.text(), /analysis failed/);
});
