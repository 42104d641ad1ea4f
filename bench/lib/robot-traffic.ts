import { gzipSync } from 'node:zlib';
import type { Prng } from './prng.js';

/** How the replayed response of one exchange relates to the original one. */
export type ExchangeType = 'identical' | 'reordered' | 'changed' | 'gzip' | 'chunked' | 'missing';

/** Every exchange type, in the order they are listed in flags and results. */
export const EXCHANGE_TYPES: readonly ExchangeType[] = ['identical', 'reordered', 'changed', 'gzip', 'chunked', 'missing'];

/** The three robot API routes watched by `--preset robot`. */
export const ROBOT_PATHS = ['/v2/robot/input_hint', '/v2/robot/query', '/v1/robot/intention'] as const;
export type RobotPath = (typeof ROBOT_PATHS)[number];

/** Target JSON body sizes in bytes (log-uniform between the bounds). */
export interface BodySizes {
  readonly request: readonly [number, number];
  readonly response: readonly [number, number];
}

/** The raw HTTP messages of one exchange; `replay` is null when no replay comes. */
export interface ExchangePayloads {
  readonly request: Buffer;
  readonly origin: Buffer;
  readonly replay: Buffer | null;
}

const WORDS = [
  'weather',
  'today',
  'play',
  'music',
  'turn',
  'on',
  'the',
  'light',
  'kitchen',
  'set',
  'alarm',
  'seven',
  'tomorrow',
  'morning',
  'what',
  'is',
  'news',
  'call',
  'mom',
  'volume',
  'up',
  'down',
  'story',
  'robot',
  '天气',
  '今天',
  '播放',
  '音乐',
  '打开',
  '灯',
  '明天',
  '闹钟',
  '新闻',
  '故事',
];
const CRLF = '\r\n';

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object as JSON.parse returns it. */
export type JsonObject = { [key: string]: Json };

function sentence(rng: Prng, min: number, max: number): string {
  const count = rng.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < count; i += 1) words.push(rng.pick(WORDS));
  return words.join(' ');
}

/** Appends items made by `make` to `list` until `body` serialises to about `target` bytes. */
function grow(body: JsonObject, list: Json[], target: number, make: () => Json): void {
  let size = Buffer.byteLength(JSON.stringify(body));
  while (size < target) {
    const item = make();
    const added = Buffer.byteLength(JSON.stringify(item)) + (list.length === 0 ? 0 : 1);
    if (size + added > target && list.length > 0) break;
    list.push(item);
    size += added;
  }
}

function requestBody(rng: Prng, path: RobotPath, target: number, nowMs: number): JsonObject {
  const history: Json[] = [];
  const body: JsonObject = {
    robot_id: `robot-${String(rng.int(1, 5000)).padStart(6, '0')}`,
    session_id: rng.hex(32),
    user_id: `u${rng.int(100000, 999999)}`,
    query: sentence(rng, 3, 12),
    lang: rng.pick(['zh-CN', 'en-US']),
    device: { model: rng.pick(['R1', 'R2-mini', 'R3-pro']), os: 'android 12', app_version: `3.${rng.int(0, 9)}.${rng.int(0, 20)}` },
    route: path,
    timestamp: nowMs,
    context: { history },
  };
  grow(body, history, target, () => ({ role: rng.pick(['user', 'robot']), text: sentence(rng, 4, 14), ts: nowMs - rng.int(1000, 600000) }));
  return body;
}

function responseBody(rng: Prng, path: RobotPath, request: JsonObject, target: number): JsonObject {
  const list: Json[] = [];
  const head: JsonObject = { code: 0, msg: 'success', robot_id: request['robot_id'] ?? null, trace_id: rng.hex(32), cost_ms: rng.int(3, 120) };
  let results: JsonObject;
  let make: () => Json;
  if (path === '/v2/robot/input_hint') {
    results = { hint_list: list, total: 0 };
    make = () => ({ id: rng.hex(12), text: sentence(rng, 2, 8), score: rng.int(0, 10000) / 10000, source: rng.pick(['kb', 'history', 'faq']) });
  } else if (path === '/v1/robot/intention') {
    results = { intention_list: list, domain: rng.pick(['smart_home', 'media', 'chat']) };
    make = () => ({
      name: rng.pick(['play_music', 'set_alarm', 'weather', 'chat', 'light_on']),
      confidence: rng.int(0, 1000) / 1000,
      slots: { when: rng.pick(['today', 'tomorrow', null]), target: sentence(rng, 1, 3) },
    });
  } else {
    results = {
      answer: { type: rng.pick(['text', 'card', 'audio']), text: sentence(rng, 8, 30), confidence: rng.int(0, 1000) / 1000 },
      candidates: list,
      slots: { city: rng.pick(['beijing', 'shanghai', null]), date: '2024-05-01' },
    };
    make = () => ({ id: rng.hex(12), text: sentence(rng, 3, 10), score: rng.int(0, 10000) / 10000, tags: [rng.pick(['faq', 'kb', 'chat']), rng.pick(['top', 'tail'])] });
  }
  const body: JsonObject = { ...head, session_id: request['session_id'] ?? null, results };
  grow(body, list, target, make);
  if ('total' in results) results['total'] = list.length;
  return body;
}

/** The same JSON value with every object's keys in a shuffled order. */
function reorderKeys(rng: Prng, value: Json): Json {
  if (Array.isArray(value)) return value.map((item) => reorderKeys(rng, item));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const key of rng.shuffle(Object.keys(value))) out[key] = reorderKeys(rng, value[key] ?? null);
  return out;
}

/**
 * A deep copy of a robot response `body` (as built here) with one to three fields changed,
 * the kind a regression causes: a trace id, a score, a text, or a dropped list item.
 */
