import type { JsonDifferenceKind } from '../../compare/json-difference.js';
import type { FieldStat, RouteFields, Suggestion } from '../../insight/report-format.js';
import { count, percent, share } from './format.js';
import { html, join } from './markup.js';
import type { Markup } from './markup.js';
import type { ReportView } from './report-input.js';

/** Field paths listed per route at most (the report holds at most `--max-field-paths`, merged reports may hold more). */
export const MAX_FIELD_ROWS = 500;
const MAX_DEPTH_CLASS = 12;
const KINDS: readonly JsonDifferenceKind[] = ['changed', 'added', 'removed', 'type_changed'];

/**
 * The segments of a path in formatPath's syntax, each key with the positions that follow it:
 * `results.items[*]["a.b"]` → `results`, `items[*]["a.b"]`. Quoted keys may hold dots and
 * brackets; a path that starts with a bracket starts with a segment of brackets only.
 */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') i += 1;
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end += 1;
    while (path[end] === '[') {
      let close = end + 1;
      if (path[close] === '"') {
        close += 1;
        while (close < path.length && path[close] !== '"') close += path[close] === '\\' ? 2 : 1;
      }
      const bracket = path.indexOf(']', close);
      end = bracket === -1 ? path.length : bracket + 1;
    }
    if (end === i) end = i + 1;
    segments.push(path.slice(i, end));
    i = end;
  }
  return segments;
}

interface TreeRow {
  readonly depth: number;
  readonly label: string;
  readonly path: string;
  readonly stat: FieldStat | null;
}

/** The paths as a tree: each path under its parents, a parent without counts of its own shown once as a group row. */
export function treeRows(paths: readonly string[], stats: Readonly<Record<string, FieldStat>>): TreeRow[] {
  const split = paths.map((path) => ({ path, segments: pathSegments(path) }));
  split.sort((a, b) => {
    const n = Math.min(a.segments.length, b.segments.length);
    for (let i = 0; i < n; i += 1) if (a.segments[i] !== b.segments[i]) return a.segments[i]! < b.segments[i]! ? -1 : 1;
    return a.segments.length - b.segments.length;
  });
  const rows: TreeRow[] = [];
  let previous: string[] = [];
  for (const { path, segments } of split) {
    let shared = 0;
    while (shared < previous.length && shared < segments.length - 1 && previous[shared] === segments[shared]) shared += 1;
    for (let depth = shared; depth < segments.length - 1; depth += 1) rows.push({ depth, label: segments[depth]!, path: segments.slice(0, depth + 1).join('.'), stat: null });
    rows.push({ depth: segments.length - 1, label: segments[segments.length - 1] ?? path, path, stat: Object.hasOwn(stats, path) ? stats[path]! : null });
    previous = segments;
  }
  return rows;
}

function rateBar(part: number, whole: number): Markup {
  const width = whole > 0 ? Math.round(Math.min(1, part / whole) * 60) : 0;
  return html`<svg class="bar" width="62" height="8" aria-hidden="true"><rect x="0" y="0" width="62" height="8" fill="#eaeef2"></rect><rect x="0" y="0" width="${width}" height="8" fill="#cf222e"></rect></svg>`;
}

function kindsOf(stat: FieldStat): Markup {
  return join(KINDS.filter((kind) => (stat.kinds[kind] ?? 0) > 0).map((kind) => html`<span class="kind">${kind} ${count(stat.kinds[kind] ?? 0)}</span>`));
}

