import { closeSync, constants, openSync, writeSync } from 'node:fs';

// Ending a read of a pipe that waits in libuv's thread pool (see thread-pool-reader): Node
// joins the thread pool at exit, so such a read would keep a stopping process alive. Linux only.

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
 * Ends a read waiting on an empty pipe by writing one byte into it; false when that could
 * not be done. If the pipe is not empty the read is not waiting (or the write fails with
 * EAGAIN on a full pipe): either way the read returns.
 */
export function wakePendingRead(fd: number): boolean {
  let writer: number;
  try {
    writer = openPipeWriter(fd);
  } catch {
    return false;
  }
  let woken: boolean;
  try {
    writeSync(writer, Buffer.from([0x0a]));
    woken = true;
  } catch (error) {
    woken = (error as NodeJS.ErrnoException).code === 'EAGAIN';
  }
  try {
    closeSync(writer);
  } catch {
    // The byte is written or not either way.
  }
  return woken;
}
