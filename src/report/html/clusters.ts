import type { Risk } from '../../compare/risk.js';
import type { Cluster } from '../../insight/report-format.js';
import { exampleMarkup } from './example.js';
import { count } from './format.js';
import { html, join } from './markup.js';
import type { Markup } from './markup.js';
import type { ReportView } from './report-input.js';

/** Clusters listed at most: a page of 10 000 would be too heavy to open; the JSON report has them all. */
export const MAX_CLUSTERS_SHOWN = 500;
/** Clusters whose examples keep their request and responses in the page; later ones list their examples' differences only. */
export const CLUSTERS_WITH_CONTENT = 50;
/** Clusters per page when the script runs. */
export const CLUSTER_PAGE_SIZE = 25;
const EXAMPLES_SHOWN = 5;
/** Fields of a fingerprint listed in its summary. */
const FIELDS_SHOWN = 30;

/** The page's own class for a risk, whatever the report file holds. */
function riskClass(risk: Risk | string): Risk | 'unknown' {
  return risk === 'high' || risk === 'medium' || risk === 'low' ? risk : 'unknown';
}

function verdictClass(verdict: string): string {
  return verdict === 'error' || verdict === 'warn' || verdict === 'incomplete' || verdict === 'ok' ? verdict : 'unknown';
}

function statusText(status: Cluster['status']): string {
  const one = (value: number | null): string => (value === null ? '–' : String(value));
  return status.origin === status.replay ? `status ${one(status.origin)}` : `status ${one(status.origin)} → ${one(status.replay)}`;
}

/** `2026-12-01 10:00:00 … 10:09:00`: the first and last time seen, the date once when they share it. */
export function seenText(first: string, last: string): string {
  const parts = (iso: string): [string, string] | null => {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
    return match === null ? null : [match[1]!, match[2]!];
  };
  const a = parts(first);
  const b = parts(last);
  if (a === null || b === null) return `${first} … ${last}`;
  return a[0] === b[0] ? `${a[0]} ${a[1]} … ${b[1]} UTC` : `${a[0]} ${a[1]} … ${b[0]} ${b[1]} UTC`;
}

function clusterMarkup(cluster: Cluster, index: number): Markup {
  const risk = riskClass(cluster.risk);
  const baseline =
    cluster.baseline === undefined
      ? null
      : html`<span class="badge ${cluster.baseline === 'new' ? 'new' : 'persisting'}">${cluster.baseline === 'new' ? 'new' : 'persisting'}</span>`;
  const listed = cluster.fields.slice(0, FIELDS_SHOWN);
  const more = cluster.fields.length - listed.length;
  const fields =
    listed.length === 0
      ? null
      : html`<ul class="fields-list">${join(listed.map(([path, kind]) => html`<li><code>${path}</code> <span class="kind">${kind}</span></li>`))}${more > 0 ? html`<li class="muted">and ${count(more)} more</li>` : null}</ul>`;
  const examples = cluster.examples.slice(0, EXAMPLES_SHOWN);
  const withContent = index < CLUSTERS_WITH_CONTENT;
  const exampleList = join(examples.map((example, i) => exampleMarkup(example, { open: i === 0 && index < 3, content: withContent })));
  const left = cluster.count - examples.length;
  return html`<article class="cluster ${risk}" id="cluster-${index}"><details${index === 0 ? html` open` : ''}><summary><span class="count">${count(cluster.count)}×</span><code>${cluster.id}</code><span class="badge ${risk}">${risk} risk</span><span class="badge ${verdictClass(cluster.verdict)}">${cluster.verdict}</span><code>${cluster.reason}</code><span class="name"><code>${cluster.route}</code></span><span class="muted">${statusText(cluster.status)}</span>${baseline}<span class="muted">${seenText(cluster.firstSeen, cluster.lastSeen)}</span></summary>
<div class="body">${fields}${exampleList}${left > 0 ? html`<p class="note">${count(left)} more exchanges in this cluster.</p>` : null}</div></details></article>`;
}

/**
 * The regression clusters, most frequent first: count, risk, baseline status, fields and up
 * to five examples each. At most {@link MAX_CLUSTERS_SHOWN} are listed, and the page says
 * how many are not; the script pages and filters them, without it they are all listed.
 */
export function clustersSection(view: ReportView): Markup {
  const clusters = view.clusters;
  const head = html`<h2>Regressions</h2>`;
  if (clusters === null)
    return html`<section class="block" id="clusters" tabindex="-1">${head}<p class="muted">This report has no clusters (they came with report format 2).</p></section>`;
  if (clusters.items.length === 0 && clusters.overflow === 0)
    return html`<section class="block" id="clusters" tabindex="-1">${head}<p class="muted">No differing exchange.</p></section>`;
  const shown = clusters.items.slice(0, MAX_CLUSTERS_SHOWN);
  const exchanges = clusters.items.reduce((sum, c) => sum + c.count, 0) + clusters.overflow;
  const notes: Markup[] = [];
  const hidden = clusters.items.length - shown.length;
  if (hidden > 0) notes.push(html`<p class="note hidden-clusters">${count(hidden)} less frequent clusters not shown here (the JSON report lists them).</p>`);
  if (clusters.overflow > 0)
    notes.push(
      html`<p class="note">${count(clusters.overflow)} differing exchanges had a new fingerprint after the cluster limit was reached: they are counted, not clustered.</p>`,
    );
  if (shown.length > CLUSTERS_WITH_CONTENT)
    notes.push(
      html`<p class="note">Examples of the ${count(CLUSTERS_WITH_CONTENT)} most frequent clusters show the request and both responses; later ones show their differences.</p>`,
    );
  const pager = html`<div class="pager" id="cluster-pager" hidden><label for="cluster-filter">Filter</label><input id="cluster-filter" type="search" placeholder="route, reason, field, status, id"><button type="button" id="cluster-prev">Previous</button><span id="cluster-page"></span><button type="button" id="cluster-next">Next</button></div>`;
  return html`<section class="block" id="clusters" tabindex="-1">${head}<p class="summary-line">${count(clusters.items.length)} distinct regression${clusters.items.length === 1 ? '' : 's'} in ${count(exchanges)} differing exchange${exchanges === 1 ? '' : 's'}.</p>${join(notes)}${pager}
<div id="cluster-list" data-page-size="${CLUSTER_PAGE_SIZE}">${join(shown.map(clusterMarkup))}</div></section>`;
}
