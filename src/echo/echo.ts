import type { EchoOutput } from './echo-output.js';
import type { ChunkSink, InputReader } from './input-reader.js';

/** Why echoing stopped. */
export type EchoEnd = 'input_ended' | 'output_closed' | 'stopped';

/** How an echo ended, said once, when it is over. */
export interface EchoResult {
  readonly end: EchoEnd;
}

/** A running echo: ends when input ends, the reader of our output goes away, or `stop()` is called. */
export interface Echo {
  readonly done: Promise<EchoResult>;
  /** Stops reading input (a signal arrived). */
  stop(): void;
}

/**
 * Analysis of a chunk that has just been echoed; it must copy what it keeps, since a
 * reader may reuse the chunk's memory for its next read. A promise means the analysis is
 * too far behind: reading waits for it.
 */
export type Analyse = (chunk: Buffer) => Promise<void> | undefined;

/**
 * The one writer of the protocol channel: every chunk `reader` delivers is written to
 * `output` unchanged and in order, *then* handed to `analyse`, so analysis never alters
 * the echo. A full output or a lagging analysis makes the reader wait, so memory stays
 * bounded. When the reader of our output leaves (EPIPE, or any error on it), reading stops
 * quietly and the echo ends with `output_closed`. An exception from `analyse` goes to
 * `onAnalysisError`; the echo carries on.
 */
export function runEcho(reader: InputReader, output: EchoOutput, analyse: Analyse, onAnalysisError: (error: unknown) => void): Echo {
  return new RunningEcho(reader, output, analyse, onAnalysisError);
}

const nothing = (): undefined => undefined;

/** The echo step shared by every reader and output, and the end of the echo. */
class RunningEcho implements Echo, ChunkSink {
  readonly done: Promise<EchoResult>;
  private settle: (result: EchoResult) => void = nothing;
  private finished = false;
  private readonly reader: InputReader;
  private readonly output: EchoOutput;
  private readonly analyse: Analyse;
  private readonly onAnalysisError: (error: unknown) => void;

  constructor(reader: InputReader, output: EchoOutput, analyse: Analyse, onAnalysisError: (error: unknown) => void) {
    this.reader = reader;
    this.output = output;
    this.analyse = analyse;
    this.onAnalysisError = onAnalysisError;
    this.done = new Promise<EchoResult>((resolve) => {
      this.settle = resolve;
    });
    output.onGone(() => this.finish('output_closed'));
    reader.start(this);
  }

  /** Echoes one chunk, then analyses it; the promise, if any, settles when both let reading go on. */
  chunk(chunk: Buffer): Promise<void> | undefined {
    const flushed = this.output.write(chunk);
    if (flushed === false) {
      // The reader of our output left: this chunk goes nowhere and is not analysed either.
      this.finish('output_closed');
      return undefined;
    }
    let backlog: Promise<void> | undefined;
    try {
      backlog = this.analyse(chunk);
    } catch (error) {
      this.onAnalysisError(error);
    }
    if (flushed === undefined) return backlog;
    return backlog === undefined ? flushed : Promise.all([flushed, backlog]).then(nothing);
  }

  end(): void {
    this.finish('input_ended');
  }

  stop(): void {
    this.finish('stopped');
  }

  private finish(end: EchoEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.reader.stop();
    this.output.close(end, (how) => this.settle({ end: how }));
  }
}
