import { performance } from 'node:perf_hooks';
import stableStringify from 'fast-json-stable-stringify';
import { compileIgnorePaths } from '../../src/compare/ignore-paths.js';
import { diffJson } from '../../src/compare/json-diff.js';
import { compileArrayKeys } from '../../src/compare/keyed-arrays.js';
import { parseJsonBody } from '../../src/compare/json-body.js';
import { decodeHeader, decodePayload } from '../../src/protocol/decode-line.js';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { parseHttpMessage, parseRequestLine } from '../../src/protocol/http-payload.js';
import { LineSplitter } from '../../src/protocol/line-splitter.js';
import { DEFAULT_STREAM_OPTIONS, encodeMessage, generateMessages } from '../generate-stream.js';
import { median, round } from './numbers.js';
import { Prng } from './prng.js';
import { buildExchange, buildResponseJson, changeFields } from './robot-traffic.js';

/** One micro-benchmark: the median time per operation over several timed batches. */
export interface MicroResult {
  readonly name: string;
  /** Bytes one operation handles (0 when throughput is not meaningful). */
  readonly bytesPerOp: number;
  readonly nsPerOp: number;
  readonly opsPerSecond: number;
  /** 10^6 bytes per second; null when bytesPerOp is 0. */
  readonly mbPerSecond: number | null;
}

const BATCHES = 7;
const CHUNK = 64 * 1024;

/** Holds each result so the optimiser cannot prove it unused. */
const sink: unknown[] = [undefined];

/**
 * Times `op` with a warm-up, then `BATCHES` batches of about `batchMs` each, and reports the
 * median batch's time per operation.
 */
function measure(name: string, bytesPerOp: number, batchMs: number, op: () => unknown): MicroResult {
  let perBatch = 1;
  const warmEnd = performance.now() + batchMs;
  while (performance.now() < warmEnd) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i += 1) sink[0] = op();
    if (performance.now() - start < batchMs / 10) perBatch *= 2;
  }
  const times: number[] = [];
  for (let batch = 0; batch < BATCHES; batch += 1) {
    let ops = 0;
    const start = performance.now();
    const end = start + batchMs;
    while (performance.now() < end) {
      for (let i = 0; i < perBatch; i += 1) sink[0] = op();
      ops += perBatch;
    }
    times.push(((performance.now() - start) * 1e6) / ops);
  }
  const nsPerOp = median(times);
  return {
    name,
    bytesPerOp,
    nsPerOp: round(nsPerOp, 1),
    opsPerSecond: Math.round(1e9 / nsPerOp),
    mbPerSecond: bytesPerOp === 0 ? null : round((bytesPerOp / nsPerOp) * 1e3, 1),
  };
}

/** Two separately parsed (so never the same references) copies of a JSON text, and a changed copy. */
function jsonCases(targetBytes: number): { bytes: number; a: unknown; b: unknown; changed: unknown } {
  const body = buildResponseJson(new Prng(7), '/v2/robot/query', targetBytes);
  const text = JSON.stringify(body);
  return { bytes: Buffer.byteLength(text), a: JSON.parse(text), b: JSON.parse(text), changed: changeFields(new Prng(8), body) };
}

/** A copy of `body` with one element inserted in the middle of its longest array, which the walker must align. */
function withInsertedElement(body: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as unknown;
  let longest: unknown[] = [];
  const pending: unknown[] = [copy];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value) && value.length > longest.length) longest = value;
    pending.push(...Object.values(value));
  }
  longest.splice(longest.length >> 1, 0, { inserted: true });
  return copy;
}

/** A copy of a query response whose `results.candidates` (objects with a string `id`) went through `change`. */
function withCandidates(body: unknown, change: (candidates: unknown[]) => unknown[]): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as { results: { candidates: unknown[] } };
  copy.results.candidates = change(copy.results.candidates);
  return copy;
}

/**
 * Variants of a robot JSON text for the number checks of parseJsonBody: every score a double
 * of 16 or 17 digits (checked, still doubles), and every item ID a 20-digit integer (kept exact).
 */
function numberVariants(text: string): { longDoubles: Buffer; bigIds: Buffer } {
  let n = 0;
  const longDoubles = text.replace(/"score":[0-9.]+/g, () => `"score":${((n += 1)) / 7 + 0.1}`);
  const bigIds = text.replace(/"id":"[0-9a-f]+"/g, () => `"id":${18446744073709551615n - BigInt((n += 1))}`);
  return { longDoubles: Buffer.from(longDoubles), bigIds: Buffer.from(bigIds) };
}

/**
 * Runs the hot-path micro-benchmarks on generated robot traffic, using the project's own
 * modules: line splitting, hex header and payload decoding, HTTP parsing, JSON parsing (also
 * of bodies with long doubles and with 64-bit IDs) and the JSON walker on equal and
 * differing bodies of 1 KiB and 300 KiB, on a body with one array element inserted (alignment), and on one whose
 * array of objects was shuffled, matched by key (`--array-key`) and as a multiset (`--unordered`). `batchMs` sets the length of each timed batch.
 * `log` gets one line per benchmark.
 */
