import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, compileRoutes, routeMethod, RoutePatternError, splitRouteSpec } from '../../src/compare/route-matcher.js';
import type { RouteRule } from '../../src/compare/route-matcher.js';

const rule = (path: string, method?: string, name = path): RouteRule =>
  method === undefined ? { name, path, comparator: 'json', ignore: [] } : { name, method, path, comparator: 'json', ignore: [] };

test('path patterns: exact, glob and regex, query ignored unless the pattern has one', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['/v2/robot/query', '/v2/robot/query', '/v2/robot/query?x=1', true],
    ['/v2/robot/query', '/v2/robot/query2', '/v2/robot/query2', false],
    ['/v2/robot/*', '/v2/robot/query', '/v2/robot/query', true],
    ['/v2/robot/*', '/v2/robot/a/b', '/v2/robot/a/b', false],
    ['/v2/**', '/v2/robot/a/b', '/v2/robot/a/b', true],
    ['/v2/robot/*/detail', '/v2/robot/42/detail', '/v2/robot/42/detail', true],
    ['/^\\/users\\/\\d+$/', '/users/42', '/users/42?full=1', true],
    ['/^\\/users\\/\\d+$/', '/users/abc', '/users/abc', false],
    ['/search?q=*', '/search', '/search?q=robots', true],
    ['/search?q=*', '/search', '/search', false],
    ['/a.b', '/aXb', '/aXb', false],
  ];
  for (const [pattern, path, target, expected] of cases) {
    assert.equal(compilePattern(pattern)(path, target), expected, `${pattern} vs ${target}`);
  }
});

test('the first matching route wins and the method must agree when given', () => {
  const routes = compileRoutes([rule('/v2/robot/query', 'POST', 'post-query'), rule('/v2/**', undefined, 'any-v2')]);
  assert.equal(routes.match('POST', '/v2/robot/query', '/v2/robot/query')?.name, 'post-query');
  assert.equal(routes.match('GET', '/v2/robot/query', '/v2/robot/query')?.name, 'any-v2');
  assert.equal(routes.match('GET', '/healthz', '/healthz'), undefined);
});

test('an invalid regex, an empty pattern or one that does not start with / is refused at compile time', () => {
  for (const pattern of ['/(unclosed/', '', 'api/x', '*', '**', '^/api/.*$', ' /api', 'v2/robot/query']) {
    assert.throws(() => compilePattern(pattern), RoutePatternError, JSON.stringify(pattern));
  }
});

test('a route spec splits into METHOD, PATH and the word after the last "=", unless that "=" belongs to the path', () => {
  const cases: ReadonlyArray<readonly [string, string | undefined, string, string | undefined]> = [
    ['POST:/v2/robot/query=query', 'POST', '/v2/robot/query', 'query'],
    ['/v2/**', undefined, '/v2/**', undefined],
    // A word after the last "=" is the comparator's name, known or not: the caller refuses unknown ones.
    ['/**=jsn', undefined, '/**', 'jsn'],
    ['/**=Json', undefined, '/**', 'Json'],
    ['/a=input-hint', undefined, '/a', 'input-hint'],
    ['/a=', undefined, '/a', ''],
    // An "=" between a query key and its value is the path's; a second one names the comparator.
    ['/items?sort=name', undefined, '/items?sort=name', undefined],
    ['/items?sort=name=status', undefined, '/items?sort=name', 'status'],
    ['/search?q=*&lang=en', undefined, '/search?q=*&lang=en', undefined],
    ['/search?q=*&lang=en=json', undefined, '/search?q=*&lang=en', 'json'],
    ['/search?q=', undefined, '/search?q=', undefined],
    // An "=" followed by anything but a word is the path's: inside a regex, a glob.
    ['/^\\/a=b$/', undefined, '/^\\/a=b$/', undefined],
    ['/^\\/a\\?b$/=status', undefined, '/^\\/a\\?b$/', 'status'],
    ['/a=*', undefined, '/a=*', undefined],
    // The method is what comes before the first ":" of a spec that does not start with "/".
    ['get:/api/x', 'get', '/api/x', undefined],
    ['G ET:/x=status', 'G ET', '/x', 'status'],
    ['/a:b', undefined, '/a:b', undefined],
    ['api/x', undefined, 'api/x', undefined],
    ['GET:', 'GET', '', undefined],
  ];
  for (const [spec, method, path, comparator] of cases) assert.deepEqual(splitRouteSpec(spec), { method, path, comparator }, spec);
});

test('an empty spec and a URL are refused when split', () => {
  assert.throws(() => splitRouteSpec(''), { name: 'RoutePatternError', message: /empty route spec/ });
  assert.throws(() => splitRouteSpec('http://staging/api/x'), { name: 'RoutePatternError', message: /a path, not a URL/ });
  assert.throws(() => splitRouteSpec('HTTPS://staging/'), RoutePatternError);
});

test('a method is an HTTP method token, upper-cased; anything else is refused', () => {
  assert.deepEqual(['get', 'Post', 'DELETE', 'm-search', 'VERSION-CONTROL'].map(routeMethod), ['GET', 'POST', 'DELETE', 'M-SEARCH', 'VERSION-CONTROL']);
  for (const method of ['', '*', 'G ET', 'GET/', '1GET', 'GÉT', 'get,post']) {
    assert.throws(() => routeMethod(method), { name: 'RoutePatternError', message: /is not an HTTP method/ }, JSON.stringify(method));
  }
});
