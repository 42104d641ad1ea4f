import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The candidate build of the robot API that `goreplay-diff demo` replays against: the same
 * answers as production (recorded in fixtures/demo/robot-demo.gor) except for a few
 * realistic regressions, each commented where it is made.
 */
const HINTS: Readonly<Record<string, readonly string[]>> = {
  北京天: ['北京天气', '北京天气预报', '北京天安门广场'],
  // Regression: a new ranking model; the list differs but is not empty (warn).
  天气: ['天气预报', '天气预警'],
  // Regression: the hint index lost the flight vocabulary (error: empty list).
  订机: [],
};

const INTENTIONS: Readonly<Record<string, ReadonlyArray<{ intention: string; score: number }>>> = {
  帮我订一张去上海的机票: [
    { intention: 'flight.book', score: 0.94 },
    { intention: 'weather.query', score: 0.03 },
  ],
  // A finer intention taxonomy: different, but the list is not empty (ok for this route).
  明天会下雨吗: [
    { intention: 'weather.rain', score: 0.81 },
    { intention: 'weather.query', score: 0.12 },
  ],
};

const ANSWERS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  // Regression: a recalibrated classifier changed one field (error: body_mismatch).
  明天北京天气怎么样: { answer: '明天北京晴，最高气温18度。', intent: 'weather.query', confidence: 0.71, slots: { city: '北京', date: '2024-03-16' } },
  订去上海的机票: { answer: '好的，为您查询去上海的航班。', intent: 'flight.book', confidence: 0.88, slots: { city: '上海' } },
  // Same content as production, keys serialised in another order (ok: json_equal).
  杭州今天天气: { slots: { date: '2024-03-15', city: '杭州' }, confidence: 0.95, intent: 'weather.query', answer: '今天杭州多云转晴，气温12到20度。' },
};

/** Queries the candidate fails on (error: status_mismatch). */
const BROKEN_QUERIES = new Set(['上海明天会下雨吗']);

/** A running demo server; `url` is `http://127.0.0.1:<port>`. */
export interface DemoServer {
  readonly url: URL;
  close(): Promise<void>;
}

/** Starts the candidate robot API on 127.0.0.1 with an ephemeral port. Rejects if it cannot listen. */
export async function startDemoServer(): Promise<DemoServer> {
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let query = '';
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query?: unknown };
    if (typeof body.query === 'string') query = body.query;
  } catch {
    // Not JSON (a GET): answered by path alone.
  }
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz') return send(res, 200, { status: 'up', uptime_s: Math.round(process.uptime()) });
  if (path === '/v2/robot/input_hint') return send(res, 200, robot({ hint_list: HINTS[query] ?? [] }));
  if (path === '/v1/robot/intention') return send(res, 200, robot({ intention_list: INTENTIONS[query] ?? [] }));
  if (path === '/v2/robot/query') {
    if (BROKEN_QUERIES.has(query)) return send(res, 500, { code: 500, msg: 'internal server error' });
    return send(res, 200, robot(ANSWERS[query] ?? {}));
  }
  return send(res, 404, { code: 404, msg: 'not found' });
}

function robot(results: unknown): unknown {
  return { code: 0, msg: 'success', results };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { server: 'uvicorn', 'content-length': body.length, 'content-type': 'application/json' });
  res.end(body);
}
