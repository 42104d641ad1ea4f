import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import { startJudging } from '../judging/pipeline.js';
// Loaded with the thread, before its setup arrives, rather than when judging starts.
import '../judging/engine.js';
import { systemClock } from '../judging/clock.js';
import { buildOutputs } from '../judging/outputs.js';
import { loadPluginComparators } from '../judging/plugin-loader.js';
import { UsageError } from '../config/usage-error.js';
import { writeAllSync } from '../echo/write-all.js';
import { RingReader } from './chunk-ring.js';
import { ANALYSIS_NICE_STEPS, lowerThisThreadPriority } from './thread-priority.js';
import { MAX_BACKLOG_BYTES } from './worker-messages.js';
import type { FromWorker, ToWorker, WorkerHints, WorkerSetup } from './worker-messages.js';

const STDERR_FD = 2;

/**
 * The analysis thread of middleware mode: reads the stdin chunks the main thread has
 * already echoed from the shared ring, and runs the judging pipeline (split, decode, correlate, judge,
 * report) on them. It writes to stderr and files itself, synchronously, so nothing it
 * says waits on the main thread and a SIGKILL loses nothing already written.
 */
async function main(port: NonNullable<typeof parentPort>, setup: WorkerSetup, messages: EarlyMessages): Promise<void> {
  const stderr = {
    isTTY: setup.stderrIsTTY,
    // The main thread's stderr stream makes fd 2 non-blocking: wait out a full pipe rather
    // than drop or tear a line. A closed stderr just swallows the text.
    write: (text: string): void => {
      writeAllSync(STDERR_FD, Buffer.from(text), true);
    },
  };
  const config: Config = setup.config;
  const send = (message: FromWorker): void => port.postMessage(message);
  const ring = new RingReader(setup.ring, MAX_BACKLOG_BYTES);
  /** Runs a step of the setup; a usage error refuses the run (exit 2) and yields null. */
  const orRefuse = async <T>(step: () => Promise<T>): Promise<T | null> => {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      send({ type: 'refused', code: error.code, key: error.key, message: error.message });
      port.close();
      return null;
    }
  };
  await testSetupHold(setup.env);
  // When it sheds, the analysis must take nothing from the echo: when the cores are busy, the
  // kernel then gives the echo's thread (and the other processes of gor's session) the CPU
  // first, and this thread what is left (README, performance). With `--overload wait` the echo
  // waits on the analysis anyway, so it keeps the process's priority.
  if (config.overload === 'shed') lowerThisThreadPriority(ANALYSIS_NICE_STEPS);
  // The comparator modules are loaded here, never on the echo's thread; first, so that one
  // that cannot be used refuses the run (exit 2) before any input is read or output opened.
  const plugins = await orRefuse(() => loadPluginComparators(config));
  if (plugins === null) return;
  // The metrics endpoint is served here, not on the echo's thread: a scrape never delays
  // the echo, and reads the counts where they are kept, with nothing posted between threads.
  const outputs = await orRefuse(() => buildOutputs(config, { stderr, env: setup.env }, systemClock, undefined, { analysisLagBytes: () => ring.backlog }));
  if (outputs === null) return;
  const { sinks, warn, redactor } = outputs;
  const judging = await startJudging(config, { sinks, warn, redactor }, systemClock, undefined, undefined, plugins);
  const slowAnalysis = testAnalysisDelay(setup.env);
  /** Bytes of the ring analysed so far. */
  let analysed = 0;
  /** Requests the echo thread shed, waiting until what came before them was analysed (their responses may have). */
  const shedQueue: Array<{ readonly at: number; readonly ids: readonly string[] }> = [];
  const applyShed = (upTo: number): void => {
    while (shedQueue.length > 0 && (shedQueue[0] as { at: number }).at <= upTo) for (const id of (shedQueue.shift() as { ids: readonly string[] }).ids) judging.shed(id);
  };
  /** Analyses what the ring holds, up to `budget` bytes; returns the bytes analysed. */
  const analyse = (budget: number): number => {
    let done = 0;
    for (let view = ring.next(SLICE_BYTES); view !== null && done < budget; view = ring.next(SLICE_BYTES)) {
      judging.chunk(view);
      if (slowAnalysis > 0) busyWait(slowAnalysis);
      done += view.length;
      analysed += view.length;
      if (shedQueue.length > 0) applyShed(analysed);
      if (ring.release(view.length)) send({ type: 'drained' });
    }
    return done;
  };
  /** The finish, once it came; the loop then analyses what is left and ends the run. */
  let finish: { readonly inputEnded: boolean } | null = null;
  const loop = async (): Promise<void> => {
    for (;;) {
      await ring.readable();
      const done = analyse(SLICE_BYTES);
      if (finish !== null && done === 0) break;
      // A turn of the event loop after each slice: timers (expiry, the report file) and the
      // log's own callbacks (pino-roll rotates on a 'drain') must not wait for the input to
      // pause, or records due in a new file would all go to the one being rotated out. The
      // same holds for what is left at the finish, which may be the whole backlog when the
      // input ended before the thread was ready.
      await new Promise((resolve) => setImmediate(resolve));
    }
    applyShed(Infinity);
    const code = await judging.finish(finish.inputEnded);
    send({ type: 'finished', code });
    port.close();
  };
  messages.handle((message: ToWorker) => {
    if (message.type === 'shed') {
      shedQueue.push(message);
      applyShed(analysed);
    }
    if (message.type !== 'finish') return;
    // Everything echoed was written to the ring before this message was posted: the loop reads it all, no longer waiting for more.
    finish = message;
    ring.stop();
  });
  void loop();
  send({ type: 'ready' });
}

