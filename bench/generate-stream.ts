import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseSize } from '../src/config/units.js';
import { formatGorRecord, toHexLine } from '../src/protocol/gor-file.js';
import { Prng } from './lib/prng.js';
import { buildExchange, buildRequest, EXCHANGE_TYPES, ROBOT_PATHS } from './lib/robot-traffic.js';
import type { BodySizes, ExchangeType, RobotPath } from './lib/robot-traffic.js';

/** How a stream is written: gor's middleware stdin (hex lines) or a `.gor` file. */
export type StreamFormat = 'hex' | 'gor';

/** Everything that shapes a generated stream; equal options give byte-identical streams. */
export interface StreamOptions {
  readonly seed: number;
  readonly format: StreamFormat;
  /** No exchange is started once this many output bytes (in `format`) were produced. */
  readonly sizeBytes: number;
  /** No exchange is started after this many; Infinity for no limit. */
  readonly maxExchanges: number;
  /** Relative weights of the exchange types. */
  readonly mix: Readonly<Record<ExchangeType, number>>;
  /** Probability that the replayed response comes before the original one (order 1-3-2). */
  readonly replayFirst: number;
  /** Exchanges in flight at once; their messages interleave. */
  readonly concurrency: number;
  readonly sizes: BodySizes;
  readonly paths: readonly RobotPath[];
  /** Only requests (type 1), never answered: for the memory benchmark. */
  readonly requestsOnly: boolean;
}

/** The default stream: ~100 MB of hex robot API traffic. */
export const DEFAULT_STREAM_OPTIONS: StreamOptions = Object.freeze({
  seed: 1,
  format: 'hex',
  sizeBytes: 100 * 1024 * 1024,
  maxExchanges: Infinity,
  mix: Object.freeze({ identical: 50, reordered: 15, changed: 15, gzip: 8, chunked: 8, missing: 4 }),
  replayFirst: 0.1,
  concurrency: 8,
  sizes: Object.freeze({ request: [512, 2048], response: [1024, 8192] } as const),
  paths: ROBOT_PATHS,
  requestsOnly: false,
});

/** One message: gor's meta line (without LF) and the raw HTTP bytes. */
export interface StreamMessage {
  readonly headerLine: string;
  readonly payload: Buffer;
}

/** Counts filled in while a stream is generated. */
export interface StreamTally {
  bytes: number;
  messages: number;
  exchanges: number;
  /** Exchanges by type; requests-only streams count nothing here. */
  byType: Record<ExchangeType, number>;
  replayFirst: number;
}

/** A zeroed tally. */
export function emptyTally(): StreamTally {
  const byType = Object.fromEntries(EXCHANGE_TYPES.map((type) => [type, 0])) as Record<ExchangeType, number>;
  return { bytes: 0, messages: 0, exchanges: 0, byType, replayFirst: 0 };
}

/** Encodes one message in `format`: a hex line with its LF, or a `.gor` record. */
export function encodeMessage(message: StreamMessage, format: StreamFormat): Buffer {
  return format === 'hex' ? toHexLine(message.headerLine, message.payload) : formatGorRecord(message.headerLine, message.payload);
}

function encodedSize(message: StreamMessage, format: StreamFormat): number {
  const head = message.headerLine.length + 1;
  return format === 'hex' ? (head + message.payload.length) * 2 + 1 : head + message.payload.length + 14;
}

const START_NS = 1_714_521_600_000_000_000n;
const NS_PER_MS = 1_000_000n;

/**
 * Yields the messages of a deterministic robot API stream, interleaving up to
 * `concurrency` exchanges as concurrent clients do. `tally` (optional) is updated as
 * messages are yielded; `bytes` counts them encoded in `options.format`. Never throws.
 */
export function* generateMessages(options: StreamOptions, tally: StreamTally = emptyTally()): Generator<StreamMessage> {
  const rng = new Prng(options.seed);
  const inFlight: Array<{ messages: StreamMessage[]; next: number }> = [];
  let clock = START_NS;
  for (;;) {
    while (inFlight.length < options.concurrency && tally.bytes < options.sizeBytes && tally.exchanges < options.maxExchanges) {
      clock += BigInt(rng.int(20_000, 400_000));
      inFlight.push({ messages: nextExchange(rng, options, clock, tally), next: 0 });
      tally.exchanges += 1;
    }
    if (inFlight.length === 0) return;
    const slot = rng.int(0, inFlight.length - 1);
    const exchange = inFlight[slot] as { messages: StreamMessage[]; next: number };
    const message = exchange.messages[exchange.next] as StreamMessage;
    exchange.next += 1;
    if (exchange.next === exchange.messages.length) {
      inFlight[slot] = inFlight[inFlight.length - 1] as { messages: StreamMessage[]; next: number };
      inFlight.pop();
    }
    tally.messages += 1;
    tally.bytes += encodedSize(message, options.format);
    yield message;
  }
}

