import { Socket } from 'node:net';
import { EAGAIN_RETRIES, kindOf } from './descriptor.js';
import type { EchoEnd } from './echo.js';
import type { EchoOutput } from './echo-output.js';
import { writeAllSync } from './write-all.js';

/**
 * Output to a raw descriptor with `writeSync`. A pipe or socket also gets a net.Socket,
 * so that a reader who stops reading never blocks the thread (signals must still be
 * served): what a full pipe refuses is queued on the socket, and the echo waits for it. A
 * regular file (or a terminal) is written synchronously to the end.
 */
export class FdOutput implements EchoOutput {
  private readonly fd: number;
  private readonly socket: Socket | null;
  private gone: () => void = () => {};

  constructor(fd: number) {
    this.fd = fd;
    const kind = kindOf(fd);
    this.socket = kind === 'fifo' || kind === 'socket' ? new Socket({ fd, readable: false, writable: true }) : null;
    this.socket?.on('error', () => this.gone());
  }

  write(chunk: Buffer): Promise<void> | undefined | false {
    const socket = this.socket;
    const outcome = writeAllSync(this.fd, chunk, socket === null, EAGAIN_RETRIES);
    if (outcome.state === 'closed') return false;
    if (outcome.state === 'done' || socket === null) return undefined;
    const rest = Buffer.from(chunk.subarray(outcome.written));
    // Called back on success, on failure and when destroyed at a stop.
    return new Promise<void>((resolve) => socket.write(rest, () => resolve()));
  }

  onGone(listener: () => void): void {
    this.gone = listener;
  }

  close(end: EchoEnd, closed: (end: EchoEnd) => void): void {
    // Anything still queued for a reader who stopped reading is abandoned: we are stopping.
    // (At the end of input nothing is: reading waited for every queued write.)
    this.socket?.destroy();
    closed(end);
  }
}