/**
 * Tests only: milliseconds of busy work after each slice, to make the analysis slower than
 * the echo through the real pipes (the overload tests). Unset in any real run.
 */
const TEST_DELAY_ENV = 'GOREPLAY_DIFF_TEST_ANALYSIS_DELAY_MS';

function testAnalysisDelay(env: Readonly<Record<string, string | undefined>>): number {
  const value = Number(env[TEST_DELAY_ENV] ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Tests only: the setup waits until this file exists, so that a test can show the echo
 * running in full before the thread is ready. Unset in any real run.
 */
const TEST_HOLD_ENV = 'GOREPLAY_DIFF_TEST_HOLD_SETUP_UNTIL';

async function testSetupHold(env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const path = env[TEST_HOLD_ENV];
  if (path === undefined || path === '') return;
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 5));
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Bytes analysed at a time, between two turns of the event loop (the echo reads 64 KiB at a time from a pipe). */
const SLICE_BYTES = 64 * 1024;

/**
 * The thread's messages from its start: the setup, which comes first (the thread may start
 * before the config is read), and what follows it. The echo may start before the thread is
 * ready, so shed requests and even the finish can come while the setup is still under way:
 * they are kept, in order, until `handle` is given.
 */
interface EarlyMessages {
  readonly setup: Promise<WorkerSetup>;
  handle(handler: (message: ToWorker) => void): void;
}

function earlyMessages(port: NonNullable<typeof parentPort>): EarlyMessages {
  let resolveSetup: (setup: WorkerSetup) => void = () => {};
  const setup = new Promise<WorkerSetup>((resolve) => {
    resolveSetup = resolve;
  });
  let handler: ((message: ToWorker) => void) | null = null;
  const kept: ToWorker[] = [];
  port.on('message', (message: ToWorker) => {
    if (message.type === 'setup') resolveSetup(message.setup);
    else if (handler === null) kept.push(message);
    else handler(message);
  });
  return {
    setup,
    handle(next) {
      handler = next;
      for (const message of kept.splice(0)) next(message);
    },
  };
}

if (parentPort !== null) {
  // Loaded while the main thread reads the config; buildOutputs then finds it in the module cache.
  if ((workerData as WorkerHints).preloadLog) import('../report/log-reporter.js').catch(() => {});
  const messages = earlyMessages(parentPort);
  await main(parentPort, await messages.setup, messages);
}
