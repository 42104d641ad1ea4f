import { RISKS } from '../../compare/risk.js';
import { count } from './format.js';
import { html, join } from './markup.js';
import type { Content, Markup } from './markup.js';
import type { ReportView } from './report-input.js';

/** The page's title bar: what ran, the gate's result and the links to each section. */
export function topBar(view: ReportView, sections: ReadonlyArray<readonly [id: string, title: string]>): Markup {
  const result = view.run?.gates.result ?? null;
  const gate = result === null ? null : html`<span class="gate ${result === 'pass' ? 'pass' : 'fail'}">gate: ${result}</span>`;
  return html`<header class="top"><h1>goreplay-diff report</h1>${view.run === null ? null : html`<span>${view.run.mode}</span>`}${gate}
<nav class="sections" aria-label="Sections">${join(sections.map(([id, title]) => html`<a href="#${id}">${title}</a>`))}</nav></header>`;
}

function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The run header: mode, sources, target, time window and gates; routes and options folded below. */
export function runSection(view: ReportView): Markup {
  const { report, run } = view;
  const rows: Array<readonly [string, Content]> = [];
  if (run !== null) rows.push(['mode', `${run.mode} (goreplay-diff ${run.version})`], ['target', run.target ?? '–']);
  rows.push(['time window', `${report.startedAt} → ${report.updatedAt} (${report.elapsedSeconds} s)`]);
  if (run === null) {
    rows.push(['run header', 'not in this report (it came with report format 2)']);
    return html`<section class="block" id="run" tabindex="-1"><h2>Run</h2><dl class="run">${join(rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`))}</dl>${warningList(report.warnings)}</section>`;
  }
  const { gates } = run;
  rows.push(['gates', `fail on ${gates.failOn}, at least ${gates.minSamples} judged${gates.failOnNew ? ', fail on new clusters' : ''}: ${gates.result ?? 'not decided yet'}`]);
  rows.push(['sources', run.sources.join(', ') || '–']);
  const routes = run.routes.map(
    (route) => html`<tr><td class="name"><code>${route.name}</code></td><td class="name"><code>${route.match}</code></td><td>${route.comparator}</td></tr>`,
  );
  const options = Object.keys(run.options).map((key) => html`<tr><td><code>${key}</code></td><td class="name"><code>${jsonText(run.options[key])}</code></td></tr>`);
  const more = html`<details class="run-more"><summary>${count(routes.length)} route${routes.length === 1 ? '' : 's'}, ${count(options.length)} non-default option${options.length === 1 ? '' : 's'}</summary><div class="pair">
<table><thead><tr><th>route</th><th>match</th><th>comparator</th></tr></thead><tbody>${join(routes)}</tbody></table>
<table><thead><tr><th>option</th><th>value</th></tr></thead><tbody>${options.length === 0 ? html`<tr><td colspan="2" class="muted">defaults</td></tr>` : join(options)}</tbody></table></div></details>`;
  return html`<section class="block" id="run" tabindex="-1"><h2>Run</h2><dl class="run">${join(rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`))}</dl>${more}${warningList(report.warnings)}</section>`;
}

function warningList(warnings: readonly string[]): Markup | null {
  return warnings.length === 0 ? null : html`<h3>Warnings</h3><ul class="warnings">${join(warnings.map((w) => html`<li>${w}</li>`))}</ul>`;
}

function tile(kind: string, label: string, value: number | string): Markup {
  return html`<div class="tile ${kind}"><span class="n">${typeof value === 'number' ? count(value) : value}</span><span class="k">${label}</span></div>`;
}

/** The KPI tiles: verdicts, skipped, risk distribution and distinct regressions. */
export function kpiSection(view: ReportView): Markup {
  const { exchanges, skipped } = view.report;
  const judged = exchanges.ok + exchanges.warn + exchanges.error;
  const skippedTotal = skipped.unwatched + skipped.filtered + skipped.evicted + skipped.orphaned + (skipped.shed ?? 0);
  const tiles: Markup[] = [
    tile('judged', 'judged', judged),
    tile('ok', 'ok', exchanges.ok),
    tile('warn', 'warn', exchanges.warn),
    tile('error', 'error', exchanges.error),
    tile('incomplete', 'incomplete', exchanges.incomplete),
    tile('skipped', 'skipped', skippedTotal),
  ];
  if (view.risk !== null) for (const risk of RISKS) tiles.push(tile(risk, `${risk} risk`, view.risk[risk]));
  if (view.clusters !== null) tiles.push(tile('clusters', view.clusters.overflow > 0 ? 'distinct regressions (cap reached)' : 'distinct regressions', view.clusters.items.length));
  const reasonCounts: Readonly<Record<string, number | undefined>> = view.report.reasons;
  const reasons = Object.keys(reasonCounts).map((reason) => html`<li><code>${reason}</code> ${count(reasonCounts[reason] ?? 0)}</li>`);
  const reasonTable = reasons.length === 0 ? null : html`<h3>Reasons</h3><ul class="chips reasons">${join(reasons)}</ul>`;
  const skippedNote = html`<p class="note">skipped: ${count(skipped.unwatched)} unwatched, ${count(skipped.filtered)} filtered, ${count(skipped.evicted)} evicted, ${count(skipped.orphaned)} orphaned, ${count(skipped.shed ?? 0)} shed; ${count(view.report.pending)} pending.</p>`;
  return html`<section class="block" id="summary" tabindex="-1"><h2>Summary</h2><div class="tiles">${join(tiles)}</div>${skippedNote}<div class="pair"><div>${reasonTable}</div><div>${baselineBlock(view)}</div></div></section>`;
}

function baselineBlock(view: ReportView): Markup | null {
  const baseline = view.baseline;
  if (baseline === null) return null;
  const fixed =
    baseline.fixedClusters.length === 0
      ? null
      : html`<table class="fixed"><thead><tr><th>fixed cluster</th><th>route</th><th>reason</th><th class="n">count before</th></tr></thead><tbody>${join(
          baseline.fixedClusters.map(
            (c) => html`<tr><td><code>${c.id}</code></td><td class="name">${c.route}</td><td><code>${c.reason}</code></td><td class="n">${count(c.count)}</td></tr>`,
          ),
        )}</tbody></table>`;
  return html`<h3>Against the baseline <code>${baseline.file}</code></h3><div class="tiles">${tile('new', 'new', baseline.new)}${tile('persisting', 'persisting', baseline.persisting)}${tile('fixed', 'fixed', baseline.fixed)}</div>${fixed}`;
}
