import { createHash } from 'node:crypto';
import { clustersSection } from './clusters.js';
import { fieldsSection, suggestionsSection } from './fields.js';
import { html } from './markup.js';
import { kpiSection, runSection, topBar } from './overview.js';
import type { HtmlReportInput } from './report-input.js';
import { viewOf } from './report-input.js';
import { latencySection, routesSection } from './routes.js';
import { SCRIPT } from './script.js';
import { STYLES } from './styles.js';

export type { HtmlReportInput } from './report-input.js';

const SECTIONS = [
  ['run', 'Run'],
  ['summary', 'Summary'],
  ['routes', 'Routes'],
  ['clusters', 'Regressions'],
  ['fields', 'Fields'],
  ['suggestions', 'Suggestions'],
  ['latency', 'Latency'],
] as const;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The policy of the page: nothing may load (no request, font, image or frame), no script
 * runs but the report's own and no style applies but its own, both allowed by their hash;
 * no base URL, no form target.
 */
export function contentSecurityPolicy(script: string, styles: string): string {
  return `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(styles)}; base-uri 'none'; form-action 'none'`;
}

/**
 * The HTML report of a report object: one self-contained page (inline style, script and SVG,
 * nothing fetched) that opens offline. Pure: value in, text out. Every value of the report is
 * text in the page, escaped (see markup.ts); the Content-Security-Policy blocks any other
 * script and any network access should something slip through.
 */
export function renderHtmlReport(report: HtmlReportInput): string {
  const view = viewOf(report);
  const body = html`${topBar(view, SECTIONS)}<main>${runSection(view)}${kpiSection(view)}${routesSection(view)}${clustersSection(view)}${fieldsSection(view)}${suggestionsSection(view)}${latencySection(view)}</main>`;
  const title = `goreplay-diff report, ${report.updatedAt}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(SCRIPT, STYLES)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${html`${title}`.text}</title>
<style>${STYLES}</style>
</head><body>
${body.text}
<script>${SCRIPT}</script>
</body></html>
`;
}
