import type { Writable } from 'node:stream';
import type { EchoEnd } from './echo.js';
import type { EchoOutput } from './echo-output.js';

/** Output to a Node stream (stdout on a terminal): a full stream is waited out through `drain`. */
export class StreamOutput implements EchoOutput {
  private readonly stream: Writable;
  private gone: () => void = () => {};
  private closed: ((end: EchoEnd) => void) | null = null;

  constructor(stream: Writable) {
    this.stream = stream;
    stream.on('error', () => {
      // Failing while the last writes drain: the echo did not end cleanly after all.
      if (this.closed !== null) this.closed('output_closed');
      else this.gone();
    });
  }

  write(chunk: Buffer): Promise<void> | undefined {
    if (this.stream.write(chunk)) return undefined;
    return new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  onGone(listener: () => void): void {
    this.gone = listener;
  }

  close(end: EchoEnd, closed: (end: EchoEnd) => void): void {
    this.closed = closed;
    // At the end of input, wait until every earlier write has been flushed (or has failed).
    // When stopping (a signal, EPIPE), a reader who stopped reading must not hold us up.
    if (end === 'input_ended') this.stream.write(Buffer.alloc(0), () => closed(end));
    else closed(end);
  }
}