function nextExchange(rng: Prng, options: StreamOptions, startNs: bigint, tally: StreamTally): StreamMessage[] {
  const id = rng.hex(24);
  const path = rng.pick(options.paths);
  const nowMs = Number(startNs / NS_PER_MS);
  const requestHeader = `1 ${id} ${startNs} ${rng.int(5_000, 90_000)}`;
  if (options.requestsOnly) {
    return [{ headerLine: requestHeader, payload: buildRequest(rng, path, options.sizes, nowMs).payload }];
  }
  const type = rng.weighted(options.mix);
  tally.byType[type] += 1;
  const payloads = buildExchange(rng, type, path, options.sizes, nowMs);
  const originLatency = BigInt(rng.int(3, 80)) * NS_PER_MS;
  const request = { headerLine: requestHeader, payload: payloads.request };
  const origin = { headerLine: `2 ${id} ${startNs + originLatency} ${rng.int(10_000, 400_000)}`, payload: payloads.origin };
  if (payloads.replay === null) return [request, origin];
  const replayStart = startNs + BigInt(rng.int(1, 30)) * NS_PER_MS;
  const replay = { headerLine: `3 ${id} ${replayStart} ${originLatency + BigInt(rng.int(-2_000_000, 5_000_000))}`, payload: payloads.replay };
  if (rng.chance(options.replayFirst)) {
    tally.replayFirst += 1;
    return [request, replay, origin];
  }
  return [request, origin, replay];
}

const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Writes a whole stream to `path` (through a temporary file renamed at the end, so a
 * reader never sees half a stream) and returns its tally. Throws on I/O errors.
 */
export function writeStreamFile(path: string, options: StreamOptions): StreamTally {
  const tally = emptyTally();
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  try {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (const message of generateMessages(options, tally)) {
      const bytes = encodeMessage(message, options.format);
      batch.push(bytes);
      batchBytes += bytes.length;
      if (batchBytes >= WRITE_BATCH_BYTES) {
        writeSync(fd, Buffer.concat(batch, batchBytes));
        batch = [];
        batchBytes = 0;
      }
    }
    if (batchBytes > 0) writeSync(fd, Buffer.concat(batch, batchBytes));
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  return tally;
}

/** The flags {@link parseStreamFlags} reads. */
export const STREAM_FLAGS: readonly string[] = ['size', 'exchanges', 'format', 'seed', 'mix', 'replay-first', 'concurrency', 'requests-only'];

/**
 * Reads generator flags: `--size 100m`, `--exchanges N`, `--format hex|gor`, `--seed N`,
 * `--mix identical=50,changed=10,...` (unlisted types keep their default weight),
 * `--replay-first 0.1`, `--concurrency 8`, `--requests-only`. Throws on an unknown flag or
 * an invalid value.
 */
export function parseStreamFlags(flags: ReadonlyMap<string, string>, base: StreamOptions = DEFAULT_STREAM_OPTIONS): StreamOptions {
  for (const name of flags.keys()) if (!STREAM_FLAGS.includes(name)) throw new Error(`unknown flag --${name}`);
  const number = (name: string, fallback: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0, not ${raw}`);
    return value;
  };
  const size = flags.get('size');
  const sizeBytes = size === undefined ? (flags.has('exchanges') ? Infinity : base.sizeBytes) : parseSize(size);
  if (sizeBytes === null) throw new Error(`--size must be like 100m, not ${String(size)}`);
  const format = flags.get('format') ?? base.format;
  if (format !== 'hex' && format !== 'gor') throw new Error(`--format must be hex or gor, not ${format}`);
  const mix = { ...base.mix };
  for (const part of (flags.get('mix') ?? '').split(',').filter((text) => text !== '')) {
    const [name = '', weight = ''] = part.split('=');
    if (!(EXCHANGE_TYPES as readonly string[]).includes(name) || !(Number(weight) >= 0)) {
      throw new Error(`--mix takes ${EXCHANGE_TYPES.join('|')}=weight, not ${part}`);
    }
    mix[name as ExchangeType] = Number(weight);
  }
  return {
    ...base,
    seed: number('seed', base.seed),
    format,
    sizeBytes,
    maxExchanges: number('exchanges', base.maxExchanges),
    mix,
    replayFirst: number('replay-first', base.replayFirst),
    concurrency: Math.max(1, Math.floor(number('concurrency', base.concurrency))),
    requestsOnly: flags.has('requests-only') || base.requestsOnly,
  };
}

/** Splits `--name value` and `--flag` arguments into a map (a bare flag maps to ''). */
export function readFlags(argv: readonly string[], bare: readonly string[] = []): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
    if (inline !== undefined) flags.set(name, inline);
    else if (bare.includes(name)) flags.set(name, '');
    else {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags.set(name, value);
      i += 1;
    }
  }
  return flags;
}

function main(argv: readonly string[]): void {
  const flags = readFlags(argv, ['requests-only']);
  const out = flags.get('out');
  if (out === undefined) throw new Error('usage: generate-stream --out FILE [--size 100m] [--format hex|gor] [--seed 1] [--exchanges N] [--mix type=w,...]');
  flags.delete('out');
  const options = parseStreamFlags(flags);
  const started = Date.now();
  const tally = writeStreamFile(out, options);
  process.stderr.write(
    `${out}: ${(tally.bytes / 1e6).toFixed(1)} MB, ${tally.messages} messages, ${tally.exchanges} exchanges ${JSON.stringify(tally.byType)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`generate-stream: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
