import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { UsageError } from '../config/usage-error.js';

/** One capture to read, in command-line order: a file, or standard input when `path` is null. */
export interface CaptureSource {
  /** What messages call it: the path, or `stdin`. */
  readonly name: string;
  readonly path: string | null;
}

/** What resolving paths needs from the file system; the real one by default. */
export interface SourceFs {
  isFile(path: string): boolean;
  list(dir: string): string[];
}

const realFs: SourceFs = {
  isFile: (path) => existsSync(path) && statSync(path).isFile(),
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};

/**
 * Turns command-line inputs into sources, in order. `-` is standard input (at most once).
 * An existing file is read as is. A path that does not exist stands for gor's chunked
 * output, whose chunk index gor inserts before the last extension: `requests.gor` means
 * `requests_0.gor`, `requests_1.gor`, … and `requests.gor.gz` means `requests.gor_0.gz`, …
 * (also accepted: `requests_0.gor.gz`), read in index order. Throws UsageError, keyed by the
 * argument, when a path names neither a file nor chunks or `-` is given twice.
 */
export function resolveCaptureSources(args: readonly string[], fs: SourceFs = realFs): CaptureSource[] {
  const sources: CaptureSource[] = [];
  let stdinSeen = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdinSeen) throw new UsageError('stdin_twice', arg, 'standard input (-) can be read only once');
      stdinSeen = true;
      sources.push({ name: 'stdin', path: null });
      continue;
    }
    if (fs.isFile(arg)) {
      sources.push({ name: arg, path: arg });
      continue;
    }
    const chunks = findChunks(arg, fs);
    if (chunks.length === 0) {
      const ext = extname(arg);
      throw new UsageError('no_input', arg, `${arg}: no such file, nor gor chunks like ${arg.slice(0, arg.length - ext.length)}_0${ext}`);
    }
    for (const chunk of chunks) sources.push({ name: chunk, path: chunk });
  }
  return sources;
}

/** The chunk files of `path` (see resolveCaptureSources), sorted by index; [] when none. */
export function findChunks(path: string, fs: SourceFs = realFs): string[] {
  const dir = dirname(path);
  const name = basename(path);
  const patterns: RegExp[] = [];
  const ext = extname(name);
  if (ext !== '') patterns.push(chunkPattern(name.slice(0, -ext.length), ext));
  if (name.endsWith('.gor.gz')) patterns.push(chunkPattern(name.slice(0, -'.gor.gz'.length), '.gor.gz'));
  const entries = fs.list(dir);
  for (const pattern of patterns) {
    const found: Array<{ index: number; file: string }> = [];
    for (const entry of entries) {
      const match = pattern.exec(entry);
      if (match !== null) found.push({ index: Number(match[1]), file: join(dir, entry) });
    }
    if (found.length > 0)
      return found
        .sort((a, b) => a.index - b.index)
        .map((chunk) => chunk.file)
        .filter((file) => fs.isFile(file));
  }
  return [];
}

function chunkPattern(stem: string, ext: string): RegExp {
  return new RegExp(`^${escapeRegExp(stem)}_(\\d+)${escapeRegExp(ext)}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
