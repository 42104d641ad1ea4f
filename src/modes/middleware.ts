import { CLEAR_LINE } from '../report/terminal.js';
import type { Readable, Writable } from 'node:stream';
import { startThreadedAnalysis } from '../thread/threaded-analysis.js';
import type { Analysis } from '../thread/threaded-analysis.js';
import type { EarlyAnalysisThread } from '../thread/prestart.js';
import type { Config } from '../config/config.js';
import { UsageError } from '../config/usage-error.js';
import type { SinkIo } from '../judging/outputs.js';
import { fdEchoSupported, startFdEcho } from '../echo/fd-echo.js';

const STDIN_FD = 0;
const STDOUT_FD = 1;

/** The process-level things middleware mode touches; `process` satisfies it. */
export interface MiddlewareIo extends SinkIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/**
 * Middleware mode: echo stdin to stdout byte for byte on the main thread (the one writer
 * of stdout) and judge what passes on an analysis thread. Ends at end of input, when the
 * reader of stdout leaves (EPIPE), or on SIGINT/SIGTERM; then the analysis prints the
 * summary, flushes every output and hands back the exit code (always 0 after EPIPE).
 * With `--echo-only` there is nothing to judge, only messages to count, and that stays
 * on the main thread. An `early` analysis thread (see startEarlyAnalysisThread) is used, or discarded.
 */
export async function runMiddleware(config: Config, io: MiddlewareIo, early?: EarlyAnalysisThread): Promise<{ code: number }> {
  // The analysis thread may have a progress line on a terminal, unterminated: clear it first.
  const clear = io.stderr.isTTY === true ? CLEAR_LINE : '';
  const warn = (message: string): void => {
    io.stderr.write(`${clear}goreplay-diff: warning: ${message}\n`);
  };
  // Listen for signals before anything slow (starting the analysis thread), so an early one still ends the run cleanly.
  let stop = (): void => {
    stopRequested = true;
  };
  let stopRequested = false;
  io.on('SIGINT', () => stop());
  io.on('SIGTERM', () => stop());
  if (config.echoOnly) early?.discard();
  const analysis = config.echoOnly ? await inProcessAnalysis(config, io) : await threadedOrNot(config, io, warn, early);
  const analyse = (chunk: Buffer): Promise<void> | undefined => {
    analysis.push(chunk);
    return analysis.saturated ? analysis.drained() : undefined;
  };
  const onAnalysisError = (error: unknown): void => {
    warn(`analysis failed (the echo is unaffected): ${(error as Error).message}`);
  };
  // Raw descriptors for pipes and files (the fast path); streams for a terminal, loaded only then.
  const echo = fdEchoSupported(STDIN_FD)
    ? startFdEcho(STDIN_FD, STDOUT_FD, analyse, onAnalysisError)
    : (await import('../echo/stream-echo.js')).startEcho(io.stdin, io.stdout, analyse, onAnalysisError);
  stop = () => echo.stop();
  if (stopRequested) echo.stop();
  const { end } = await echo.done;
  const code = await analysis.finish(end === 'input_ended');
  // gor closed our output: it is going away, and its pipeline must not see a failure from us.
  return { code: end === 'output_closed' ? 0 : code };
}

/** The analysis thread; if it cannot start, the same analysis on the main thread rather than no mirror. */
async function threadedOrNot(config: Config, io: SinkIo, warn: (message: string) => void, early?: EarlyAnalysisThread): Promise<Analysis> {
  try {
    return await startThreadedAnalysis(config, io.env, io.stderr.isTTY === true, warn, early);
  } catch (error) {
    // Bad configuration (a metrics address that cannot be had, a comparator module that cannot be used) exits 2; only a thread that cannot run is replaced.
    if (error instanceof UsageError) throw error;
    warn(`analysis thread unavailable, analysing on the main thread: ${(error as Error).message}`);
    return inProcessAnalysis(config, io);
  }
}

/**
 * Counting (and any judging) on the main thread, right after each chunk's echo. With
 * `--echo-only`, only headers are decoded and the judging code is never loaded. Comparator
 * modules are not loaded here: their code must never run beside the echo (a `console.log`
 * would reach stdout), so their routes' exchanges get comparator_error.
 */
async function inProcessAnalysis(config: Config, io: SinkIo): Promise<Analysis> {
  // Loaded here: with an analysis thread, the main thread needs none of it.
  const [{ buildOutputs }, { startJudging }, { systemClock }] = await Promise.all([
    import('../judging/outputs.js'),
    import('../judging/pipeline.js'),
    import('../judging/clock.js'),
  ]);
  const judging = await startJudging(config, await buildOutputs(config, io, systemClock), systemClock);
  return {
    push: (chunk) => judging.chunk(chunk),
    saturated: false,
    drained: () => Promise.resolve(),
    finish: (inputEnded) => judging.finish(inputEnded),
  };
}
