import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../../src/compare/ignore-paths.js';
import { parseJsonBody } from '../../src/compare/json-body.js';
import { diffJson } from '../../src/compare/json-diff.js';
import { compileTolerances, parseTolerance, type ToleranceRule, type ValueRules } from '../../src/compare/value-rules.js';

function rule(spec: string): ToleranceRule {
  const parsed = parseTolerance(spec);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

function tolerances(...specs: string[]): ValueRules {
  return { tolerances: compileTolerances(specs.map(rule))! };
}

/** Differences as `kind path` lines; bodies parsed like real ones, so big numbers stay exact. */
function lines(origin: string, replay: string, values: ValueRules): string[] {
  const parse = (text: string): unknown => parseJsonBody(Buffer.from(text));
  return diffJson(parse(origin), parse(replay), { maxDiffs: 50, values }).diffs.map((d) => `${d.kind} ${formatPath(d.path)}`);
}

test('an absolute tolerance accepts differences up to it, both ways, and no more', () => {
  const values = tolerances('price=0.01');
  assert.deepEqual(lines('{"price":1.00}', '{"price":1.01}', values), []);
  assert.deepEqual(lines('{"price":1.01}', '{"price":1.00}', values), []);
  assert.deepEqual(lines('{"price":1.00}', '{"price":1.011}', values), ['changed price']);
});

test('a tolerance is exact decimal arithmetic: 0.1 + 0.2 style rounding does not widen or narrow it', () => {
  assert.deepEqual(lines('{"a":0.3}', '{"a":0.30000000000000004}', tolerances('a=0.00000000000000004')), []);
  assert.deepEqual(lines('{"a":0.3}', '{"a":0.30000000000000004}', tolerances('a=0.00000000000000003')), ['changed a']);
});

test('a tolerance of 0 is exact equality, and other paths stay exact', () => {
  assert.deepEqual(lines('{"a":1,"b":1}', '{"a":1.000001,"b":1.000001}', tolerances('a=0')), ['changed a', 'changed b']);
  assert.deepEqual(lines('{"a":1,"b":1}', '{"a":1.5,"b":1.000001}', tolerances('a=1')), ['changed b']);
});

test('negative numbers and differences across zero are measured by their distance', () => {
  const values = tolerances('t=0.5');
  assert.deepEqual(lines('{"t":-1}', '{"t":-1.5}', values), []);
  assert.deepEqual(lines('{"t":-0.25}', '{"t":0.25}', values), []);
  assert.deepEqual(lines('{"t":-0.25}', '{"t":0.26}', values), ['changed t']);
});

test('a relative tolerance is a percentage of the origin value, negative values by their magnitude', () => {
  const values = tolerances('total=2%');
  assert.deepEqual(lines('{"total":100}', '{"total":102}', values), []);
  assert.deepEqual(lines('{"total":100}', '{"total":97.9}', values), ['changed total']);
  assert.deepEqual(lines('{"total":-50}', '{"total":-51}', values), []);
  assert.deepEqual(lines('{"total":-50}', '{"total":-51.5}', values), ['changed total']);
});

test('a relative tolerance with origin 0 accepts only 0', () => {
  const values = tolerances('n=50%');
  assert.deepEqual(lines('{"n":0}', '{"n":0.0}', values), []);
  assert.deepEqual(lines('{"n":0}', '{"n":0.000001}', values), ['changed n']);
});

test('big exact numbers are compared exactly within a tolerance, not as rounded doubles', () => {
  assert.deepEqual(lines('{"id":12345678901234567890}', '{"id":12345678901234567891}', tolerances('id=0.5')), ['changed id']);
  assert.deepEqual(lines('{"id":12345678901234567890}', '{"id":12345678901234567891}', tolerances('id=1')), []);
  assert.deepEqual(lines('{"x":0.10000000000000000001}', '{"x":0.1}', tolerances('x=0.00000000000000000001')), []);
});

test('tolerance paths take the ignore-path syntax: nested keys, array indexes, wildcards', () => {
  const values = tolerances('items[*].score=0.1', 'meta.stats.**.avg=1%');
  const origin = '{"items":[{"score":1,"n":1},{"score":2,"n":2}],"meta":{"stats":{"a":{"b":{"avg":100}}}}}';
  assert.deepEqual(lines(origin, '{"items":[{"score":1.1,"n":1},{"score":1.95,"n":2}],"meta":{"stats":{"a":{"b":{"avg":101}}}}}', values), []);
  assert.deepEqual(lines(origin, '{"items":[{"score":1.2,"n":1},{"score":2,"n":3}],"meta":{"stats":{"a":{"b":{"avg":102}}}}}', values), [
    'changed items[0].score',
    'changed items[1].n',
    'changed meta.stats.a.b.avg',
  ]);
});

test('numbers in an array within tolerance are equal, elements of an array path too', () => {
  assert.deepEqual(lines('{"xs":[1,2,3]}', '{"xs":[1.05,2.05,2.95]}', tolerances('xs[*]=0.1')), []);
  assert.deepEqual(lines('[10,20]', '[10.5,21]', tolerances('[1]=1')), ['changed [0]']);
});

test('a tolerance never makes a number equal to another type', () => {
  assert.deepEqual(lines('{"a":1}', '{"a":"1"}', tolerances('a=5')), ['type_changed a']);
  assert.deepEqual(lines('{"a":1}', '{"a":null}', tolerances('a=5')), ['type_changed a']);
});

test('tolerance specs that are not PATH=non-negative amount are refused with a reason', () => {
  for (const spec of ['price', '=1', 'price=', 'price=-1', 'price=abc', 'price=1%%', 'a..b=1', 'price=1e3']) {
    assert.ok('error' in parseTolerance(spec), spec);
  }
  assert.deepEqual(parseTolerance('a.b=2.5%'), { path: 'a.b', amount: '2.5', relative: true });
  assert.deepEqual(parseTolerance('["x=y"]=1'), { path: '["x=y"]', amount: '1', relative: false });
});

test('null equals a missing key in both directions, only when asked', () => {
  const values = { nullEqualsMissing: true };
  assert.deepEqual(lines('{"a":1,"b":null}', '{"a":1}', values), []);
  assert.deepEqual(lines('{"a":1}', '{"a":1,"b":null}', values), []);
  assert.deepEqual(lines('{"x":{"b":null}}', '{"x":{"c":null}}', values), []);
  assert.deepEqual(lines('{"a":1,"b":null}', '{"a":1}', {}), ['removed b']);
  assert.deepEqual(lines('{"a":1}', '{"a":1,"b":null}', {}), ['added b']);
});

test('null equal to missing does not make null equal to a value, nor a missing key equal to a value', () => {
  const values = { nullEqualsMissing: true };
  assert.deepEqual(lines('{"b":null}', '{"b":0}', values), ['type_changed b']);
  assert.deepEqual(lines('{"b":false}', '{}', values), ['removed b']);
  assert.deepEqual(lines('{}', '{"b":[]}', values), ['added b']);
  assert.deepEqual(lines('[null]', '[]', values), ['removed [0]']);
});

test('loose types: a string equals the number or boolean it spells, both ways', () => {
  const values = { looseTypes: true };
  assert.deepEqual(lines('{"a":"1","b":true,"c":"false","d":1.5}', '{"a":1,"b":"true","c":false,"d":"1.50"}', values), []);
  assert.deepEqual(lines('{"big":"12345678901234567890"}', '{"big":12345678901234567890}', values), []);
  assert.deepEqual(lines('{"big":"12345678901234567891"}', '{"big":12345678901234567890}', values), ['type_changed big']);
});

test('loose types still tell different values apart, and are off by default', () => {
  const values = { looseTypes: true };
  assert.deepEqual(lines('{"a":"1","b":"True","c":"","d":"1x","e":"null"}', '{"a":2,"b":true,"c":0,"d":1,"e":null}', values), [
    'type_changed a',
    'type_changed b',
    'type_changed c',
    'type_changed d',
    'type_changed e',
  ]);
  assert.deepEqual(lines('{"a":"1"}', '{"a":1}', {}), ['type_changed a']);
});

test('loose types and a tolerance combine: a numeric string is within tolerance of a number only by loose equality', () => {
  const values = { ...tolerances('a=1'), looseTypes: true };
  assert.deepEqual(lines('{"a":"2","b":"3"}', '{"a":2.5,"b":3}', values), ['type_changed a']);
});

test('arrays of the same length whose elements are equal only by the value rules are equal; an inserted element is still a difference', () => {
  const values = { ...tolerances('xs[*]=0.01'), nullEqualsMissing: true, looseTypes: true };
  assert.deepEqual(lines('{"xs":[1,2,3],"ys":[{"a":null},"1"]}', '{"xs":[1.001,2.001,3.001],"ys":[{},1]}', values), []);
  assert.notDeepEqual(lines('{"xs":[1,2,3]}', '{"xs":[0,1.001,2,3]}', values), []);
});
