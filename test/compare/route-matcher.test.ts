import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, compileRoutes, RoutePatternError } from '../../src/compare/route-matcher.js';
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

test('an invalid regex or an empty pattern is refused at compile time', () => {
  assert.throws(() => compilePattern('/(unclosed/'), RoutePatternError);
  assert.throws(() => compilePattern(''), RoutePatternError);
});
