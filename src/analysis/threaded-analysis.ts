import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import { FLOW, MAX_BYTES_IN_FLIGHT } from './worker-messages.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.js';

/** The analysis side as the echo loop sees it. */
export interface Analysis {
  /** Hands over a chunk that has been echoed; the caller must not reuse its memory. */
  push(chunk: Buffer): void;
  /** True while the analysis is so far behind that reading should pause. */
  readonly saturated: boolean;
  /** Resolves when the analysis is no longer saturated. */
  drained(): Promise<void>;
  /** Ends the run and returns the exit code. */
  finish(inputEnded: boolean): Promise<number>;
}

/**
 * The analysis thread's young generation, in MB. Small on purpose: frequent cheap
 * scavenges keep the resident size down (measured on the 105 MB bench stream: 4 MB gives
 * ~122 MB peak RSS where 16 MB gives ~134 MB, at ~10% more time).
 */
const YOUNG_GENERATION_MB = 4;

/**
 * Runs the analysis on a worker thread, so that decoding and judging never hold up the
 * echo on the main thread, and use the second core. Rejects if the thread cannot start. If
 * it dies later (a bug), `warn` is called once and the echo goes on without analysis; the
 * exit code is then 0.
 */
export async function startThreadedAnalysis(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  stderrIsTTY: boolean,
  warn: (message: string) => void,
): Promise<Analysis> {
  const flow = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const setup: WorkerSetup = { flow, config, env, stderrIsTTY };
  const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), {
    workerData: setup,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    stdout: false,
    stderr: false,
  });
  let dead = false;
  let waiters: Array<() => void> = [];
  let finished: ((code: number) => void) | undefined;
  const release = (): void => {
    const waiting = waiters;
    waiters = [];
    for (const resolve of waiting) resolve();
  };
  let started = false;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        started = true;
        resolve();
      } else if (message.type === 'drained') {
        release();
      } else finished?.(message.code);
    });
    worker.once('error', (error) => {
      dead = true;
      release();
      finished?.(0);
      if (started) warn(`analysis stopped (the echo goes on): ${error.stack ?? error.message}`);
      else reject(error);
    });
    worker.once('exit', (code) => {
      dead = true;
      release();
      finished?.(0);
      if (!started) reject(new Error(`analysis thread exited with code ${code} before starting`));
    });
  });
  await ready;
  const send = (message: ToWorker, transfer?: ArrayBuffer[]): void => {
    if (!dead) worker.postMessage(message, transfer);
  };
  return {
    push(chunk) {
      if (dead) return;
      // A copy the worker can own: the chunk itself may still be queued for stdout, and
      // the echo reuses its buffer. Not `new Uint8Array(chunk)`: that zero-fills first and
      // cost ~100 µs per 64 KiB chunk, a tenth of the main thread's time on the bench stream.
      const copy = Buffer.allocUnsafeSlow(chunk.length);
      chunk.copy(copy);
      Atomics.add(flow, FLOW.inFlight, copy.byteLength);
      send({ type: 'chunk', bytes: copy }, [copy.buffer as ArrayBuffer]);
    },
    get saturated() {
      return !dead && Atomics.load(flow, FLOW.inFlight) > MAX_BYTES_IN_FLIGHT;
    },
    drained() {
      if (dead || Atomics.load(flow, FLOW.inFlight) <= MAX_BYTES_IN_FLIGHT) return Promise.resolve();
      // Ask for a 'drained' message, unless the backlog halved meanwhile and we can take the flag back ourselves.
      Atomics.store(flow, FLOW.waiting, 1);
      if (Atomics.load(flow, FLOW.inFlight) <= MAX_BYTES_IN_FLIGHT / 2 && Atomics.compareExchange(flow, FLOW.waiting, 1, 0) === 1) {
        return Promise.resolve();
      }
      return new Promise((resolve) => waiters.push(resolve));
    },
    finish(inputEnded) {
      if (dead) return Promise.resolve(0);
      return new Promise((resolve) => {
        finished = resolve;
        send({ type: 'finish', inputEnded });
      });
    },
  };
}
