import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import type { MiddlewareFlags } from '../../src/config/options.js';
import { describeWatched } from '../../src/judging/outputs.js';

const watched = (flags: MiddlewareFlags, file?: unknown): string =>
  describeWatched(loadConfig(file === undefined ? flags : { config: 'c.json', ...flags }, undefined, () => JSON.stringify(file), {}, 'middleware'));

test('the start line names every route with its comparator (and its pattern when the name is not it), then the filters', () => {
  assert.equal(watched({ route: ['/a'] }), 'watching 1 route: /a (json)');
  assert.equal(watched({ route: ['POST:/v2/x=query', '/^\\/u\\/\\d+$/=status'] }), 'watching 2 routes: POST /v2/x (query), /^\\/u\\/\\d+$/ (status)');
  assert.equal(
    watched({}, { routes: [{ name: 'search', method: 'get', path: '/v2/search/*' }], filters: ['robot_id=664,700', { source: 'header', key: 'x-tenant', values: ['acme'] }] }),
    'watching 1 route: search (GET /v2/search/*, json); filters: robot_id=664,700 and header:x-tenant=acme',
  );
  assert.equal(
    watched({ preset: 'robot', filter: ['query:v=2'] }),
    'watching 3 routes: input_hint (POST /v2/robot/input_hint, input_hint), query (POST /v2/robot/query, query), intention (POST /v1/robot/intention, intention); filter: query:v=2',
  );
});

test('with no route given it says every request is compared as JSON, and why', () => {
  assert.equal(watched({}), 'watching every request: /** compared as json, since no --route, --preset or config routes were given');
  assert.match(watched({ filter: ['robot_id=1'] }), /^watching every request: .*; filter: robot_id=1$/);
});

test('with --echo-only it says nothing is compared, and that given routes are not used', () => {
  assert.equal(watched({ echoOnly: true }), 'echo only (--echo-only): messages are echoed and counted, nothing is compared');
  assert.equal(watched({ echoOnly: true, route: ['/a'] }), 'echo only (--echo-only): messages are echoed and counted, nothing is compared (the 1 configured route is not used)');
});
