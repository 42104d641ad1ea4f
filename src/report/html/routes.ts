import type { HistogramData } from '../../insight/report-format.js';
import { bandOf, count, millis, percent, quantileOf } from './format.js';
import { html, join } from './markup.js';
import type { Markup } from './markup.js';
import type { ReportView, RouteRow } from './report-input.js';

function judgedOf(route: RouteRow): number {
  return route.ok + route.warn + route.error;
}

/** Routes by error rate, worst first; then by warn rate, then by name. */
export function routesByErrorRate(routes: readonly RouteRow[]): RouteRow[] {
  const rate = (part: number, route: RouteRow): number => (judgedOf(route) === 0 ? -1 : part / judgedOf(route));
  return [...routes].sort((a, b) => rate(b.error, b) - rate(a.error, a) || rate(b.warn, b) - rate(a.warn, a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The routes table, colour-banded by error rate (Diffy's bands). */
export function routesSection(view: ReportView): Markup {
  const rows = routesByErrorRate(view.routes).map((route) => {
    const judged = judgedOf(route);
    const risk = route.risk;
    const { origin, replay } = route.latencyMs;
    return html`<tr class="band-${bandOf(route.error, judged)}"><td class="name"><code>${route.name}</code></td><td class="n">${count(judged)}</td><td class="n">${count(route.ok)}</td><td class="n">${count(route.warn)}</td><td class="n">${count(route.error)}</td><td class="n">${count(route.incomplete)}</td><td class="n rate">${percent(route.error, judged)}</td><td class="n">${percent(route.warn, judged)}</td><td class="n">${risk === null ? '–' : `${count(risk.high)} / ${count(risk.medium)} / ${count(risk.low)}`}</td><td class="n">${millis(origin.p50)} → ${millis(replay.p50)}</td><td class="n">${millis(origin.p99)} → ${millis(replay.p99)}</td></tr>`;
  });
  const table =
    rows.length === 0
      ? html`<p class="muted">No route judged an exchange.</p>`
      : html`<table class="routes"><thead><tr><th>route</th><th class="n">judged</th><th class="n">ok</th><th class="n">warn</th><th class="n">error</th><th class="n">incomplete</th><th class="n">error rate</th><th class="n">warn rate</th><th class="n">risk h / m / l</th><th class="n">p50 origin → replay</th><th class="n">p99 origin → replay</th></tr></thead><tbody>${join(rows)}</tbody></table>
<p class="note">Rates are of judged exchanges (ok, warn, error). Bands: below 0.1 % errors, below 5 %, below 50 %, and 50 % or more.</p>`;
  return html`<section class="block" id="routes" tabindex="-1"><h2>Routes</h2>${table}</section>`;
}

type Triple = readonly [number | null, number | null, number | null];
const QUANTILES = [0.5, 0.95, 0.99] as const;
const LABELS = ['p50', 'p95', 'p99'] as const;
/** Charts drawn at most; the routes table has every route's p50 and p99. */
export const MAX_CHARTS = 60;

function fromHistogram(data: HistogramData | undefined): Triple {
  return [quantileOf(data, QUANTILES[0]), quantileOf(data, QUANTILES[1]), quantileOf(data, QUANTILES[2])];
}

/** One route's p50, p95 and p99, origin against replay, as bars on one linear scale. */
export function latencyChart(title: string, origin: Triple, replay: Triple): Markup {
  const width = 280;
  const height = 132;
  const top = 14;
  const bottom = 20;
  const plot = height - top - bottom;
  const values = [...origin, ...replay].filter((v): v is number => v !== null && Number.isFinite(v));
  const scale = Math.max(...values, 0) || 1;
  const group = width / 3;
  const bar = 30;
  const bars = LABELS.map((label, i) => {
    const x = i * group + group / 2;
    const one = (value: number | null, side: 'origin' | 'replay', dx: number): Markup => {
      const h = value === null ? 0 : Math.max(1, Math.round((value / scale) * plot));
      const y = top + plot - h;
      return html`<rect class="${side}" x="${Math.round(x + dx)}" y="${y}" width="${bar}" height="${h}"><title>${label} ${side} ${millis(value)}</title></rect><text x="${Math.round(x + dx + bar / 2)}" y="${y - 3}" text-anchor="middle">${value === null ? '–' : millis(value).replace(' ms', '')}</text>`;
    };
    return html`${one(origin[i]!, 'origin', -bar - 2)}${one(replay[i]!, 'replay', 2)}<text x="${Math.round(x)}" y="${height - 6}" text-anchor="middle">${label}</text>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg class="latency" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${title}: p50, p95, p99 in ms, origin against replay</title><line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}"></line>${join(bars)}</svg></figure>`;
}

/** Latency p50/p95/p99, origin against replay, over all routes and per route, from the histograms when the report has them. */
export function latencySection(view: ReportView): Markup {
  const latency = view.latency;
  const fromPercentiles = (p: RouteRow['latencyMs']['origin']): Triple => [p.p50, p.p95, p.p99];
  const charts: Markup[] = [];
  const all = view.report.latencyMs;
  charts.push(
    latency === null
      ? latencyChart('all routes', fromPercentiles(all.origin), fromPercentiles(all.replay))
      : latencyChart('all routes', fromHistogram(latency.origin), fromHistogram(latency.replay)),
  );
  const routes = view.routes.slice(0, MAX_CHARTS);
  for (const route of routes) {
    const data = latency !== null && Object.hasOwn(latency.routes, route.name) ? latency.routes[route.name] : undefined;
    charts.push(
      data === undefined
        ? latencyChart(route.name, fromPercentiles(route.latencyMs.origin), fromPercentiles(route.latencyMs.replay))
        : latencyChart(route.name, fromHistogram(data.origin), fromHistogram(data.replay)),
    );
  }
  const hidden = view.routes.length - routes.length;
  const note = hidden > 0 ? html`<p class="note">${count(hidden)} more routes not charted; the routes table has their p50 and p99.</p>` : null;
  return html`<section class="block" id="latency" tabindex="-1"><h2>Latency</h2><p class="legend note"><span class="o">■ origin</span> <span class="r">■ replay</span> · ms, one linear scale per chart</p><div class="charts">${join(charts)}</div>${note}</section>`;
}
