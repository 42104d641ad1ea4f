import { closeSync, writeSync } from 'node:fs';

/** Writes all of `bytes` to a file descriptor with synchronous writes; throws what writeSync throws. */
export function writeFully(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

/** Closes `fd`, ignoring failure: a descriptor already closed or unusable has nothing left to release. */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing more can be done with it.
  }
}
