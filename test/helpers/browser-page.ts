import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs; the browser tests need it. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or false when they can. */
export function browserMissing(): string | false {
  return existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) to run the browser tests`;
}

/** Starts headless Chromium through playwright-core (which never downloads a browser of its own). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/** What a page did that a self-contained, inert report must never do. */
export interface PageEvents {
  /** Every request other than for the page's own file. */
  readonly requests: string[];
  /** Console errors and warnings, page errors, and Content-Security-Policy violations. */
  readonly problems: string[];
  /** Messages of alert, confirm and prompt dialogs. */
  readonly dialogs: string[];
}

/**
 * Opens `fileUrl` in a fresh 1280×800 context and records every request (and refuses it,
 * so nothing leaves the machine), every console error or warning, page error, policy
 * violation and dialog. A script flag `window.__xss`, which the test payloads would set, is
 * left undefined before the page's own script runs.
 */
export async function openReport(
  browser: Browser,
  fileUrl: string,
  options: { readonly javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; events: PageEvents }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: options.javaScript ?? true });
  const events: PageEvents = { requests: [], problems: [], dialogs: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === fileUrl) return route.continue();
    events.requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.url() !== fileUrl && !events.requests.includes(request.url())) events.requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') events.problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => events.problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    events.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Runs before the page's own script; a string, since the test build has no DOM types.
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error('policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
  await page.goto(fileUrl, { waitUntil: 'load' });
  return { context, page, events };
}
