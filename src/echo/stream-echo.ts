import type { Readable, Writable } from 'node:stream';

/** Why echoing stopped. */
export type EchoEnd = 'input_ended' | 'output_closed' | 'stopped';

/** A running echo: resolves when input ends, the reader of our output goes away, or `stop()` is called. */
export interface Echo {
  readonly done: Promise<EchoEnd>;
  /** Stops reading input (a signal arrived); what was written still drains. */
  stop(): void;
  /**
   * True when a read of the input may still be waiting in the thread pool after the end:
   * it keeps the process alive, so the caller must exit explicitly.
   */
  readonly readLeftPending?: () => boolean;
}

/**
 * The one writer of the protocol channel. Every chunk read from `input` is written to
 * `output` unchanged and in order, *then* handed to `analyse`, so analysis never alters
 * the echo. When `output` is full, input is paused until it drains, so memory held for
 * echo stays at one chunk plus the stream's buffer. `analyse` may return a promise when
 * it is too far behind: reading then also waits for it (bounded memory over a backlog). EPIPE (or any error on
 * `output`) means the reader left: reading stops quietly and `done` resolves
 * `output_closed`. At end of input, `done` resolves once everything written has been
 * handed to the operating system. An exception from `analyse` goes to `onAnalysisError`;
 * the echo carries on.
 */
export function startEcho(
  input: Readable,
  output: Writable,
  analyse: (chunk: Buffer) => Promise<void> | undefined,
  onAnalysisError: (error: unknown) => void,
): Echo {
  let finished = false;
  let settle: (end: EchoEnd) => void = () => {};
  const done = new Promise<EchoEnd>((resolve) => {
    settle = resolve;
  });
  const finish = (end: EchoEnd): void => {
    if (finished) return;
    finished = true;
    input.off('data', onData);
    input.pause();
    // At the end of input, wait until every earlier write has been flushed (or has failed).
    // When stopping (a signal, EPIPE), a reader who stopped reading must not hold us up.
    if (end === 'input_ended') output.write(Buffer.alloc(0), () => settle(end));
    else settle(end);
  };
  const resume = (): void => {
    if (!finished) input.resume();
  };
  const onData = (chunk: Buffer): void => {
    if (finished) return;
    const accepted = output.write(chunk);
    let backlog: Promise<void> | undefined;
    try {
      backlog = analyse(chunk);
    } catch (error) {
      onAnalysisError(error);
    }
    if (accepted && backlog === undefined) return;
    input.pause();
    const drained = accepted ? Promise.resolve() : new Promise<void>((resolve) => output.once('drain', resolve));
    void Promise.all([drained, backlog]).then(resume, resume);
  };
  output.on('error', () => {
    if (finished) settle('output_closed');
    else finish('output_closed');
  });
  input.on('data', onData);
  input.once('end', () => finish('input_ended'));
  input.once('error', () => finish('input_ended'));
  return { done, stop: () => finish('stopped') };
}
