import { read } from 'node:fs';
import { DescriptorReader } from './descriptor.js';
import { NonBlockingReader } from './non-blocking-reader.js';
import { wakePendingRead } from './pipe-wake.js';

/**
 * Reads a pipe in blocking mode (what gor and shells give us) one asynchronous `fs.read`
 * at a time: each read waits for data in libuv's thread pool, so the event loop stays free
 * for signals and timers while the input is idle, and nothing is allocated per read. It
 * gave a shorter echo delay than the non-blocking reader, at the same throughput or better.
 *
 * A read still waiting when reading stops would keep the process from exiting (Node joins
 * the thread pool at exit, even on an explicit exit), so `stop` writes one byte (LF) into
 * the pipe (see pipe-wake) to end it; it is never delivered. What that read returns instead
 * (input that came at the moment of the stop) is dropped, as anything gor sends a
 * middleware that is stopping is; if the read had already returned, the LF stays in the
 * pipe for whoever reads it next. Only for a pipe `canWakePendingRead` accepts.
 *
 * A pipe that turns out to be non-blocking (a read fails with EAGAIN) is handed over to a
 * non-blocking reader on the same buffer.
 */
export class ThreadPoolReader extends DescriptorReader {
  private pending = false;
  private fallback: NonBlockingReader | null = null;
  /** Bound once: no function is made per read. */
  private readonly readNext = (): void => this.read();
  private readonly onRead = (error: NodeJS.ErrnoException | null, length: number): void => this.afterRead(error, length);

  /** Whether a read is waiting in the thread pool. */
  get readPending(): boolean {
    return this.pending;
  }

  stop(): boolean {
    if (this.stopped) return false;
    this.stopped = true;
    if (this.fallback !== null) return this.fallback.stop();
    return this.pending && !wakePendingRead(this.fd);
  }

  protected startReading(): void {
    this.read();
  }

  private read(): void {
    // A wait that ends after a stop (a destroyed output still calls back) must not read on.
    if (this.stopped) return;
    this.pending = true;
    read(this.fd, this.buffer, 0, this.buffer.length, null, this.onRead);
  }

  private afterRead(error: NodeJS.ErrnoException | null, length: number): void {
    this.pending = false;
    if (this.stopped) return;
    if (error !== null) {
      if (error.code === 'EAGAIN') {
        this.fallback = new NonBlockingReader(this.fd, this.buffer);
        this.fallback.start(this.sink);
        return;
      }
      length = 0;
    }
    if (length === 0) {
      this.sink.end();
      return;
    }
    const wait = this.sink.chunk(this.buffer.subarray(0, length));
    if (wait === undefined) this.read();
    else void wait.then(this.readNext, this.readNext);
  }
}
