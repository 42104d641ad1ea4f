import type { Readable, Writable } from 'node:stream';
import type { Config } from './config/config.js';
import { buildOutputs } from './sinks.js';
import type { SinkIo } from './sinks.js';
import { Session, systemClock } from './session.js';
import type { Clock } from './session.js';
import { startEcho } from './stream/echo.js';

/** The process-level things middleware mode touches; `process` satisfies it. */
export interface MiddlewareIo extends SinkIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/**
 * Middleware mode: echo stdin to stdout byte for byte (the one writer of stdout) and
 * judge what passes. Ends at end of input, when the reader of stdout leaves (EPIPE), or
 * on SIGINT/SIGTERM; then prints the summary, flushes every output and returns the exit code.
 */
export async function runMiddleware(config: Config, io: MiddlewareIo, clock: Clock = systemClock): Promise<number> {
  const { sinks, warn } = await buildOutputs(config, io, clock);
  const session = new Session(config, sinks, clock, warn);
  const echo = startEcho(io.stdin, io.stdout, (chunk) => session.chunk(chunk), (error) => {
    warn(`analysis failed (the echo is unaffected): ${(error as Error).message}`);
  });
  const stop = (): void => echo.stop();
  io.on('SIGINT', stop);
  io.on('SIGTERM', stop);
  const end = await echo.done;
  return session.finish(end === 'input_ended');
}
