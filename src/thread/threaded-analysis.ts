import type { Config } from '../config/config.js';
import { UsageError } from '../config/usage-error.js';
import { gateLevel } from '../judging/exit-policy.js';
import { RingWriter, createRing } from './chunk-ring.js';
import { OverloadShedder } from './overload-shedder.js';
import { ShedNotices } from './shed-notices.js';
import { analysisHeapLimitMb, createAnalysisWorker } from './prestart.js';
import type { EarlyAnalysisThread } from './prestart.js';
import { MAX_BACKLOG_BYTES, RING_BYTES } from './worker-messages.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.js';

/** The analysis side as the echo loop sees it. */
export interface Analysis {
  /** Hands over a chunk that has been echoed; it is copied before this returns. */
  push(chunk: Buffer): void;
  /** True while the analysis is so far behind that reading should pause. */
  readonly saturated: boolean;
  /** Resolves when the analysis is no longer saturated. */
  drained(): Promise<void>;
  /** Ends the run and returns the exit code. */
  finish(inputEnded: boolean): Promise<number>;
}

/**
 * Whether the echo may start before the analysis thread is ready: only when the thread
 * cannot refuse the run (no comparator module to load, no metrics address to listen on),
 * since a refusal must exit 2 before stdin is read; and with `--overload shed`, so that
 * the start-up never holds up the echo. If the thread then fails to start, the echo goes
 * on without analysis, with a warning.
 */
export function echoesBeforeReady(config: Config): boolean {
  return config.overload === 'shed' && config.plugins.length === 0 && config.metricsListen === null;
}

/** How long the end of a run waits for the analysis thread to exit after its last report. */
const EXIT_GRACE_MS = 2000;

/**
 * Runs the analysis on a worker thread, so that decoding and judging never hold up the
 * echo on the main thread, and use the second core. Resolves once the thread is ready, or at
 * once when the echo may start before it (see echoesBeforeReady). Rejects if the thread cannot start, with
 * a UsageError when it refused the run (a comparator module that cannot be used). If
 * it dies later (a bug, a comparator module that breaks it), `warn` is called once and the
 * echo goes on without analysis; the exit code is then 1 when a gate is set (`--fail-on`,
 * `--fail-on-new`), else 0. An `early` thread (started before the config was read) is used when
 * it is still alive.
 */