function routeTree(route: string, fields: RouteFields, noise: ReadonlyMap<string, Suggestion>, open: boolean): Markup {
  const paths = Object.keys(fields.paths).sort((a, b) => fields.paths[b]!.count - fields.paths[a]!.count || (a < b ? -1 : 1));
  const shown = paths.slice(0, MAX_FIELD_ROWS);
  const rows = treeRows(shown, fields.paths).map((row) => {
    const depth = `d${Math.min(row.depth, MAX_DEPTH_CLASS)}`;
    if (row.stat === null) return html`<tr class="group"><td class="path ${depth}"><code>${row.label}</code></td><td></td><td></td><td></td><td></td></tr>`;
    const suggestion = noise.get(row.path);
    const mark = suggestion === undefined ? null : html`<span class="badge noise">noise? ${suggestion.evidence}</span>`;
    return html`<tr${suggestion === undefined ? '' : html` class="noisy"`}><td class="path ${depth}"><code>${row.label}</code></td><td class="n">${count(row.stat.count)} / ${count(fields.judged)}</td><td class="n">${percent(row.stat.count, fields.judged)} ${rateBar(row.stat.count, fields.judged)}</td><td>${kindsOf(row.stat)}</td><td>${mark}</td></tr>`;
  });
  const notes: Markup[] = [];
  if (paths.length > shown.length) notes.push(html`<p class="note">${count(paths.length - shown.length)} more paths not listed (the JSON report has them).</p>`);
  if (fields.overflow > 0) notes.push(html`<p class="note">${count(fields.overflow)} path occurrences not counted: the route reached its path limit.</p>`);
  const body =
    rows.length === 0
      ? html`<p class="muted">No field differed.</p>`
      : html`<table class="tree"><thead><tr><th class="c-field">field</th><th class="n c-count">differs / judged</th><th class="n c-rate">rate</th><th class="c-kinds">kinds</th><th class="c-noise">noise</th></tr></thead><tbody>${join(rows)}</tbody></table>`;
  return html`<details class="route-fields"${open ? html` open` : ''}><summary><code>${route}</code> <span class="muted">${count(paths.length)} path${paths.length === 1 ? '' : 's'}, ${count(fields.judged)} judged</span></summary>${body}${join(notes)}</details>`;
}

/** Per route, the field tree: how often each path differed, its kinds, and the noise suggestions that name it. */
export function fieldsSection(view: ReportView): Markup {
  if (view.fields.length === 0) {
    const why = view.report.fields === undefined ? 'This report has no field statistics (they came with report format 2).' : 'No field differed.';
    return html`<section class="block" id="fields" tabindex="-1"><h2>Fields</h2><p class="muted">${why}</p></section>`;
  }
  const noiseByRoute = new Map<string, Map<string, Suggestion>>();
  for (const suggestion of view.suggestions?.items ?? []) {
    let paths = noiseByRoute.get(suggestion.route);
    if (paths === undefined) noiseByRoute.set(suggestion.route, (paths = new Map()));
    paths.set(suggestion.path, suggestion);
  }
  const trees = view.fields.map(([route, fields], i) => routeTree(route, fields, noiseByRoute.get(route) ?? new Map(), i < 3));
  return html`<section class="block" id="fields" tabindex="-1"><h2>Fields</h2><p class="note">Array positions are collapsed to [*]. A "noise?" mark means a suggested ignore rule names the path (see Suggestions).</p>${join(trees)}</section>`;
}

/** The noise suggestions with their evidence, and the config fragment to paste, with copy buttons. */
export function suggestionsSection(view: ReportView): Markup {
  const suggestions = view.suggestions;
  const head = html`<h2>Suggested ignore rules</h2>`;
  if (suggestions === null) return html`<section class="block" id="suggestions" tabindex="-1">${head}<p class="muted">Suggestions are not in this report.</p></section>`;
  if (suggestions.items.length === 0) return html`<section class="block" id="suggestions" tabindex="-1">${head}<p class="muted">No field looks like noise.</p></section>`;
  const rows = suggestions.items.map(
    (s, i) =>
      html`<tr><td class="name"><code>${s.route}</code></td><td class="path"><code id="suggestion-${i}">${s.path}</code> <button type="button" data-copy="suggestion-${i}" hidden>Copy</button></td><td>${s.evidence}</td><td class="n">${share(s.rate)}</td><td class="n">${share(s.confidence)}</td><td>${s.detail}</td></tr>`,
  );
  const fragment = JSON.stringify(suggestions.config, null, 2);
  return html`<section class="block" id="suggestions" tabindex="-1">${head}<p class="note">Suggested from evidence that a field is volatile; never applied. Review each before adding it to the config.</p>
<table class="suggestions"><thead><tr><th>route</th><th>path</th><th>evidence</th><th class="n">rate</th><th class="n">confidence</th><th>detail</th></tr></thead><tbody>${join(rows)}</tbody></table>
<h3>Config fragment <button type="button" data-copy="suggested-config" hidden>Copy</button></h3><pre class="config" id="suggested-config">${fragment}</pre></section>`;
}