export function changeFields(rng: Prng, body: JsonObject): JsonObject {
  const copy = JSON.parse(JSON.stringify(body)) as JsonObject;
  const results = copy['results'] as JsonObject;
  const list = (results['hint_list'] ?? results['intention_list'] ?? results['candidates']) as JsonObject[];
  const changes = rng.int(1, 3);
  for (let i = 0; i < changes; i += 1) {
    const what = rng.int(0, 3);
    const item = list.length > 0 ? rng.pick(list) : undefined;
    if (what === 0 || item === undefined) copy['trace_id'] = rng.hex(32);
    else if (what === 1) item['score' in item ? 'score' : 'confidence'] = rng.int(0, 1000) / 1000;
    else if (what === 2) item['text' in item ? 'text' : 'name'] = sentence(rng, 2, 6);
    else list.pop();
  }
  return copy;
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function chunked(rng: Prng, body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let start = 0; start < body.length; ) {
    const size = Math.min(body.length - start, rng.int(512, 2048));
    parts.push(Buffer.from(`${size.toString(16)}${CRLF}`, 'latin1'), body.subarray(start, start + size), Buffer.from(CRLF, 'latin1'));
    start += size;
  }
  parts.push(Buffer.from(`0${CRLF}${CRLF}`, 'latin1'));
  return Buffer.concat(parts);
}

interface ResponseShape {
  readonly style: 'raw' | 'go';
  readonly gzipLevel: number | null;
  readonly chunked: boolean;
}

/** An origin (raw server bytes) or replay (Go's canonical sorted headers) 200 response. */
function response(rng: Prng, json: Buffer, shape: ResponseShape, dateMs: number, traceId: string): Buffer {
  let body = shape.gzipLevel === null ? json : gzipSync(json, { level: shape.gzipLevel });
  const fields: Array<[string, string]> = [
    ['Server', 'nginx/1.24.0'],
    ['Date', httpDate(dateMs)],
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Connection', 'keep-alive'],
    ['X-Trace-Id', traceId],
  ];
  if (shape.gzipLevel !== null) fields.push(['Content-Encoding', 'gzip']);
  if (shape.chunked) {
    fields.push(['Transfer-Encoding', 'chunked']);
    body = chunked(rng, body);
  } else {
    fields.push(['Content-Length', String(body.length)]);
  }
  if (shape.style === 'go') fields.sort(([a], [b]) => (a < b ? -1 : 1));
  const head = `HTTP/1.1 200 OK${CRLF}${fields.map(([name, value]) => `${name}: ${value}${CRLF}`).join('')}${CRLF}`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** A robot API request: its raw HTTP bytes and the JSON object its body holds. */
export interface RobotRequest {
  readonly payload: Buffer;
  readonly body: JsonObject;
}

/**
 * Builds a raw `POST path` request with a JSON body of a size drawn from `sizes.request`,
 * every random choice drawn from `rng` (deterministic). `acceptGzip` adds
 * `Accept-Encoding: gzip`. Never throws.
 */
export function buildRequest(rng: Prng, path: RobotPath, sizes: BodySizes, nowMs: number, acceptGzip = false): RobotRequest {
  const body = requestBody(rng, path, rng.logUniform(sizes.request[0], sizes.request[1]), nowMs);
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: robot-api.internal',
    `User-Agent: robot-sdk/3.4.1 (android 12; ${String(body['robot_id'])})`,
    'Content-Type: application/json',
    'Accept: application/json',
    ...(acceptGzip ? ['Accept-Encoding: gzip'] : []),
    `X-Request-Id: ${rng.hex(32)}`,
    `Content-Length: ${bytes.length}`,
  ].join(CRLF);
  return { payload: Buffer.concat([Buffer.from(`${head}${CRLF}${CRLF}`, 'latin1'), bytes]), body };
}

/**
 * Builds the raw HTTP request, original response and replayed response of one robot API
 * exchange of the given type, drawing every random choice from `rng` (deterministic).
 * `nowMs` dates the messages. Never throws.
 */
export function buildExchange(rng: Prng, type: ExchangeType, path: RobotPath, sizes: BodySizes, nowMs: number): ExchangePayloads {
  const gzip = type === 'gzip';
  const request = buildRequest(rng, path, sizes, nowMs, gzip);
  const originJson = responseBody(rng, path, request.body, rng.logUniform(sizes.response[0], sizes.response[1]));
  const originBytes = Buffer.from(JSON.stringify(originJson), 'utf8');
  const traceId = String(originJson['trace_id']);
  const origin = response(rng, originBytes, { style: 'raw', gzipLevel: gzip ? 6 : null, chunked: type === 'chunked' }, nowMs, traceId);
  if (type === 'missing') return { request: request.payload, origin, replay: null };

  let replayBytes = originBytes;
  if (type === 'reordered') replayBytes = Buffer.from(JSON.stringify(reorderKeys(rng, originJson)), 'utf8');
  else if (type === 'changed') replayBytes = Buffer.from(JSON.stringify(changeFields(rng, originJson)), 'utf8');
  // A different gzip level: compressed bytes differ, decoded bodies are equal.
  const replay = response(rng, replayBytes, { style: 'go', gzipLevel: gzip ? 1 : null, chunked: false }, nowMs + 1000, traceId);
  return { request: request.payload, origin, replay };
}

/**
 * A robot response JSON body for `path` of about `targetBytes` bytes (serialised), with
 * its list grown to fit. Deterministic for a given `rng` state. Never throws.
 */
export function buildResponseJson(rng: Prng, path: RobotPath, targetBytes: number): JsonObject {
  return responseBody(rng, path, requestBody(rng, path, 512, 1_714_521_600_000), targetBytes);
}
