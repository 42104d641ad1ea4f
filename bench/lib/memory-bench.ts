import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { DEFAULT_STREAM_OPTIONS, generateMessages } from '../generate-stream.js';
import { spawnMeasured } from './measure-process.js';
import { Prng } from './prng.js';

/** Options for {@link runMemoryBench}. */
export interface MemoryOptions {
  readonly node: string;
  readonly cli: string;
  /** How many watched requests to send, none of them ever answered. */
  readonly requests: number;
  readonly seed: number;
}

/** What the unanswered-requests benchmark found. */
export interface MemoryResult {
  readonly requests: number;
  readonly inputBytes: number;
  readonly wallMs: number;
  readonly peakRssKb: number | null;
  /** From the final `--report`: exchanges evicted because `--max-pending` was reached. */
  readonly evicted: number | null;
  /** From the final `--report`: exchanges still pending at the end, reported incomplete. */
  readonly incomplete: number | null;
  readonly requestsSeen: number | null;
  readonly exitCode: number | null;
  readonly problem: string | null;
}

const BATCH_BYTES = 256 * 1024;
/** Distinct request bodies; each request gets its own ID, and bodies repeat every this many. */
const POOL_SIZE = 1000;
const START_NS = 1_714_521_600_000_000_000n;

/** The payload hex of `POOL_SIZE` generated `POST /v2/robot/query` requests (0.5-2 KiB bodies). */
function requestPool(seed: number): string[] {
  const options = { ...DEFAULT_STREAM_OPTIONS, seed, sizeBytes: Infinity, maxExchanges: POOL_SIZE, paths: ['/v2/robot/query'] as const, requestsOnly: true };
  return [...generateMessages(options)].map((message) => message.payload.toString('hex'));
}

/**
 * Streams `requests` `POST /v2/robot/query` requests (type 1 only, 0.5-2 KiB bodies, each
 * with a unique ID) into goreplay-diff `--preset robot` with default settings (so the
 * default `--max-pending`), made on the fly rather than read from a file, and reads the
 * peak RSS (GNU time when installed) and the final report's eviction count. Never rejects.
 */
export async function runMemoryBench(options: MemoryOptions): Promise<MemoryResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'gd-bench-memory-'));
  const reportPath = join(scratch, 'report.json');
  const started = process.hrtime.bigint();
  const run = spawnMeasured([options.node, options.cli, '--preset', 'robot', '--no-log-file', '-q', '--report', reportPath], { underTime: true });
  let outputBytes = 0;
  run.child.stdout?.on('data', (chunk: Buffer) => (outputBytes += chunk.length));
  let inputBytes = 0;
  let sent = 0;
  let problem: string | null = null;
  try {
    const stdin = run.child.stdin as Writable;
    const pool = requestPool(options.seed);
    const ids = new Prng(options.seed);
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (; sent < options.requests; sent += 1) {
      const body = pool[sent % pool.length] as string;
      const head = Buffer.from(`1 ${ids.hex(24)} ${START_NS + BigInt(sent) * 100_000n} 41000\n`, 'latin1').toString('hex');
      const line = Buffer.from(`${head}${body}\n`, 'latin1');
      batch.push(line);
      batchBytes += line.length;
      if (batchBytes < BATCH_BYTES) continue;
      inputBytes += batchBytes;
      await write(stdin, Buffer.concat(batch, batchBytes));
      batch = [];
      batchBytes = 0;
    }
    inputBytes += batchBytes;
    await write(stdin, Buffer.concat(batch, batchBytes));
    stdin.end();
  } catch (error) {
    problem = `feeding stdin failed: ${(error as Error).message}`;
  }
  const exit = await run.exited;
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const report = readReport(reportPath);
  rmSync(scratch, { recursive: true, force: true });
  if (problem === null && exit.code !== 0) problem = `exit code ${String(exit.code)}: ${run.stderr().slice(0, 500)}`;
  if (problem === null && outputBytes !== inputBytes) problem = `echoed ${outputBytes} bytes of ${inputBytes}`;
  return {
    requests: sent,
    inputBytes,
    wallMs,
    peakRssKb: run.peakRssKb(),
    evicted: report?.evicted ?? null,
    incomplete: report?.incomplete ?? null,
    requestsSeen: report?.requests ?? null,
    exitCode: exit.code,
    problem,
  };
}

function write(stream: Writable, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(bytes, (error) => {
      if (error !== null && error !== undefined) reject(error);
    });
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}

function readReport(path: string): { evicted: number; incomplete: number; requests: number } | null {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as { skipped?: { evicted?: unknown }; exchanges?: { incomplete?: unknown }; messages?: { request?: unknown } };
    return {
      evicted: Number(report.skipped?.evicted),
      incomplete: Number(report.exchanges?.incomplete),
      requests: Number(report.messages?.request),
    };
  } catch {
    return null;
  }
}
