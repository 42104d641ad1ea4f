import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBody } from '../../src/compare/json-body.js';
import { FilterSyntaxError, parseFilter, passesFilters } from '../../src/compare/request-filter.js';
import { HttpHeaders } from '../../src/protocol/http-payload.js';

const input = (json: unknown, query = '', headers: Array<[string, string]> = []) => ({
  query,
  headers: new HttpHeaders(headers),
  json: () => json,
});

test('filter specs: body by default, query and header by prefix, several values', () => {
  assert.deepEqual(parseFilter('robot_id=664'), { source: 'body', key: 'robot_id', values: ['664'] });
  assert.deepEqual(parseFilter('robot_id=664,700'), { source: 'body', key: 'robot_id', values: ['664', '700'] });
  assert.deepEqual(parseFilter('query:robot=1'), { source: 'query', key: 'robot', values: ['1'] });
  assert.deepEqual(parseFilter('header:X-Robot=a'), { source: 'header', key: 'X-Robot', values: ['a'] });
  assert.deepEqual(parseFilter('body:meta.robot.id=9'), { source: 'body', key: 'meta.robot.id', values: ['9'] });
});

test('bad filter specs are refused with a message naming the spec', () => {
  for (const spec of ['robot_id', '=664', 'robot_id=', 'cookie:x=1', 'query:=1']) {
    assert.throws(
      () => parseFilter(spec),
      (error: unknown) => error instanceof FilterSyntaxError && error.message.includes(spec),
      spec,
    );
  }
});

test('a body field matches as text whether it is a string or a number, at any depth', () => {
  const filters = [parseFilter('robot_id=664,700')];
  assert.equal(passesFilters(filters, input({ robot_id: '664' })), true);
  assert.equal(passesFilters(filters, input({ robot_id: 700 })), true);
  assert.equal(passesFilters(filters, input({ robot_id: '701' })), false);
  assert.equal(passesFilters(filters, input({})), false);
  assert.equal(passesFilters(filters, input('not an object')), false);
  assert.equal(passesFilters([parseFilter('meta.robot=1')], input({ meta: { robot: 1 } })), true);
});

test('a body number no double holds matches as written, not as the double nearest to it', () => {
  const body = parseJsonBody(Buffer.from('{"robot_id":12345678901234567891}'));
  assert.equal(passesFilters([parseFilter('robot_id=12345678901234567891')], input(body)), true);
  assert.equal(passesFilters([parseFilter('robot_id=12345678901234567890,12345678901234567000')], input(body)), false);
});

test('inherited names are not fields: constructor is absent unless sent', () => {
  assert.equal(passesFilters([parseFilter('constructor=x')], input({})), false);
  assert.equal(passesFilters([parseFilter('constructor=x')], input({ constructor: 'x' })), true);
});

test('query and header filters read the request line and headers', () => {
  assert.equal(passesFilters([parseFilter('query:robot_id=664')], input(undefined, 'a=1&robot_id=664')), true);
  assert.equal(passesFilters([parseFilter('query:robot_id=664')], input(undefined, 'robot_id=665')), false);
  assert.equal(passesFilters([parseFilter('header:x-robot=7')], input(undefined, '', [['X-Robot', '7']])), true);
});

test('every filter must pass', () => {
  const filters = [parseFilter('robot_id=664'), parseFilter('header:x-env=prod')];
  assert.equal(passesFilters(filters, input({ robot_id: '664' }, '', [['x-env', 'prod']])), true);
  assert.equal(passesFilters(filters, input({ robot_id: '664' }, '', [['x-env', 'dev']])), false);
});
