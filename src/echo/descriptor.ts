import { fstatSync } from 'node:fs';
import type { ChunkSink, InputReader } from './input-reader.js';

// What the readers of a raw descriptor and the descriptor output share.

/** What a descriptor is, as far as the echo cares; `other` for a terminal or an error. */
export type FdKind = 'file' | 'fifo' | 'socket' | 'other';

export function kindOf(fd: number): FdKind {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return 'file';
    if (stat.isFIFO()) return 'fifo';
    return stat.isSocket() ? 'socket' : 'other';
  } catch {
    return 'other';
  }
}

/**
 * Immediate retries of a read or write refused with EAGAIN while streaming, before waiting
 * through the event loop: such an EAGAIN almost always clears after a retry or two, and
 * retrying costs less than a round through the event loop. Bounded, so an idle writer or a
 * stalled reader costs only a few failed system calls before the wait becomes a real one.
 */
export const EAGAIN_RETRIES = 64;

/** The sink of a reader not started yet: it is never called. */
const NO_SINK: ChunkSink = { chunk: () => undefined, end: () => {} };

/** What every reader of a raw descriptor holds: the descriptor, its one reused buffer, the sink. */
export abstract class DescriptorReader implements InputReader {
  protected readonly fd: number;
  protected readonly buffer: Buffer;
  protected sink: ChunkSink = NO_SINK;
  /** Nothing more is read or delivered once set. */
  protected stopped = false;

  /** `buffer` is read into again and again: chunks handed on are views of it. */
  constructor(fd: number, buffer: Buffer) {
    this.fd = fd;
    this.buffer = buffer;
  }

  start(sink: ChunkSink): void {
    this.sink = sink;
    this.startReading();
  }

  abstract stop(): void;

  /** Starts the first read, once the sink is there. */
  protected abstract startReading(): void;
}
