import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_STREAM_OPTIONS, encodeMessage, generateMessages } from '../../bench/generate-stream.js';
import type { StreamOptions } from '../../bench/generate-stream.js';
import { SMALL_STREAM_OPTIONS } from '../../bench/lib/bench-streams.js';
import { judgeExchange, judgeExchangeFully } from '../../src/compare/judge.js';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/config.js';
import { Engine } from '../../src/judging/engine.js';
import { recorder } from '../helpers/engine-recorder.js';
import { arbitraryResponsePair } from '../helpers/http-responses.js';

/*
 * The lean path against the full engine, message by message through the Engine: on the
 * bench's two streams (generated from their seeds, shortened) and on random streams, every
 * exchange must get the same verdict, reason, status, latency, differences and bodies, and
 * every message the same count.
 */

const robot = (): Config => loadConfig({ preset: 'robot' }, undefined, () => '');
const everything = (): Config => loadConfig({ header: ['x-trace-id'] }, undefined, () => '');

/** What reporters read of a result, lazy fields included. */
function seen(result: ExchangeResult): unknown {
  const { verdict, reason, diffs, totalDiffs, detail, notes, id, route, method, path, status, latencyMs, request, originBody, replayBody, replayIndex, messages } = result;
  return { verdict, reason, diffs, totalDiffs, detail, notes, id, route, method, path, status, latencyMs, request, originBody, replayBody, replayIndex, messages };
}

/** Runs `lines` through an engine judging with `judge`; the results as reporters see them, and the counts. */
function run(config: Config, lines: readonly Buffer[], judge: typeof judgeExchange): { results: unknown[]; counts: string[] } {
  const { sink, results, counts } = recorder();
  const engine = new Engine(config, sink, new Map(), judge);
  for (const [i, line] of lines.entries()) engine.line(line, i);
  engine.finish();
  return { results: results.map(seen), counts };
}

function streamLines(options: StreamOptions): Buffer[] {
  return [...generateMessages(options)].map((message) => encodeMessage(message, 'hex').subarray(0, -1));
}

function assertSameJudging(config: Config, lines: readonly Buffer[]): number {
  const lean = run(config, lines, judgeExchange);
  const full = run(config, lines, judgeExchangeFully);
  assert.deepStrictEqual(lean.counts, full.counts);
  assert.equal(lean.results.length, full.results.length);
  for (const [i, result] of lean.results.entries()) assert.deepStrictEqual(result, full.results[i], `exchange ${i}`);
  return lean.results.length;
}

test('on the mixed bench stream the lean path and the full engine judge every exchange alike', () => {
  const judged = assertSameJudging(robot(), streamLines({ ...DEFAULT_STREAM_OPTIONS, sizeBytes: 4 * 1024 * 1024 }));
  assert.ok(judged > 200, `${judged} exchanges`);
});

test('on the small bench stream the lean path and the full engine judge every exchange alike', () => {
  const judged = assertSameJudging(robot(), streamLines({ ...SMALL_STREAM_OPTIONS, maxExchanges: 3000 }));
  assert.equal(judged, 3000);
});

/** One exchange of a random stream: its messages as hex lines, in the order they arrive. */
const exchangeLines = fc
  .tuple(arbitraryResponsePair(), fc.constantFrom('123', '213', '132', '312', '12', '13', '1233', '1223'), fc.constantFrom('GET /a HTTP/1.1', 'POST /b?x=1 HTTP/1.1'))
  .map(([{ origin, replay }, order, requestLine]) => ({ origin, replay, order, request: Buffer.from(`${requestLine}\r\nHost: h\r\n\r\n`) }));

function hexLine(kind: string, id: string, at: number, payload: Buffer): Buffer {
  const header = kind === '3' ? `3 ${id} ${at} 4000000` : `${kind} ${id} ${at}`;
  return Buffer.from(Buffer.concat([Buffer.from(`${header}\n`), payload]).toString('hex'));
}

test('on random streams (any order, missing and repeated messages) the lean path and the full engine judge every exchange alike', () => {
  fc.assert(
    fc.property(fc.array(exchangeLines, { minLength: 1, maxLength: 12 }), fc.nat(), (exchanges, shift) => {
      const streams = exchanges.map(({ origin, replay, order, request }, n) => {
        const id = `id${n % 7}`;
        const payloads: Record<string, Buffer> = { '1': request, '2': origin, '3': replay };
        return [...order].map((kind, i) => hexLine(kind, id, 1_000_000 * (n * 10 + i + 1), payloads[kind] as Buffer));
      });
      // Interleave the exchanges as concurrent clients would.
      const lines: Buffer[] = [];
      for (let i = 0; streams.some((s) => s.length > 0); i++) {
        const stream = streams[(i + shift) % streams.length] as Buffer[];
        const next = stream.shift();
        if (next !== undefined) lines.push(next);
      }
      assertSameJudging(everything(), lines);
    }),
    { numRuns: 300 },
  );
});
