import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A maker of fresh folders under the system temp dir, named `goreplay-diff-<name>-…`;
 * every folder it made is removed when the calling test file's tests end. Call it at the
 * top level of a test file.
 */
export function tempDirs(name: string): () => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `goreplay-diff-${name}-`));
    made.push(dir);
    return dir;
  };
}
