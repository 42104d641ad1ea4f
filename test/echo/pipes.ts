import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import type { ChunkSink } from '../../src/echo/input-reader.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('echo-pipes');

/** A named pipe (made with `mkfifo`) in a fresh temporary folder. */
export function makeFifo(): string {
  const path = join(tempDir(), 'pipe');
  execFileSync('mkfifo', [path]);
  return path;
}

/**
 * A pipe to read from: `readFd` for the reader under test (blocking unless `nonBlocking`)
 * and `writer`, a socket on the write end: its writes never block this process, whose
 * event loop the reader needs. Ending or destroying `writer` is the end of input.
 */
export function inputPipe(nonBlocking = false): { path: string; readFd: number; writer: Socket } {
  const path = makeFifo();
  // Opening read-write first lets both opens return at once.
  const writeFd = openSync(path, constants.O_RDWR);
  const readFd = openSync(path, constants.O_RDONLY | (nonBlocking ? constants.O_NONBLOCK : 0));
  const writer = new Socket({ fd: writeFd, readable: false, writable: true });
  writer.on('error', () => {});
  return { path, readFd, writer };
}

/**
 * A pipe to write to: `writeFd` for the output under test and `reader`, a paused socket
 * on the read end; destroying `reader` makes the writer's next write fail with EPIPE.
 */
export function outputPipe(): { writeFd: number; reader: Socket } {
  const path = makeFifo();
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeFd = openSync(path, constants.O_WRONLY);
  const reader = new Socket({ fd: readFd, readable: true, writable: false });
  reader.pause();
  reader.on('error', () => {});
  return { writeFd, reader };
}

/** Collects everything `stream` gives until it ends. */
export function collect(stream: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => stream.once('close', () => resolve(Buffer.concat(chunks))));
}

/** Closes a descriptor the test opened and no socket took over. */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}

/**
 * A sink that keeps a copy of every chunk. `holdNext()` makes the next chunk return a wait
 * that lasts until the returned function is called; `onChunk` runs after each chunk is kept.
 */
export class RecordingSink implements ChunkSink {
  readonly chunks: Buffer[] = [];
  ends = 0;
  onChunk: (count: number) => void = () => {};
  readonly ended: Promise<void>;
  private markEnded: () => void = () => {};
  private held: Promise<void> | undefined;

  constructor() {
    this.ended = new Promise((resolve) => {
      this.markEnded = resolve;
    });
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  holdNext(): () => void {
    let release: () => void = () => {};
    this.held = new Promise((resolve) => {
      release = resolve;
    });
    return release;
  }

  chunk(chunk: Buffer): Promise<void> | undefined {
    this.chunks.push(Buffer.from(chunk));
    const wait = this.held;
    this.held = undefined;
    this.onChunk(this.chunks.length);
    return wait;
  }

  end(): void {
    this.ends += 1;
    this.markEnded();
  }
}

/** Lets the event loop run for `ms` (timers, immediates, thread-pool callbacks). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
