import { closeSync, constants, openSync, writeSync } from 'node:fs';

// Ending a read of a pipe that waits in libuv's thread pool (see fd-echo): Node joins the
// thread pool at exit, so such a read would keep a stopping process alive. Linux only.

/** Opens the pipe behind `fd` for writing, without blocking; throws where there is no /proc. */
function openPipeWriter(fd: number): number {
  return openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK);
}

/** Whether `wakePendingRead` will work on this pipe (it is opened for writing and closed at once). */
export function canWakePendingRead(fd: number): boolean {
  try {
    closeSync(openPipeWriter(fd));
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends a read waiting on an empty pipe by writing one byte into it. If the pipe is not
 * empty the read is not waiting (or the write fails with EAGAIN on a full pipe): either
 * way the read returns.
 */
export function wakePendingRead(fd: number): void {
  try {
    const writer = openPipeWriter(fd);
    try {
      writeSync(writer, Buffer.from([0x0a]));
    } finally {
      closeSync(writer);
    }
  } catch {
    // Nothing more can be done; the caller's exit will wait for the read to return.
  }
}
