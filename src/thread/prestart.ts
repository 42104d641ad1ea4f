import { Worker } from 'node:worker_threads';
import type { WorkerHints } from './worker-messages.js';

/**
 * The analysis thread's young generation, in MB. Small on purpose: frequent cheap
 * scavenges keep the resident size down, for a few percent more time (the bench's memory
 * part measures it).
 */
const YOUNG_GENERATION_MB = 2;

/**
 * Starts an analysis thread; it loads its code, then waits for its setup message. What the
 * thread writes to its `process.stdout` (a comparator module's `console.log`) goes to
 * stderr: stdout carries the echo alone.
 */
export function createAnalysisWorker(hints: WorkerHints): Worker {
  const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), {
    workerData: hints,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    stdout: true,
    stderr: false,
  });
  worker.stdout.pipe(process.stderr, { end: false });
  return worker;
}

/** An analysis thread started before the config was read. */
export interface EarlyAnalysisThread {
  /** The thread, once, for the run to use; null if it has already failed (the caller starts another). */
  adopt(): Worker | null;
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
  const worker = createAnalysisWorker({ preloadLog: !args.includes('--no-log-file') });
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
    adopt() {
      if (taken) return null;
      taken = true;
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      if (failed) return null;
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
