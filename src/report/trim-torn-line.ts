import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';

/** How far back from the end a torn record's start is looked for. */
const TAIL_BYTES = 1024 * 1024;

/**
 * Cuts a file of JSON lines back to its last complete line, so a record that a failed
 * write (disk full) left half-written never becomes an unparseable line when more records
 * follow. Returns the number of bytes removed; 0 when the file already ends with LF, is
 * empty, or cannot be read. Never throws.
 */
export function trimTornLine(path: string): number {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r+');
    const size = fstatSync(fd).size;
    if (size === 0) return 0;
    const tailLength = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    if (tail[tailLength - 1] === 0x0a) return 0;
    const lastNewline = tail.lastIndexOf(0x0a);
    // A torn record longer than the tail cannot be told from one long line: leave it.
    if (lastNewline === -1 && tailLength < size) return 0;
    const keep = size - tailLength + lastNewline + 1;
    ftruncateSync(fd, keep);
    return size - keep;
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
