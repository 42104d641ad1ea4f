import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStreamFile } from '../generate-stream.js';
import type { StreamOptions, StreamTally } from '../generate-stream.js';

/** A generated stream on disk and what it holds. */
export interface CachedStream {
  readonly path: string;
  readonly bytes: number;
  readonly messages: number;
  readonly exchanges: number;
  readonly tally: StreamTally;
  /** True when an earlier run's file was reused. */
  readonly reused: boolean;
  readonly generateMs: number;
}

/** The generator's own code, so that a changed generator never reuses an old stream. */
function generatorFingerprint(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const file of [join(here, '..', 'generate-stream.js'), join(here, 'robot-traffic.js'), join(here, 'prng.js')]) {
    hash.update(existsSync(file) ? readFileSync(file) : file);
  }
  return hash.digest('hex');
}

/**
 * Returns the stream for `options`, generating it into `<tmpdir>/goreplay-diff-bench/`
 * unless a file made from the same options by the same generator code is already there.
 * The key is a hash of both. Throws on I/O errors.
 */
export function cachedStream(options: StreamOptions): CachedStream {
  const key = createHash('sha256')
    .update(JSON.stringify(options, (_, value: unknown) => (value === Infinity ? 'Infinity' : value)))
    .update(generatorFingerprint())
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'goreplay-diff-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `stream-${key}.${options.format}`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const tally = JSON.parse(readFileSync(metaPath, 'utf8')) as StreamTally;
    if (statSync(path).size === tally.bytes) {
      return { path, bytes: tally.bytes, messages: tally.messages, exchanges: tally.exchanges, tally, reused: true, generateMs: 0 };
    }
  }
  const started = Date.now();
  const tally = writeStreamFile(path, options);
  writeFileSync(metaPath, `${JSON.stringify(tally)}\n`);
  return { path, bytes: tally.bytes, messages: tally.messages, exchanges: tally.exchanges, tally, reused: false, generateMs: Date.now() - started };
}