export async function startThreadedAnalysis(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  stderrIsTTY: boolean,
  warn: (message: string) => void,
  early?: EarlyAnalysisThread,
): Promise<Analysis> {
  const ring = createRing(RING_BYTES);
  const writer = new RingWriter(ring, MAX_BACKLOG_BYTES);
  const setup: WorkerSetup = { ring, config, env, stderrIsTTY };
  const heapLimitMb = analysisHeapLimitMb(config.maxPending, config.maxBodyBytes);
  const worker = early?.adopt(heapLimitMb) ?? createAnalysisWorker({ preloadLog: config.log.file !== null }, heapLimitMb);
  let dead = false;
  /** Chunks that did not fit in the ring (not expected: it holds the backlog limit plus the largest chunk). */
  let overflow: Buffer[] = [];
  let overflowBytes = 0;
  let waiters: Array<() => void> = [];
  let finished: ((code: number) => void) | undefined;
  /** The run's exit code once the thread has reported it; 0 if it died first. */
  // Until the thread says otherwise, a run whose analysis was lost fails whenever a gate is set: judging nothing must not pass.
  let exitCode = gateLevel(config.failOn, config.failOnNew) === null ? 0 : 1;
  // Shedding keeps the backlog bounded without pausing: only a ring too full for what must be analysed makes the echo wait.
  const shed = config.overload === 'shed';
  const saturated = (): boolean => !dead && (overflow.length > 0 || (!shed && writer.saturated));
  const release = (): void => {
    const waiting = waiters;
    waiters = [];
    for (const resolve of waiting) resolve();
  };
  /** Moves what overflowed into the ring, as far as it fits. */
  const flush = (): void => {
    while (overflow.length > 0 && writer.write(overflow[0] as Buffer)) overflowBytes -= (overflow.shift() as Buffer).length;
  };
  /**
   * Releases the waiters once the backlog is down; else asks the worker to signal when it
   * has halved, or, if it already has (only an overflow is left), looks again shortly.
   */
  const settle = (): void => {
    flush();
    if (!saturated()) release();
    else if (!writer.requestDrainSignal()) setImmediate(settle);
  };
  let started = false;
  let refused = false;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        started = true;
        resolve();
      } else if (message.type === 'drained') {
        settle();
      } else if (message.type === 'refused') {
        refused = true;
        reject(new UsageError(message.code, message.key, message.message));
        void worker.terminate();
      } else {
        // The code is known; the run ends when the thread has exited, so that its last
        // asynchronous writes (a log rotation under way) are not cut short by an exit.
        exitCode = message.code;
        setTimeout(() => finished?.(exitCode), EXIT_GRACE_MS).unref();
      }
    });
    worker.once('error', (error) => {
      dead = true;
      overflow = [];
      overflowBytes = 0;
      release();
      finished?.(exitCode);
      if (started) warn(`analysis stopped (the echo goes on): ${whyStopped(error)}`);
      else reject(error);
    });
    worker.once('exit', (code) => {
      dead = true;
      overflow = [];
      overflowBytes = 0;
      release();
      finished?.(exitCode);
      if (!started && !refused) reject(new Error(`analysis thread exited with code ${code} before starting`));
    });
  });
  worker.postMessage({ type: 'setup', setup } satisfies ToWorker);
  if (echoesBeforeReady(config)) {
    // What the echo hands over until the thread is ready waits in the ring, and beyond its bound is shed like any overload.
    ready.catch((error: Error) => warn(`analysis thread unavailable (the echo goes on without it): ${error.message}`));
  } else {
    await ready;
  }
  const send = (message: ToWorker): void => {
    if (!dead) worker.postMessage(message);
  };
  /** Copied into shared memory: nothing is allocated or posted per chunk, so the echo thread makes no garbage (its collections were the echo's longest pauses). */
  const forward = (bytes: Buffer): void => {
    if (dead) return;
    if (overflow.length === 0 && writer.write(bytes)) return;
    overflow.push(Buffer.from(bytes));
    overflowBytes += bytes.length;
  };
  const notices = shed ? new ShedNotices(warn) : null;
  const shedder = shed
    ? new OverloadShedder(
        {
          forward,
          get backlog() {
            return writer.backlog + overflowBytes;
          },
        },
        {
          started: () => notices?.started(),
          stopped: (count) => notices?.stopped(count),
          shed: (at, ids) => send({ type: 'shed', at, ids }),
        },
        MAX_BACKLOG_BYTES,
      )
    : null;
  const analysis: Analysis = {
    push(chunk) {
      if (shedder === null) forward(chunk);
      else if (!dead) shedder.push(chunk);
    },
    get saturated() {
      return saturated();
    },
    drained() {
      if (!saturated()) return Promise.resolve();
      const wait = new Promise<void>((resolve) => waiters.push(resolve));
      if (waiters.length === 1) settle();
      return wait;
    },
    finish(inputEnded) {
      if (dead) return Promise.resolve(exitCode);
      return new Promise((resolve) => {
        finished = resolve;
        shedder?.end();
        notices?.end();
        const finishWhenFlushed = (): void => {
          if (dead) return;
          flush();
          if (overflow.length > 0) {
            void analysis.drained().then(finishWhenFlushed);
            return;
          }
          send({ type: 'finish', inputEnded });
        };
        finishWhenFlushed();
      });
    },
  };
  return analysis;
}

/** Why the analysis thread stopped, for the one line that says so: a stack for a bug or a broken comparator, a sentence for its memory limit. */
function whyStopped(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return 'the analysis thread ran out of memory at its heap limit (a larger --max-pending or --max-body-size raises the limit)';
  }
  return error.stack ?? error.message;
}
