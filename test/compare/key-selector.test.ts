import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExactNumber } from '../../src/compare/exact-number.js';
import { compileIgnorePaths, formatPath, parseIgnorePath, type PathSegment } from '../../src/compare/ignore-paths.js';
import { keyIdentity, keyValueOf } from '../../src/compare/key-selector.js';

const key = (field: string, value: string | number | ExactNumber): PathSegment => ({ field, value });

test('formatPath names a keyed element by its key, quoting string keys that would read otherwise', () => {
  assert.equal(formatPath(['results', 'items', key('id', 7), 'price']), 'results.items[id=7].price');
  assert.equal(formatPath([key('sku', 'A-1.b:c_d')]), '[sku=A-1.b:c_d]');
  assert.equal(formatPath([key('id', -2.5)]), '[id=-2.5]');
  assert.equal(formatPath([key('id', new ExactNumber('18446744073709551615'))]), '[id=18446744073709551615]');
  const odd: [string, string][] = [
    ['7', '[id="7"]'],
    ['1e5', '[id="1e5"]'],
    ['a]b', '[id="a]b"]'],
    ['x=y', '[id="x=y"]'],
    ['two words', '[id="two words"]'],
    ['say "hi"', '[id="say \\"hi\\""]'],
    ['', '[id=""]'],
    ['[0]', '[id="[0]"]'],
    ['\u001b[2J', '[id="\\u001b[2J"]'],
  ];
  for (const [value, text] of odd) assert.equal(formatPath(['l', key('id', value)]), `l${text}`, value);
  assert.equal(formatPath([key('my field', 1)]), '["my field"=1]');
  assert.equal(formatPath([key('a]=b', 'x')]), '["a]=b"=x]');
});

test('a [field=key] pattern matches that keyed element only; [*], * and ** match any keyed element, [0] none', () => {
  const path = ['items', key('id', 7), 'price'];
  const matches = (pattern: string, at: PathSegment[] = path): boolean => compileIgnorePaths([pattern]).matches(at);
  for (const pattern of ['items[id=7].price', 'items[id=7]', 'items[id=7.0]', 'items[id=007]', 'items[*].price', 'items.*.price', '**.price', 'items[id=7].*']) {
    assert.equal(matches(pattern), true, pattern);
  }
  for (const pattern of ['items[id=8].price', 'items[id="7"].price', 'items[ref=7].price', 'items[0].price', 'items./id/.price', 'items.id.price']) {
    assert.equal(matches(pattern), false, pattern);
  }
  assert.equal(matches('items[id="7"]', ['items', key('id', '7')]), true);
  assert.equal(matches('items[id=7]', ['items', key('id', '7')]), false);
  assert.equal(matches('items[sku=A-1]', ['items', key('sku', 'A-1')]), true);
  assert.equal(matches('items["my field"="a]b"]', ['items', key('my field', 'a]b')]), true);
  // One matcher keeps its memo per state: a keyed element must not reuse an index's transition wrongly.
  const matcher = compileIgnorePaths(['items[0]', 'items[id=7]']);
  assert.deepEqual(
    [matcher.matches(['items', 3]), matcher.matches(['items', key('id', 8)]), matcher.matches(['items', key('id', 7)]), matcher.matches(['items', 0])],
    [false, false, true, true],
  );
});

test('malformed key selectors are refused with their position', () => {
  const cases: [string, string][] = [
    ['a[id=]', "a key must be a number, a word of letters, digits, '_', '.', ':', '-' or a quoted string at position 5"],
    ['a[id=x y]', "a key must be a number, a word of letters, digits, '_', '.', ':', '-' or a quoted string at position 5"],
    ['a[=1]', 'empty key field at position 1'],
    ['a[id="x]', "unclosed '[' at position 1"],
    ['a[id=x', "unclosed '[' at position 1"],
    ['a[id="x"', "unclosed '[' at position 1"],
    ['a["id"=1', "unclosed '[' at position 1"],
    ['a[i d=1]', 'a key field is a word or a quoted string at position 2'],
    ['a[id="\\q"]', 'invalid quoted key at position 5'],
    ['a["\\q"=1]', 'invalid quoted key at position 1'],
    ['a["\\q"]', 'invalid quoted key at position 1'],
  ];
  for (const [pattern, error] of cases) assert.deepEqual(parseIgnorePath(pattern), { error }, pattern);
});

test('keyValueOf reads string and number keys of objects only; keyIdentity keeps strings and numbers apart', () => {
  assert.equal(keyValueOf({ id: 'a' }, 'id'), 'a');
  assert.equal(keyValueOf({ id: 0 }, 'id'), 0);
  for (const element of [{ id: true }, { id: null }, { id: {} }, { other: 1 }, [1], 'id', 5, null, new ExactNumber('1')]) {
    assert.equal(keyValueOf(element, 'id'), undefined, JSON.stringify(element));
  }
  assert.equal(keyValueOf(Object.create({ id: 1 }) as unknown, 'id'), undefined, 'an inherited field is no key');
  assert.notEqual(keyIdentity('7'), keyIdentity(7));
  assert.equal(keyIdentity(7), keyIdentity(new ExactNumber('7.000')));
  assert.equal(keyIdentity(-0), keyIdentity(0));
});

const keyValueArb: fc.Arbitrary<string | number | ExactNumber> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('7', '-1', 'a]b', 'x=y', '"', '\\', ' ', 'A-1', '1e5', 'true'),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(new ExactNumber('18446744073709551615'), new ExactNumber('1e400')),
);
const segmentArb: fc.Arbitrary<PathSegment> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.nat({ max: 20 }),
  fc.record({ field: fc.oneof(fc.constantFrom('id', 'sku'), fc.string({ minLength: 1, maxLength: 4 })), value: keyValueArb }),
);

test('a formatted path with keyed elements parses back into a pattern matching exactly that path', () => {
  fc.assert(
    fc.property(fc.array(segmentArb, { minLength: 1, maxLength: 6 }), segmentArb, (path, extra) => {
      const text = formatPath(path);
      const matcher = compileIgnorePaths([text]);
      assert.equal(matcher.matches(path), true, text);
      assert.equal(matcher.matches(path.slice(0, -1)), false, text);
      assert.equal(matcher.matches([...path, extra]), true, text);
    }),
    { numRuns: 300 },
  );
});
