import type { Readable } from 'node:stream';
import type { ChunkSink, InputReader } from './input-reader.js';

/** Reads a Node stream (stdin on a terminal) in flowing mode, pausing it while the echo waits. */
export class StreamReader implements InputReader {
  private readonly input: Readable;
  private sink: ChunkSink | null = null;
  private stopped = false;
  private readonly onData = (chunk: Buffer): void => this.deliver(chunk);
  private readonly resume = (): void => {
    if (!this.stopped) this.input.resume();
  };

  constructor(input: Readable) {
    this.input = input;
  }

  start(sink: ChunkSink): void {
    this.sink = sink;
    const ended = (): void => {
      if (this.stopped) return;
      this.stopped = true;
      sink.end();
    };
    this.input.on('data', this.onData);
    this.input.once('end', ended);
    this.input.once('error', ended);
  }

  stop(): void {
    this.stopped = true;
    this.input.off('data', this.onData);
    this.input.pause();
  }

  private deliver(chunk: Buffer): void {
    if (this.stopped || this.sink === null) return;
    const wait = this.sink.chunk(chunk);
    if (wait === undefined) return;
    this.input.pause();
    void wait.then(this.resume, this.resume);
  }
}
