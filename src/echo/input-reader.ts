/** Where a reader delivers the input: the echo. */
export interface ChunkSink {
  /**
   * Echoes and analyses `chunk`, which is only valid during the call (readers reuse their
   * buffer). A promise means reading must wait until it settles: the output is full or
   * the analysis is behind.
   */
  chunk(chunk: Buffer): Promise<void> | undefined;
  /** The input ended, or can no longer be read. */
  end(): void;
}

/**
 * One way of reading the input. `start` is called once; the reader then delivers the
 * input to the sink in order, one chunk at a time, never while a wait the sink returned is
 * pending, until the input ends. After `stop` (which the sink may call from within
 * `chunk` or `end`) it delivers nothing more.
 */
export interface InputReader {
  start(sink: ChunkSink): void;
  /** Stops reading; nothing it leaves behind keeps the process alive. */
  stop(): void;
}
