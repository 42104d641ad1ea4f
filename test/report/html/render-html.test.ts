import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatPath } from '../../../src/compare/ignore-paths.js';
import type { Cluster } from '../../../src/insight/report-format.js';
import { CLUSTERS_WITH_CONTENT, MAX_CLUSTERS_SHOWN, seenText } from '../../../src/report/html/clusters.js';
import { escapeHtml } from '../../../src/report/html/markup.js';
import { renderHtmlReport } from '../../../src/report/html/render-html.js';
import type { HtmlReportInput } from '../../../src/report/html/render-html.js';
import { Stats } from '../../../src/report/stats.js';
import { hashSource, policyOf, tagSequence, tiles } from '../../helpers/html-page.js';
import { sampleReport, XSS } from '../../helpers/html-report-sample.js';

const sample = renderHtmlReport(sampleReport());

test('the page is one self-contained document: its script and style are allowed by hash, nothing else may load', () => {
  const policy = policyOf(sample);
  const script = /<script>([\s\S]*?)<\/script>/.exec(sample)?.[1] ?? '';
  const style = /<style>([\s\S]*?)<\/style>/.exec(sample)?.[1] ?? '';
  assert.deepEqual(policy, {
    'default-src': "'none'",
    'script-src': hashSource(script),
    'style-src': hashSource(style),
    'base-uri': "'none'",
    'form-action': "'none'",
  });
  assert.ok(sample.indexOf('Content-Security-Policy') < sample.indexOf('<style>'), 'the policy comes before anything it governs');
  assert.equal(sample.match(/<script/g)?.length, 1, 'one script element');
  assert.equal(sample.match(/<style/g)?.length, 1, 'one style element');
  // Text never holds a `<` (it is escaped), so these are the page's own tags.
  const tags = sample.match(/<[a-zA-Z][^>]*>/g) ?? [];
  const attributes = new Set(tags.flatMap((tag) => [...tag.matchAll(/\s([\w-]+)=/g)].map((m) => m[1]!.toLowerCase())));
  assert.ok(!attributes.has('style'), 'no style attribute (the policy would block it)');
  for (const loads of ['src', 'srcset', 'action', 'formaction', 'background', 'poster', 'data', 'xlink:href']) assert.ok(!attributes.has(loads), `no ${loads} attribute`);
  assert.ok(![...attributes].some((name) => name.startsWith('on')), 'no event handler attribute');
  assert.deepEqual(new Set(tags.flatMap((tag) => [...tag.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!.charAt(0)))), new Set(['#']), 'links only within the page');
  assert.doesNotMatch(sample.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, ''), /https?:\/\//, 'no URL');
  assert.match(sample, /^<!DOCTYPE html>\n<html lang="en">/);
});

test('every traffic payload is in the page as escaped text, never as markup', () => {
  for (const payload of Object.values(XSS)) {
    assert.ok(!sample.includes(payload), `raw ${payload}`);
    assert.ok(sample.includes(escapeHtml(payload)) || sample.includes(escapeHtml(JSON.stringify(payload).slice(1, -1))), `escaped ${payload}`);
  }
});