export function runMicroBenches(batchMs: number, log: (result: MicroResult) => void): MicroResult[] {
  const results: MicroResult[] = [];
  const add = (result: MicroResult): void => {
    results.push(result);
    log(result);
  };

  const sample = Buffer.concat([...generateMessages({ ...DEFAULT_STREAM_OPTIONS, sizeBytes: 8 * 1024 * 1024 })].map((message) => encodeMessage(message, 'hex')));
  const chunks: Buffer[] = [];
  for (let start = 0; start < sample.length; start += CHUNK) chunks.push(sample.subarray(start, start + CHUNK));
  add(
    measure('line splitting (LineSplitter, 64 KiB chunks)', sample.length, batchMs, () => {
      let lines = 0;
      const splitter = new LineSplitter({ line: () => (lines += 1), oversized: () => undefined }, 256 * 1024 * 1024);
      for (const chunk of chunks) splitter.push(chunk);
      return lines;
    }),
  );

  const exchange = buildExchange(new Prng(3), 'identical', '/v2/robot/query', { request: [1024, 1024], response: [4096, 4096] }, 1_714_521_600_000);
  const requestLine = toHexLine('1 8f1c0a9e00d24b71a3c6e5f0 1714521600000000000 41000', exchange.request);
  const responseLine = toHexLine('2 8f1c0a9e00d24b71a3c6e5f0 1714521600041000000 120000', exchange.origin);
  const responseLineBody = responseLine.subarray(0, responseLine.length - 1);
  add(measure('decodeHeader (hex header only, 4 KiB response line)', 0, batchMs, () => decodeHeader(responseLineBody)));
  const decoded = decodeHeader(responseLineBody);
  if (!decoded.ok) throw new Error('the sample line does not decode');
  add(measure('decodePayload (full strict hex decode, 4 KiB body)', responseLineBody.length, batchMs, () => decodePayload(responseLineBody, decoded)));
  add(
    measure('decodeHeader + decodePayload (1 KiB request line)', requestLine.length, batchMs, () => {
      const head = decodeHeader(requestLine.subarray(0, requestLine.length - 1));
      return head.ok ? decodePayload(requestLine, head) : null;
    }),
  );

  add(measure('parseRequestLine', 0, batchMs, () => parseRequestLine(exchange.request)));
  add(measure('parseHttpMessage (request, 1 KiB)', exchange.request.length, batchMs, () => parseHttpMessage(exchange.request, 'request')));
  add(measure('parseHttpMessage (response, 4 KiB)', exchange.origin.length, batchMs, () => parseHttpMessage(exchange.origin, 'response')));

  for (const [label, size] of [
    ['1 KiB', 1024],
    ['300 KiB', 300 * 1024],
  ] as const) {
    const json = jsonCases(size);
    const text = Buffer.from(JSON.stringify(json.a));
    const same = Buffer.from(text);
    add(measure(`Buffer.equals (equal, ${label})`, json.bytes, batchMs, () => text.equals(same)));
    add(measure(`parseJsonBody (${label})`, json.bytes, batchMs, () => parseJsonBody(text)));
    const { longDoubles, bigIds } = numberVariants(text.toString());
    add(measure(`parseJsonBody (${label}, 17-digit doubles)`, longDoubles.length, batchMs, () => parseJsonBody(longDoubles)));
    add(measure(`parseJsonBody (${label}, 64-bit IDs)`, bigIds.length, batchMs, () => parseJsonBody(bigIds)));
    add(measure(`stable stringify (judge's json_equal, ${label})`, json.bytes, batchMs, () => stableStringify(json.a)));
    add(measure(`diffJson equal (${label})`, json.bytes, batchMs, () => diffJson(json.a, json.b, { maxDiffs: 50 })));
    add(measure(`diffJson differing (${label})`, json.bytes, batchMs, () => diffJson(json.a, json.changed, { maxDiffs: 50 })));
    const inserted = withInsertedElement(json.a);
    add(measure(`diffJson one element inserted, LCS alignment (${label})`, json.bytes, batchMs, () => diffJson(json.a, inserted, { maxDiffs: 50 })));
    const keyed = { maxDiffs: 50, arrayKeys: compileArrayKeys([{ path: 'results.candidates', field: 'id' }])! };
    const shuffled = withCandidates(json.a, (candidates) => new Prng(9).shuffle(candidates));
    const newCandidate = { id: 'inserted', text: 'new', score: 0.5, tags: ['kb', 'top'] };
    const keyedInsert = withCandidates(json.a, (candidates) => [...candidates.slice(0, candidates.length >> 1), newCandidate, ...candidates.slice(candidates.length >> 1)]);
    add(measure(`diffJson equal, keyed by id (${label})`, json.bytes, batchMs, () => diffJson(json.a, json.b, keyed)));
    add(measure(`diffJson one element inserted, keyed by id (${label})`, json.bytes, batchMs, () => diffJson(json.a, keyedInsert, keyed)));
    add(measure(`diffJson elements shuffled, keyed by id (${label})`, json.bytes, batchMs, () => diffJson(json.a, shuffled, keyed)));
    const unordered = { maxDiffs: 50, unordered: compileIgnorePaths(['results.candidates']) };
    add(measure(`diffJson elements shuffled, unordered (${label})`, json.bytes, batchMs, () => diffJson(json.a, shuffled, unordered)));
  }
  sink[0] = undefined;
  return results;
}
