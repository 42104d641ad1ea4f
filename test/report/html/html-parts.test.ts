import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pathSegments, treeRows } from '../../../src/report/html/fields.js';
import { bandOf, percent, quantileOf } from '../../../src/report/html/format.js';
import { isWithin, jsonLines } from '../../../src/report/html/json-lines.js';
import { escapeHtml, html, join, Markup } from '../../../src/report/html/markup.js';
import { formatPath } from '../../../src/compare/ignore-paths.js';
import { LatencyHistogram } from '../../../src/report/latency-histogram.js';
import { histogramOf } from '../../helpers/html-report-sample.js';

test('the html tag escapes every interpolated text for HTML text and quoted attributes, and keeps only its own Markup', () => {
  const hostile = `<script>alert(1)</script>" onload='x' &amp;`;
  const page = html`<p title="${hostile}">${hostile}${42}${null}${undefined}${false}${[hostile, html`<b>${hostile}</b>`]}</p>`;
  const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&#39;x&#39; &amp;amp;';
  assert.equal(page.text, `<p title="${escaped}">${escaped}42${escaped}<b>${escaped}</b></p>`);
  assert.ok(page instanceof Markup);
  assert.equal(join(['<', html`<i></i>`]).text, '&lt;<i></i>');
  assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
});

test('escaped text never holds a character that opens a tag, an entity or leaves an attribute', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
      const out = html`${text}`.text;
      assert.doesNotMatch(out, /[<>"']/);
      assert.equal(
        out.replace(/&(amp|lt|gt|quot|#39);/g, ''),
        text.replace(/[&<>"']/g, '').replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`),
      );
    }),
  );
});

test('bidirectional formatting characters from traffic are shown as their code points, never obeyed', () => {
  // "/api/admin" written right to left: a path that would read as another one.
  const spoofed = '/api/\u202enimda\u202c?x=\u2066y\u2069\u200f';
  assert.equal(escapeHtml(spoofed), '/api/[U+202E]nimda[U+202C]?x=[U+2066]y[U+2069][U+200F]');
  assert.equal(html`<td title="${spoofed}">${spoofed}</td>`.text, `<td title="${escapeHtml(spoofed)}">${escapeHtml(spoofed)}</td>`);
  // Other non-ASCII text is kept as it is.
  assert.equal(escapeHtml('天气 – naïve \u200d'), '天气 – naïve \u200d');
});

test('JSON bodies are pretty-printed line by line with each value path; numbers stay as written', () => {
  const lines = jsonLines('{"a":{"b":[1,{"c":12345678901234567890}],"e":[],"f":{}},"we ird":"x","n":null}');
  assert.deepEqual(lines, [
    { text: '{', path: '$' },
    { text: '  "a": {', path: 'a' },
    { text: '    "b": [', path: 'a.b' },
    { text: '      1,', path: 'a.b[0]' },
    { text: '      {', path: 'a.b[1]' },
    { text: '        "c": 12345678901234567890', path: 'a.b[1].c' },
    { text: '      }', path: 'a.b[1]' },
    { text: '    ],', path: 'a.b' },
    { text: '    "e": [],', path: 'a.e' },
    { text: '    "f": {}', path: 'a.f' },
    { text: '  },', path: 'a' },
    { text: '  "we ird": "x",', path: formatPath(['we ird']) },
    { text: '  "n": null', path: 'n' },
    { text: '}', path: '$' },
  ]);
  assert.deepEqual(jsonLines(' 7 '), [{ text: '7', path: '$' }]);
});

test('a body that is not one whole JSON value is not pretty-printed', () => {
  for (const text of ['{"a":1', '{"a":1}x', 'plain text', '{"a":01}', '{"a" 1}', '[1,]', '', '{"a":"\u0001"}', `${'['.repeat(100)}${']'.repeat(100)}`]) {
    assert.equal(jsonLines(text), null, text);
  }
});

test('pretty-printing any JSON value gives back the same value, line paths included', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
      const text = JSON.stringify(value);
      const lines = jsonLines(text);
      assert.ok(lines !== null);
      assert.deepEqual(JSON.parse(lines.map((line) => line.text).join('\n')), JSON.parse(text));
    }),
  );
});

test('a path lies within another only at a segment boundary', () => {
  assert.ok(isWithin('items[2].id', 'items[2]'));
  assert.ok(isWithin('items[2]', 'items[2]'));
  assert.ok(isWithin('a.b', 'a'));
  assert.ok(isWithin('anything', '$'));
  assert.ok(!isWithin('items[20]', 'items[2]'));
  assert.ok(!isWithin('ab', 'a'));
});

test('quantiles from histogram data equal LatencyHistogram quantiles of the same samples', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.double({ min: -5, max: 5e6, noNaN: true }), fc.integer({ min: 1, max: 2000 })), { minLength: 1, maxLength: 300 }), (samples) => {
      const histogram = new LatencyHistogram();
      for (const value of samples) histogram.record(value);
      const data = histogramOf(samples);
      for (const q of [0.01, 0.5, 0.95, 0.99, 1]) assert.equal(quantileOf(data, q), histogram.quantile(q), `q=${q}`);
    }),
  );
  assert.equal(quantileOf(histogramOf([]), 0.5), null);
  assert.equal(quantileOf(undefined, 0.5), null);
});

test('rates and bands: Diffy bands of the error rate, nothing judged is its own band', () => {
  assert.deepEqual(
    [bandOf(0, 0), bandOf(0, 10), bandOf(1, 2000), bandOf(1, 500), bandOf(4, 100), bandOf(5, 100), bandOf(49, 100), bandOf(50, 100)],
    ['none', 'perfect', 'perfect', 'almost', 'almost', 'neutral', 'neutral', 'poor'],
  );
  assert.deepEqual([percent(1, 0), percent(0, 5), percent(1, 3), percent(1, 100000), percent(5, 5)], ['–', '0.0%', '33.3%', '<0.1%', '100.0%']);
});

test('paths split into keys with their positions; quoted keys may hold dots and brackets', () => {
  assert.deepEqual(pathSegments('results.items[*].price'), ['results', 'items[*]', 'price']);
  assert.deepEqual(pathSegments('meta["a.b[c]"].x'), ['meta["a.b[c]"]', 'x']);
  assert.deepEqual(pathSegments('["q\\"uote"][*]'), ['["q\\"uote"][*]']);
  assert.deepEqual(pathSegments('$'), ['$']);
  assert.deepEqual(pathSegments('headers.content-type'), ['headers', 'content-type']);
  assert.deepEqual(pathSegments('[".["][0]'), ['[".["][0]']);
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.nat(30)), { minLength: 1, maxLength: 5 }), (path) => {
      // Brackets stay with the key before them, so the segments joined by dots give the path back (a quoted key may itself hold `.[`).
      assert.equal(pathSegments(formatPath(path)).join('.'), formatPath(path));
    }),
  );
});

test('the field tree lists every path once under its parents, parents without counts once each', () => {
  const stat = { count: 1, kinds: { changed: 1 }, examples: [] };
  const rows = treeRows(['b.x', 'a', 'b.y[*].z', 'b'], { a: stat, b: stat, 'b.x': stat, 'b.y[*].z': stat });
  assert.deepEqual(
    rows.map((row) => [row.depth, row.label, row.stat === null ? 'group' : row.path]),
    [
      [0, 'a', 'a'],
      [0, 'b', 'b'],
      [1, 'x', 'b.x'],
      [1, 'y[*]', 'group'],
      [2, 'z', 'b.y[*].z'],
    ],
  );
});