test('the sections hold the report: KPI tiles, routes by error rate, clusters with examples, fields, suggestions, baseline, latency', () => {
  assert.deepEqual(tiles(sample), {
    judged: 1500,
    ok: 1200,
    warn: 30,
    error: 270,
    incomplete: 12,
    skipped: 47,
    'high risk': 105,
    'medium risk': 185,
    'low risk': 15,
    'distinct regressions': 4,
    new: 2,
    persisting: 1,
    fixed: 1,
  });
  const routeOrder = [...sample.matchAll(/<tr class="band-(\w+)"><td class="name"><code>([^<]*)</g)].map((m) => [m[2], m[1]]);
  assert.deepEqual(routeOrder, [
    [escapeHtml(`/x/${XSS.style}`), 'poor'],
    ['GET /api/items', 'neutral'],
    ['POST /api/orders', 'neutral'],
    ['query', 'perfect'],
  ]);
  assert.equal(sample.match(/<article class="cluster /g)?.length, 4);
  assert.match(sample, /4 distinct regressions in 240 differing exchanges\./);
  assert.equal(sample.match(/<details class="example"/g)?.length, 6);
  assert.match(sample, /<span class="badge new">new<\/span>/);
  assert.match(sample, /<span class="badge noise">noise\? shape<\/span>/);
  assert.match(sample, /<mark>\s*&quot;price&quot;: 10\.5,<\/mark>/, 'the changed price is marked in the origin body');
  assert.match(sample, /<mark class="added">\s*&quot;extra&quot;: true<\/mark>/, 'the added field is marked in the replay body');
  assert.match(sample, /<pre class="config" id="suggested-config">\{\n {2}&quot;routes&quot;/);
  assert.equal(sample.match(/<figure class="chart">/g)?.length, 5, 'all routes, then one chart per route');
  assert.match(sample, /3 path occurrences not counted/);
  assert.match(sample, /2026-12-01 10:00:00 … 10:09:00 UTC/);
  assert.deepEqual(
    [seenText('2026-12-01T23:59:00.000Z', '2026-12-02T00:01:00Z'), seenText('yesterday', 'today')],
    ['2026-12-01 23:59:00 … 2026-12-02 00:01:00 UTC', 'yesterday … today'],
  );
});

test('a summary report without the format 2 parts renders, saying what it lacks', () => {
  const stats = new Stats(Date.parse('2026-12-01T10:00:00Z'));
  const page = renderHtmlReport(stats.snapshot(Date.parse('2026-12-01T10:00:05Z')));
  assert.deepEqual(tiles(page), { judged: 0, ok: 0, warn: 0, error: 0, incomplete: 0, skipped: 0 });
  assert.match(page, /This report has no clusters/);
  assert.match(page, /This report has no field statistics/);
  assert.match(page, /run header<\/dt><dd>not in this report/);
  assert.match(page, /No route judged an exchange/);
});

function manyClusters(n: number): HtmlReportInput {
  const base = sampleReport();
  const template = base.clusters!.items[0]!;
  const items: Cluster[] = Array.from({ length: n }, (_, i) => ({ ...template, id: `c${i.toString(16).padStart(12, '0')}`, count: n - i }));
  return { ...base, clusters: { items, overflow: 123 } };
}

test('10 000 clusters: the first 500 are listed, the page says how many are not, only the first 50 carry bodies', () => {
  const page = renderHtmlReport(manyClusters(10_000));
  assert.equal(page.match(/<article class="cluster /g)?.length, MAX_CLUSTERS_SHOWN);
  assert.match(page, /9,500 less frequent clusters not shown here/);
  assert.match(page, /123 differing exchanges had a new fingerprint after the cluster limit/);
  assert.equal(page.match(/<div class="exchange">/g)?.length, CLUSTERS_WITH_CONTENT * 5);
  assert.ok(page.length < 8_000_000, `${page.length} characters`);
});

test('no traffic value, whatever it holds, changes the page structure: only its text', () => {
  const structureWith = (text: string): string[] => {
    const report = sampleReport();
    const cluster = report.clusters!.items[0]!;
    const example = cluster.examples[0]!;
    const key = formatPath([text]);
    const changed: HtmlReportInput = {
      ...report,
      routes: { ...report.routes, [`r ${text}`]: report.routes['query']! },
      fields: { 'GET /api/items': { judged: 10, overflow: 0, paths: { [key]: { count: 1, kinds: { changed: 1 }, examples: [text] } } } },
      clusters: {
        items: [
          {
            ...cluster,
            route: text,
            fields: [[key, 'changed']],
            examples: [
              {
                ...example,
                path: `/p?q=${text}`,
                diffs: [{ path: key, kind: 'changed', origin: text, replay: 'x' }],
                request: { ...example.request!, headers: [[`x-${text}`, text]] },
                origin: { ...example.origin!, body: JSON.stringify({ [text]: text }), headers: [['x', text]] },
                replay: { ...example.replay!, body: text.length === 0 ? '-' : text },
              },
            ],
          },
        ],
        overflow: 0,
      },
      suggestions: { ...report.suggestions!, items: [{ route: text, path: key, evidence: 'shape', rate: 1, confidence: 1, detail: text }] },
    };
    return tagSequence(renderHtmlReport(changed));
  };
  const plain = structureWith('plain');
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(...Object.values(XSS))), (text) => {
      fc.pre(!/^(plain|[A-Za-z_][\w-]*)$/.test(text) || text === 'plain');
      assert.deepEqual(structureWith(text), plain);
    }),
    { numRuns: 60 },
  );
});
