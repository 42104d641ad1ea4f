import type { Cluster, ClusterExample, ExampleSide, HistogramData } from '../../src/insight/report-format.js';
import type { HtmlReportInput } from '../../src/report/html/render-html.js';
import { HISTOGRAM_MIN_MS } from '../../src/report/latency-histogram.js';

/**
 * Payloads that would run if any traffic value reached the page as markup: each sets
 * `window.__xss` (or opens a dialog). They go into paths, header values, bodies, field
 * names and route names of the sample report.
 */
export const XSS = {
  script: '<script>window.__xss="script"</script>',
  img: '<img src=x onerror="window.__xss=\'img\'">',
  link: '<a href="javascript:window.__xss=\'link\'">click me</a>',
  style: '</style><script>window.__xss="style"</script>',
  closeScript: '</script><script>alert("close")</script>',
  attribute: '" onmouseover="window.__xss=\'attr\'" x="',
} as const;

/** HistogramData of samples in ms, bucketed as LatencyHistogram buckets them. */
export function histogramOf(samples: readonly number[]): HistogramData {
  const counts = new Map<number, number>();
  for (const value of samples) {
    const index = value <= HISTOGRAM_MIN_MS ? 0 : 1 + Math.floor(Math.log(value / HISTOGRAM_MIN_MS) / Math.log(1.01));
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return {
    count: samples.length,
    min: samples.length === 0 ? null : Math.min(...samples),
    max: samples.length === 0 ? null : Math.max(...samples),
    buckets: [...counts.entries()].sort((a, b) => a[0] - b[0]),
  };
}

/** `n` latencies around `center` ms, spread deterministically. */
export function spread(n: number, center: number): number[] {
  return Array.from({ length: n }, (_, i) => center * (0.5 + ((i * 7919) % 1000) / 1000) + (i % 50 === 0 ? center * 3 : 0));
}

const side = (status: number | undefined, headers: Array<[string, string]>, body: string | null): ExampleSide => ({
  ...(status === undefined ? {} : { status }),
  headers,
  body,
  bodyBytes: body === null ? 0 : Buffer.byteLength(body),
  truncated: false,
});

/** The items body the sample's first cluster differs on: the first price, the trace, and an added field on the replay. */
function itemsBody(price: number, trace: string): Record<string, unknown> {
  return {
    results: {
      items: [
        { id: 1, price, name: 'pen' },
        { id: 2, price: 20, name: XSS.script },
      ],
      total: 2,
    },
    trace,
  };
}

function itemsExample(i: number): ClusterExample {
  const origin = itemsBody(10.5, 'a1b2');
  const replay = { ...itemsBody(11.5, 'c3d4'), extra: true };
  return {
    id: `req-items-${i}`,
    at: `2026-12-01T10:0${i}:00.000Z`,
    method: 'GET',
    path: `/api/items?q=${XSS.script}&page=${i}`,
    latencyMs: { origin: 12.5 + i, replay: 19.25 + i },
    diffs: [
      { path: 'results.items[0].price', kind: 'changed', origin: 10.5, replay: 11.5 },
      { path: 'trace', kind: 'changed', origin: 'a1b2', replay: 'c3d4' },
      { path: 'extra', kind: 'added', replay: true },
      { path: 'headers.x-note', kind: 'changed', origin: XSS.img, replay: XSS.link },
    ],
    request: side(
      undefined,
      [
        ['host', 'api.example'],
        ['x-note', XSS.img],
      ],
      null,
    ),
    origin: side(
      200,
      [
        ['content-type', 'application/json'],
        ['x-note', XSS.img],
      ],
      JSON.stringify(origin),
    ),
    replay: side(
      200,
      [
        ['content-type', 'application/json'],
        ['x-note', XSS.link],
      ],
      JSON.stringify(replay),
    ),
  };
}

function cluster(partial: Partial<Cluster> & Pick<Cluster, 'id' | 'route' | 'count'>): Cluster {
  return {
    verdict: 'error',
    reason: 'body_mismatch',
    status: { origin: 200, replay: 200 },
    fields: [],
    risk: 'medium',
    firstSeen: '2026-12-01T10:00:00.000Z',
    lastSeen: '2026-12-01T10:09:00.000Z',
    examples: [],
    ...partial,
  };
}

const STYLE_ROUTE = `/x/${XSS.style}`;

/** A rich format 2 report: four routes, field trees, clusters with examples, suggestions, a baseline; traffic values carry {@link XSS}. */
export function sampleReport(): HtmlReportInput {
  const latency = (n: number, o: number, r: number) => ({ origin: histogramOf(spread(n, o)), replay: histogramOf(spread(n, r)) });
  const route = (ok: number, warn: number, error: number, incomplete: number, risk: [number, number, number]) => ({
    ok,
    warn,
    error,
    incomplete,
    latencyMs: { origin: { count: ok + warn + error, p50: 10, p95: 20, p99: 30 }, replay: { count: ok + warn + error, p50: 12, p95: 25, p99: 40 } },
    risk: { high: risk[0], medium: risk[1], low: risk[2] },
  });
  const fixed = { id: 'c0000000000ff', route: 'GET /api/items', reason: 'status_mismatch' as const, count: 4 };
  return {
    format: 2,
    run: {
      mode: 'compare',
      version: '0.1.0',
      sources: ['captures/day-1.gor', `captures/${XSS.img}.gor`],
      target: null,
      routes: [
        { name: 'GET /api/items', match: 'GET /api/items', comparator: 'json' },
        { name: 'POST /api/orders', match: 'POST /api/orders', comparator: 'json' },
        { name: 'query', match: 'POST /v2/robot/query', comparator: 'query' },
        { name: STYLE_ROUTE, match: STYLE_ROUTE, comparator: 'text' },
      ],
      options: { ignore: ['**.timestamp'], tolerance: ['price=0.01'] },
      gates: { failOn: 'error', minSamples: 1, failOnNew: true, result: 'fail' },
    },
    startedAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:10:00.000Z',
    elapsedSeconds: 600,
    exchanges: { ok: 1200, warn: 30, error: 270, incomplete: 12 },
    extraReplays: 0,
    pending: 0,
    skipped: { unwatched: 40, filtered: 5, evicted: 0, orphaned: 2, shed: 0 },
    messages: { request: 1512, response: 1510, replay: 1500, malformed: 1, oversized: 0 },
    rates: { messagesPerSecond: 7.5, exchangesPerSecond: 2.52 },
    latencyMs: { origin: { count: 1500, p50: 11, p95: 30, p99: 60 }, replay: { count: 1500, p50: 14, p95: 38, p99: 90 } },
    routes: {
      'GET /api/items': route(300, 10, 190, 2, [20, 170, 10]),
      'POST /api/orders': route(400, 20, 60, 5, [60, 15, 5]),
      query: route(500, 0, 0, 0, [0, 0, 0]),
      [STYLE_ROUTE]: route(0, 0, 20, 5, [25, 0, 0]),
    },
    reasons: { body_mismatch: 230, header_mismatch: 10, identical: 1100, json_equal: 100, missing_replay: 12, status_mismatch: 60 },
    warnings: [],
    risk: { high: 105, medium: 185, low: 15 },
    latency: {
      ...latency(1500, 11, 14),
      routes: {
        'GET /api/items': latency(500, 12, 19),
        'POST /api/orders': latency(480, 30, 28),
        query: latency(500, 4, 4.5),
        [STYLE_ROUTE]: latency(20, 100, 400),
      },
    },
    fields: {
      'GET /api/items': {
        judged: 500,
        overflow: 3,
        paths: {
          'results.items[*].price': { count: 150, kinds: { changed: 150 }, examples: ['req-items-1'] },
          'results.items[*].name': { count: 12, kinds: { changed: 10, type_changed: 2 }, examples: ['req-items-2'] },
          'results.total': { count: 4, kinds: { changed: 4 }, examples: [] },
          trace: { count: 498, kinds: { changed: 498 }, examples: ['req-items-1'] },
          extra: { count: 190, kinds: { added: 190 }, examples: ['req-items-1'] },
          [`meta[${JSON.stringify(XSS.img)}]`]: { count: 7, kinds: { removed: 7 }, examples: [] },
          'headers.x-note': { count: 190, kinds: { changed: 190 }, examples: [] },
        },
      },
      'POST /api/orders': {
        judged: 480,
        overflow: 0,
        paths: {
          'order.created_at': { count: 470, kinds: { changed: 470 }, examples: [] },
          'order.id': { count: 60, kinds: { changed: 60 }, examples: [] },
        },
      },
    },
    clusters: {
      items: [
        cluster({
          id: 'c1a2b3c4d5e6f',
          route: 'GET /api/items',
          count: 150,
          fields: [
            ['extra', 'added'],
            ['headers.x-note', 'changed'],
            ['results.items[*].price', 'changed'],
            ['trace', 'changed'],
          ],
          examples: [1, 2, 3, 4, 5].map(itemsExample),
          baseline: 'new',
        }),
        cluster({
          id: 'c22222222aaaa',
          route: 'POST /api/orders',
          count: 60,
          reason: 'status_mismatch',
          status: { origin: 201, replay: 500 },
          risk: 'high',
          baseline: 'persisting',
          examples: [
            {
              id: 'req-order-1',
              at: '2026-12-01T10:03:00.000Z',
              method: 'POST',
              path: '/api/orders',
              latencyMs: { origin: 30, replay: 2 },
              diffs: [],
              request: side(undefined, [['content-type', 'application/json']], JSON.stringify({ item: 1, note: XSS.closeScript })),
              origin: side(201, [['content-type', 'application/json']], '{"order":{"id":77,"created_at":"2026-12-01T10:03:00Z"}}'),
              replay: side(500, [['content-type', 'text/html']], `<html><body>${XSS.style} ${XSS.attribute}</body></html>`),
            },
          ],
        }),
        cluster({
          id: 'c333333333333',
          route: STYLE_ROUTE,
          count: 20,
          reason: 'text_mismatch',
          risk: 'high',
          fields: [[`meta[${JSON.stringify(XSS.img)}]`, 'removed']],
          baseline: 'new',
        }),
        cluster({ id: 'c444444444444', route: 'GET /api/items', count: 10, verdict: 'warn', reason: 'header_mismatch', risk: 'low', fields: [['headers.x-cache', 'added']] }),
      ],
      overflow: 0,
    },
    baseline: { file: 'baseline/report.json', new: 2, persisting: 1, fixed: 1, fixedClusters: [fixed] },
    suggestions: {
      items: [
        { route: 'GET /api/items', path: 'trace', evidence: 'shape', rate: 0.996, confidence: 0.9, detail: 'hex digest on both sides in 498 of 500 exchanges' },
        { route: 'POST /api/orders', path: 'order.created_at', evidence: 'clock', rate: 0.979, confidence: 0.95, detail: `replay - origin tracks the replay delay ${XSS.link}` },
      ],
      config: {
        routes: [
          { name: 'GET /api/items', ignore: ['trace'] },
          { name: 'POST /api/orders', ignore: ['order.created_at'] },
        ],
      },
      evidence: null,
    },
  };
}
