import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPreview } from '../../src/report/json-preview.js';
import { PATH_CHARS, inline, shortenMiddle, shown, shownPath } from '../../src/report/shorten.js';

const SAMPLES: unknown[] = [
  null,
  true,
  0,
  -0,
  1.5e300,
  'text with "quotes", \\ and \u0007',
  '😀 astral',
  [],
  {},
  [1, 'a', null, [2, [3, {}]], { k: [] }],
  { a: 1, 'b c': { d: [true, false] }, __proto__x: 'y', '': '' },
  { skipped: undefined, kept: 1, fn: () => 1 },
  [undefined, () => 1],
  { when: new Date(0) },
];

test('a preview that fits is exactly what JSON.stringify writes', () => {
  for (const value of SAMPLES) {
    const text = JSON.stringify(value);
    assert.deepEqual(jsonPreview(value, 10_000), { text, complete: true }, text);
    assert.deepEqual(jsonPreview(value, text.length), { text, complete: true }, `${text} at its own length`);
  }
  assert.deepEqual(jsonPreview(undefined, 10), { text: 'undefined', complete: true });
  assert.deepEqual(jsonPreview(12n, 10), { text: '12', complete: true });
});

test('a preview that does not fit is the start of the JSON text, marked incomplete', () => {
  for (const value of SAMPLES) {
    const text = JSON.stringify(value);
    for (let max = 0; max < text.length; max += 1) {
      assert.deepEqual(jsonPreview(value, max), { text: text.slice(0, max), complete: false }, `${text} cut at ${max}`);
    }
  }
});

test('a preview of a value too deep for JSON.stringify, or holding a megabyte key, is cheap and bounded', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i += 1) deep = [deep];
  assert.throws(() => JSON.stringify(deep), RangeError, 'JSON.stringify overflows the stack');
  assert.deepEqual(jsonPreview(deep, 10), { text: '[[[[[[[[[[', complete: false });
  const key = 'k'.repeat(1 << 20);
  const preview = jsonPreview({ [key]: 1 }, 40);
  assert.deepEqual(preview, { text: `{"${'k'.repeat(38)}`, complete: false });
  const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
  assert.equal(jsonPreview(wide, 20).text, '{"k0":0,"k1":1,"k2":');
});

test('a long text keeps its start and end around one ellipsis, to the exact limit', () => {
  assert.equal(shortenMiddle('abcdef', 6), 'abcdef');
  assert.equal(shortenMiddle('abcdefgh', 5), 'ab…gh');
  assert.equal(shortenMiddle('abcdefgh', 6), 'abc…gh');
  const long = 'x'.repeat(1000);
  assert.equal(shortenMiddle(long, 200).length, 200);
  const emoji = '😀'.repeat(100);
  const cut = shortenMiddle(emoji, 11);
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(cut), `no half surrogate in ${cut}`);
  assert.deepEqual(shown('abc', 3), { text: 'abc' });
  assert.deepEqual(shown('abcd', 3), { text: 'a…d', fullLength: 4 });
  assert.equal(inline(shown('abcd', 3)), 'a…d (4 chars)');
});

test('a difference path is shown whole up to the limit, else by its start and end with its full length', () => {
  assert.deepEqual(shownPath(['results', 'hint_list', 1, 'score']), { text: 'results.hint_list[1].score' });
  const deep = Array.from({ length: 100_000 }, () => 0);
  const path = shownPath(deep);
  assert.equal(path.text.length, PATH_CHARS);
  assert.equal(path.fullLength, 300_000);
  assert.ok(path.text.startsWith('[0][0]') && path.text.endsWith('[0][0]') && path.text.includes('…'));
  const longKey = shownPath(['a', 'k'.repeat(1 << 20), 'z']);
  assert.equal(longKey.fullLength, (1 << 20) + 4);
  assert.ok(longKey.text.startsWith('a.kkk') && longKey.text.endsWith('kkk.z'));
});
