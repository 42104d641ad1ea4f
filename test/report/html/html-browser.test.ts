import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Cluster } from '../../../src/insight/report-format.js';
import { toHexLine } from '../../../src/protocol/gor-file.js';
import { renderHtmlReport } from '../../../src/report/html/render-html.js';
import type { HtmlReportInput } from '../../../src/report/html/render-html.js';
import { browserMissing, launchChromium, openReport } from '../../helpers/browser-page.js';
import type { PageEvents } from '../../helpers/browser-page.js';
import { fixturePath } from '../../helpers/gor-stream.js';
import { repoRoot, runCli } from '../../helpers/run-cli.js';
import { sampleReport, XSS } from '../../helpers/html-report-sample.js';
import { tempDirs } from '../../helpers/temp-dirs.js';

const tempDir = tempDirs('html-browser');
const skip = browserMissing();
const screenshots = join(repoRoot(), 'build', 'screenshots');

/** Writes `page` to a fresh folder and returns its file URL. */
function pageFile(name: string, page: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, page);
  return pathToFileURL(path).href;
}

/** The page did nothing but show itself: no request, no error, no policy violation, no dialog, no payload ran. */
async function assertInert(page: Page, events: PageEvents): Promise<void> {
  assert.deepEqual(events.requests, [], 'no network request');
  assert.deepEqual(events.problems, [], 'no console error, page error or policy violation');
  assert.deepEqual(events.dialogs, [], 'no dialog');
  assert.equal(await page.evaluate('typeof window.__xss'), 'undefined', 'no payload ran');
  assert.equal(await page.locator('script').count(), 1, 'only the report script');
  assert.equal(await page.locator('img, iframe, object, embed, a[href^="javascript"], [onerror], [onmouseover], [onload]').count(), 0, 'no element made from traffic');
}

/** The KPI tiles as the browser shows them. */
async function shownTiles(page: Page): Promise<Record<string, number>> {
  return page.$$eval('.tile', (tiles) =>
    Object.fromEntries(tiles.map((tile) => [tile.querySelector('.k')?.textContent ?? '', Number((tile.querySelector('.n')?.textContent ?? '').replace(/,/g, ''))])),
  );
}

/** A capture whose paths, header values, bodies and field names carry the payloads, as a hex stream `compare` reads. */
function hostileCapture(): Buffer {
  const lines: Buffer[] = [];
  const response = (body: string, note: string): Buffer =>
    Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Note: ${note}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  for (let i = 0; i < 3; i += 1) {
    const id = `a1b2c3d4e5f6a7b8c9d0e1f${i}`;
    const request = Buffer.from(`GET /search?q=<script>window.__xss="path"</script>&i=${i} HTTP/1.1\r\nHost: x\r\nX-Note: ${XSS.img}\r\n\r\n`);
    const origin = JSON.stringify({ [XSS.img]: 1, text: XSS.style, link: XSS.link, n: i });
    const replay = JSON.stringify({ [XSS.img]: 2, text: XSS.closeScript, link: XSS.link, n: i, [XSS.script]: true });
    lines.push(toHexLine(`1 ${id} 1000`, request), toHexLine(`2 ${id} 2000`, response(origin, XSS.attribute)), toHexLine(`3 ${id} 3000 1000`, response(replay, XSS.link)));
  }
  return Buffer.concat(lines);
}

