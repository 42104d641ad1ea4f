import { Socket } from 'node:net';
import { SyncReader } from './sync-reader.js';

/**
 * Reads a pipe or a socket in non-blocking mode: the net.Socket made on it sets O_NONBLOCK
 * (a pipe also turns non-blocking when `process.stdin` is created, which importing
 * `node:process` as an ES module does). `readSync` while data is at hand, as the sync
 * reader does; when the descriptor runs dry, the socket wakes us through the event loop
 * when data comes, so the thread sleeps and still serves signals.
 */
export class NonBlockingReader extends SyncReader {
  /** Makes the descriptor non-blocking, says when data comes, and reads what it can itself. */
  private socket: Socket | null = null;
  private ended = false;

  protected override startReading(): void {
    const socket = new Socket({ fd: this.fd, readable: true, writable: false });
    this.socket = socket;
    // While the echo waits, new data stays in the descriptor (and the socket's small buffer).
    socket.on('readable', this.resumeLater);
    const ended = (): void => {
      this.ended = true;
      this.resume();
    };
    socket.once('end', ended);
    socket.once('error', ended);
    super.startReading();
  }

  override stop(): void {
    this.socket?.removeAllListeners('readable');
    this.socket?.destroy();
    super.stop();
  }

  protected override resume(): void {
    if (this.waiting || this.stopped) return;
    this.drainSocket();
    if (this.waiting || this.stopped) return;
    if (this.ended) this.endOfInput();
    else this.pump();
  }

  /** Hands on what the socket already read: it is older than anything readSync would get. */
  private drainSocket(): void {
    const socket = this.socket;
    if (socket === null) return;
    let chunk: Buffer | null;
    while (!this.stopped && !this.waiting && (chunk = socket.read() as Buffer | null) !== null) this.deliver(chunk);
  }
}
