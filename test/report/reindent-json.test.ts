import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reindentJson } from '../../src/report/reindent-json.js';

test('compact JSON is indented like JSON.stringify with two spaces', () => {
  const text = '{"a":1,"b":[true,null,{"c":"x"}],"d":{},"e":[]}';
  assert.equal(reindentJson(text), JSON.stringify(JSON.parse(text), null, 2));
});

test('numbers keep their digits, beyond what JSON.parse can hold', () => {
  assert.equal(reindentJson('{"n":12345678901234567890}'), '{\n  "n": 12345678901234567890\n}');
});

test('punctuation and escapes inside strings are left alone', () => {
  const text = '{ "k,:{": "a\\"b,[c]" , "t" : "\\\\" }';
  assert.equal(reindentJson(text), '{\n  "k,:{": "a\\"b,[c]",\n  "t": "\\\\"\n}');
});

test('scalars are returned as they are', () => {
  assert.equal(reindentJson(' "x" '), '"x"');
  assert.equal(reindentJson('42'), '42');
});