describe('the HTML report in a real browser', { skip, concurrency: false }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    mkdirSync(screenshots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  test('the hand-made report shows every section with its counts, runs no payload, and reaches the clusters by keyboard', async () => {
    const url = pageFile('sample.html', renderHtmlReport(sampleReport()));
    const { context, page, events } = await openReport(browser, url);
    try {
      await assertInert(page, events);
      for (const id of ['run', 'summary', 'routes', 'clusters', 'fields', 'suggestions', 'latency']) assert.ok(await page.locator(`section#${id}`).isVisible(), id);
      const tiles = await shownTiles(page);
      assert.deepEqual([tiles['judged'], tiles['error'], tiles['high risk'], tiles['distinct regressions'], tiles['new'], tiles['fixed']], [1500, 270, 105, 4, 2, 1]);
      assert.deepEqual(await page.$$eval('table.routes tbody td.name', (cells) => cells.map((cell) => cell.textContent)), [
        `/x/${XSS.style}`,
        'GET /api/items',
        'POST /api/orders',
        'query',
      ]);
      assert.equal(await page.locator('article.cluster:visible').count(), 4);
      assert.equal(await page.locator('#cluster-page').textContent(), 'page 1 of 1 (4 clusters)');
      assert.equal(await page.locator('#latency svg.latency').count(), 5);
      const text = (await page.locator('main').textContent()) ?? '';
      for (const payload of Object.values(XSS)) assert.ok(text.includes(payload) || text.includes(JSON.stringify(payload).slice(1, -1)), `shown as text: ${payload}`);

      // Keyboard: Tab from the top reaches a cluster's summary, and Enter opens it.
      let reached = false;
      for (let presses = 0; presses < 60 && !reached; presses += 1) {
        await page.keyboard.press('Tab');
        reached = (await page.evaluate("document.activeElement.matches('article.cluster:not(:first-child) > details > summary')")) === true;
      }
      assert.ok(reached, 'Tab reaches a cluster');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate('document.activeElement.parentElement.open'), true, 'Enter opens the cluster');
      // The section links move the focus too.
      await page.locator('nav.sections a[href="#clusters"]').focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate('document.activeElement.id'), 'clusters');

      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.locator('button[data-copy="suggested-config"]').click();
      assert.equal(await page.evaluate('navigator.clipboard.readText()'), await page.locator('#suggested-config').textContent(), 'the copy button copies the config fragment');

      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(screenshots, 'report.png') });
      await page.screenshot({ path: join(screenshots, 'report-full.png'), fullPage: true });
      await assertInert(page, events);
    } finally {
      await context.close();
    }
  });

  test('10 000 clusters: 500 listed in pages of 25, the hidden ones counted; paging and the filter work', async () => {
    const base = sampleReport();
    const template = base.clusters!.items[0]!;
    const items: Cluster[] = Array.from({ length: 10_000 }, (_, i) => ({ ...template, id: `c${i.toString(16).padStart(12, '0')}`, count: 10_000 - i }));
    const report: HtmlReportInput = { ...base, clusters: { items, overflow: 0 } };
    const { context, page, events } = await openReport(browser, pageFile('many.html', renderHtmlReport(report)));
    try {
      await assertInert(page, events);
      assert.equal(await page.locator('article.cluster').count(), 500);
      assert.equal(await page.locator('article.cluster:visible').count(), 25);
      assert.match((await page.locator('.hidden-clusters').textContent()) ?? '', /^9,500 less frequent clusters not shown/);
      assert.equal(await page.locator('#cluster-page').textContent(), 'page 1 of 20 (500 clusters)');
      await page.locator('#cluster-next').click();
      assert.equal(await page.locator('#cluster-page').textContent(), 'page 2 of 20 (500 clusters)');
      assert.equal(await page.locator('article.cluster:visible .count').first().textContent(), '9,975×');
      await page.locator('#cluster-filter').fill('c0000000001f3');
      assert.equal(await page.locator('article.cluster:visible').count(), 1);
      assert.equal(await page.locator('#cluster-page').textContent(), 'page 1 of 1 (1 cluster)');
      await page.screenshot({ path: join(screenshots, 'report-many-clusters.png') });
    } finally {
      await context.close();
    }
  });

  test('without JavaScript every table and cluster is there, and the script-only controls are not', async () => {
    const { context, page, events } = await openReport(browser, pageFile('nojs.html', renderHtmlReport(sampleReport())), { javaScript: false });
    try {
      assert.deepEqual(events.requests, []);
      assert.equal(await page.locator('table.routes tbody tr').count(), 4);
      assert.equal(await page.locator('article.cluster:visible').count(), 4);
      assert.equal(await page.locator('table.tree:visible').count(), 2);
      assert.equal(await page.locator('#cluster-pager').isVisible(), false);
      assert.equal(await page.locator('button[data-copy]:visible').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('a real report from compare --report --html on fixtures and on a hostile capture opens inert, with its counts', async () => {
    const dir = tempDir();
    const hostile = join(dir, 'hostile.hex');
    writeFileSync(hostile, hostileCapture());
    const html = join(dir, 'compare.html');
    const run = await runCli(
      [
        'compare',
        fixturePath('exchanges', 'robot-regressions.gor'),
        fixturePath('exchanges', 'three-field.gor'),
        hostile,
        '--route',
        '/**',
        '--report',
        join(dir, 'r.json'),
        '--html',
        html,
        '--no-log-file',
        '-q',
      ],
      Buffer.alloc(0),
      { cwd: dir },
    );
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as HtmlReportInput;
    const { context, page, events } = await openReport(browser, pathToFileURL(html).href);
    try {
      await assertInert(page, events);
      const tiles = await shownTiles(page);
      const { ok, warn, error, incomplete } = report.exchanges;
      assert.deepEqual([tiles['judged'], tiles['ok'], tiles['warn'], tiles['error'], tiles['incomplete']], [ok + warn + error, ok, warn, error, incomplete]);
      assert.ok(error >= 3, 'the hostile exchanges differ');
      // What the report holds of the format 2 parts, the page shows: every cluster, every route's field tree.
      assert.equal(await page.locator('article.cluster').count(), report.clusters?.items.length ?? 0);
      assert.equal(await page.locator('details.route-fields').count(), Object.keys(report.fields ?? {}).length);
      for (const id of ['run', 'summary', 'routes', 'clusters', 'fields', 'latency']) assert.ok(await page.locator(`section#${id}`).isVisible(), id);
      await page.screenshot({ path: join(screenshots, 'compare.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
