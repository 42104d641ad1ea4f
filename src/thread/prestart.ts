import { Worker } from 'node:worker_threads';
import type { WorkerHints } from './worker-messages.js';

/**
 * The analysis thread's young generation, in MB. Small on purpose: frequent cheap
 * scavenges keep the resident size down, for a few percent more time (the bench's memory
 * part measures it).
 */
const YOUNG_GENERATION_MB = 2;

/** The analysis thread's JS heap limit, at least: far above what its bounded state holds at the defaults. */
const MIN_HEAP_LIMIT_MB = 1024;
/** Heap allowed per exchange `--max-pending` lets it hold: several times what a pending exchange's objects take. */
const HEAP_PER_PENDING_KB = 8;
/** Heap allowed per byte of `--max-body-size`: both sides of one exchange parsed as JSON, of the densest kind, with room. */
const HEAP_PER_BODY_BYTE = 16;

/**
 * The JS heap limit the analysis thread gets for at most `maxPending` pending exchanges
 * and bodies of at most `maxBodyBytes`. Payloads are outside the JS heap and bounded by
 * `--max-pending-size`, so what the heap holds is the exchanges' objects, the bounded
 * statistics and the one exchange being compared (two JSON bodies of many small objects at
 * the default body limit fit in well under the minimum). A limit is set at all because V8
 * sizes its collections by it: with the default (a share of the machine's memory) the thread
 * let garbage pile up to several times its live data before collecting.
 */
export function analysisHeapLimitMb(maxPending: number, maxBodyBytes: number): number {
  return Math.max(MIN_HEAP_LIMIT_MB, Math.ceil((maxPending * HEAP_PER_PENDING_KB) / 1024), Math.ceil((maxBodyBytes * HEAP_PER_BODY_BYTE) / (1024 * 1024)));
}

/**
 * Starts an analysis thread; it loads its code, then waits for its setup message. What the
 * thread writes to its `process.stdout` (a comparator module's `console.log`) goes to
 * stderr: stdout carries the echo alone. `heapLimitMb`: see analysisHeapLimitMb.
 */
export function createAnalysisWorker(hints: WorkerHints, heapLimitMb: number): Worker {
  const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), {
    workerData: hints,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: testHeapLimitMb() ?? heapLimitMb },
    stdout: true,
    stderr: false,
  });
  worker.stdout.pipe(process.stderr, { end: false });
  return worker;
}

/** An analysis thread started before the config was read. */
export interface EarlyAnalysisThread {
  /**
   * The thread, once, for the run to use; null if it has already failed, or if its heap
   * limit is below `heapLimitMb` (a larger `maxPending` or `maxBodySize` than it was started
   * for): the caller starts another.
   */
  adopt(heapLimitMb: number): Worker | null;
  /** Stops the thread if no run adopted it (echo only after all, a command, an error). */
  discard(): void;
}

/** Commands and flags after which middleware mode does not run. */
const NOT_MIDDLEWARE = new Set(['compare', 'replay', 'demo', 'help', '-h', '--help', '-V', '--version']);
/** The flag after which middleware mode judges nothing, so needs no analysis thread. */
const ECHO_ONLY = '--echo-only';

/**
 * Whether the arguments (without node and the script) are likely middleware mode that
 * judges (every run but `--echo-only`: with no route, every request is compared), the only
 * mode with an analysis thread. A guess from the raw arguments, before commander and the
 * config are loaded: a wrong "yes" (a config file's `echoOnly`, bad usage) costs a
 * discarded thread, a wrong "no" only the later start.
 */
export function wantsEarlyAnalysisThread(args: readonly string[]): boolean {
  return !args.some((arg) => NOT_MIDDLEWARE.has(arg) || arg === ECHO_ONLY);
}

/**
 * Starts the analysis thread at once, so that its start-up (a new Node environment, the
 * judging code and, when the log is on, pino-roll) overlaps the main
 * thread's (commander, the config) instead of following it. It does not keep the process
 * alive until adopted, and one that fails before adoption is replaced by the caller.
 */
export function startEarlyAnalysisThread(args: readonly string[]): EarlyAnalysisThread {
  // The body limit is not read yet: a larger one than the minimum covers makes the run start its own thread.
  const heapLimitMb = analysisHeapLimitMb(maxPendingIn(args), 0);
  const worker = createAnalysisWorker({ preloadLog: !args.includes('--no-log-file') }, heapLimitMb);
  worker.unref();
  let failed = false;
  let taken = false;
  // Until adopted, a failure only means the run starts its own thread.
  const onFailure = (): void => {
    failed = true;
  };
  worker.once('error', onFailure);
  worker.once('exit', onFailure);
  return {
    adopt(needed) {
      if (taken) return null;
      taken = true;
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      const tooSmall = needed > heapLimitMb;
      if (tooSmall) void worker.terminate();
      if (failed || tooSmall) return null;
      worker.ref();
      return worker;
    },
    discard() {
      if (taken) return;
      taken = true;
      void worker.terminate();
    },
  };
}

/** `--max-pending N` (or `=N`) as typed, else 0: the config (and its default) is not read yet; a larger one makes the run start its own thread. */
function maxPendingIn(args: readonly string[]): number {
  let value = 0;
  for (const [i, arg] of args.entries()) {
    const text = arg === '--max-pending' ? args[i + 1] : arg.startsWith('--max-pending=') ? arg.slice('--max-pending='.length) : undefined;
    if (text !== undefined && Number.isFinite(Number(text))) value = Number(text);
  }
  return value;
}

/**
 * Tests only: a heap limit in MB for the analysis thread, so that a test can make it run out
 * of memory quickly. Unset in any real run.
 */
const TEST_HEAP_LIMIT_ENV = 'GOREPLAY_DIFF_TEST_HEAP_LIMIT_MB';

function testHeapLimitMb(): number | undefined {
  const value = Number(process.env[TEST_HEAP_LIMIT_ENV] ?? 0);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
