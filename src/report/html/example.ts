import type { ClusterExample, ExampleDiff, ExampleSide } from '../../insight/report-format.js';
import { count, millis } from './format.js';
import { isWithin, jsonLines } from './json-lines.js';
import { html, join } from './markup.js';
import type { Markup } from './markup.js';

/** Characters of a body shown per side; the report already cut it to the body limit, this bounds the page. */
export const BODY_CHARS = 4000;
/** Characters of a difference value shown in the differences table. */
const DIFF_VALUE_CHARS = 300;

function valueText(value: unknown): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > DIFF_VALUE_CHARS ? `${text.slice(0, DIFF_VALUE_CHARS)}…` : text;
}

function diffTable(diffs: readonly ExampleDiff[]): Markup {
  if (diffs.length === 0) return html`<p class="note">No listed difference (the verdict comes from the status, the body kind or the exchange's completeness).</p>`;
  const rows = diffs.map(
    (d) =>
      html`<tr><td>${d.path}${typeof d.replayPath === 'string' ? html`<br><span class="muted">replay: ${d.replayPath}</span>` : ''}</td><td><span class="kind">${d.kind}</span></td><td>${d.kind === 'added' ? '' : valueText(d.origin)}</td><td>${d.kind === 'removed' ? '' : valueText(d.replay)}</td></tr>`,
  );
  return html`<table class="diffs"><thead><tr><th>field</th><th>kind</th><th>origin</th><th>replay</th></tr></thead><tbody>${join(rows)}</tbody></table>`;
}

/** The paths marked on one side: what that side holds of each difference. */
function markedPaths(diffs: readonly ExampleDiff[], side: 'origin' | 'replay'): Array<readonly [string, string]> {
  const absent = side === 'origin' ? 'added' : 'removed';
  // The class is one of the page's own names, whatever the report file says the kind is.
  // The replay's side is marked where its value is, which an inserted array element may have moved.
  return diffs
    .filter((d) => d.kind !== absent)
    .map((d) => [side === 'replay' && typeof d.replayPath === 'string' ? d.replayPath : d.path, d.kind === 'added' ? 'added' : d.kind === 'removed' ? 'removed' : ''] as const);
}

function bodyMarkup(side: ExampleSide, marks: ReadonlyArray<readonly [string, string]>): Markup {
  if (side.binary !== undefined) return html`<span class="muted">binary body, ${count(side.bodyBytes)} bytes, sha256 ${side.binary.sha256}</span>`;
  if (side.body === null) return html`<span class="muted">${side.bodyBytes > 0 ? `body of ${count(side.bodyBytes)} bytes not kept` : 'no body'}</span>`;
  const cut = side.body.length > BODY_CHARS;
  const text = cut ? side.body.slice(0, BODY_CHARS) : side.body;
  const lines = cut || side.truncated || marks.length === 0 ? null : jsonLines(text);
  const more = cut || side.truncated ? html`\n<span class="muted">… cut (${count(side.bodyBytes)} bytes in all)</span>` : null;
  if (lines === null) return html`${text}${more}`;
  const shown = lines.map((line) => {
    const mark = marks.find(([path]) => isWithin(line.path, path));
    return mark === undefined ? line.text : html`<mark${mark[1] === '' ? '' : html` class="${mark[1]}"`}>${line.text}</mark>`;
  });
  return html`${join(shown.map((line, i) => (i === 0 ? line : html`\n${line}`)))}${more}`;
}

function headerLines(side: ExampleSide, marks: ReadonlyArray<readonly [string, string]>): Markup {
  const marked = new Map<string, string>();
  for (const [path, kind] of marks) if (path.startsWith('headers.')) marked.set(path.slice('headers.'.length).toLowerCase(), kind);
  return join(
    side.headers.map(([name, value]) => {
      const kind = marked.get(name.toLowerCase());
      const line = `${name}: ${value}`;
      return kind === undefined ? html`${line}\n` : html`<mark${kind === '' ? '' : html` class="${kind}"`}>${line}</mark>\n`;
    }),
  );
}

function sideMarkup(
  title: string,
  kind: 'request' | 'origin' | 'replay',
  first: Markup | string,
  side: ExampleSide | undefined,
  marks: ReadonlyArray<readonly [string, string]>,
): Markup {
  if (side === undefined) return html`<section class="side ${kind}"><h5>${title}</h5><pre class="muted">not kept for this example</pre></section>`;
  return html`<section class="side ${kind}"><h5>${title}</h5><pre>${first}\n${headerLines(side, marks)}\n${bodyMarkup(side, marks)}</pre></section>`;
}

function statusLine(side: ExampleSide | undefined, differs: boolean): Markup | string {
  const status = side?.status;
  const text = `HTTP ${status === null || status === undefined ? '–' : status}`;
  return differs ? html`<mark>${text}</mark>` : text;
}

/**
 * One example exchange: its differences as a table, then the request over both responses
 * side by side, with the lines the differences name marked (JSON bodies are pretty-printed
 * for it; other bodies are shown as they came).
 */
export function exampleMarkup(example: ClusterExample, { open, content: withContent }: { readonly open: boolean; readonly content: boolean }): Markup {
  const statusDiffers = example.origin?.status !== example.replay?.status;
  const requestLine = `${example.method} ${example.path}`;
  const content =
    !withContent || (example.request === undefined && example.origin === undefined && example.replay === undefined)
      ? html`<p class="note">${withContent ? 'The report kept no content for this example.' : 'Content shown for the most frequent clusters only.'}</p>`
      : html`<div class="exchange">${sideMarkup('Request', 'request', requestLine, example.request, [])}${sideMarkup('Origin response', 'origin', statusLine(example.origin, statusDiffers), example.origin, markedPaths(example.diffs, 'origin'))}${sideMarkup('Replay response', 'replay', statusLine(example.replay, statusDiffers), example.replay, markedPaths(example.diffs, 'replay'))}</div>`;
  return html`<details class="example"${open ? html` open` : ''}><summary><span class="mono">${example.method} ${example.path}</span> <span class="muted">${example.id} · ${example.at} · origin ${millis(example.latencyMs.origin)}, replay ${millis(example.latencyMs.replay)}</span></summary>${diffTable(example.diffs)}${content}</details>`;
}
