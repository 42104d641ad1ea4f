import { accessSync, constants, fstatSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { UsageError } from '../config/usage-error.js';

/** One capture to read, in command-line order: a file, or standard input when `path` is null. */
export interface CaptureSource {
  /** What messages call it: the path, or `stdin`. */
  readonly name: string;
  readonly path: string | null;
}

/**
 * What a path names, links followed: a regular file; another readable thing that is not a
 * directory (a FIFO, process substitution's `/dev/fd/N`, a character device), which can be
 * read only once; a directory; nothing; or something this process may not read.
 */
export type PathKind = 'file' | 'stream' | 'directory' | 'missing' | 'unreadable';

/** What resolving paths needs from the file system; the real one by default. */
export interface SourceFs {
  kind(path: string): PathKind;
  /** Whether `path` is this process's standard input itself (`/dev/stdin`, `/dev/fd/0` on a pipe or socket). */
  isStdin(path: string): boolean;
  list(dir: string): string[];
}

const realFs: SourceFs = {
  kind: (path) => {
    let isFile: boolean;
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) return 'directory';
      isFile = stat.isFile();
      accessSync(path, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EACCES' || code === 'EPERM' ? 'unreadable' : 'missing';
    }
    return isFile ? 'file' : 'stream';
  },
  isStdin: (path) => {
    try {
      const stdin = fstatSync(0);
      const stat = statSync(path);
      return stat.dev === stdin.dev && stat.ino === stdin.ino;
    } catch {
      return false;
    }
  },
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};

/**
 * Turns command-line inputs into sources, in order. `-` is standard input, and so is a path
 * that is standard input itself (`/dev/stdin` on a pipe or a socket, which cannot be opened
 * by name): at most once. Anything else readable that is not a directory is read as is: a
 * file, a FIFO, process substitution (`<(zcat x.gor.gz)`), a device. A path that does not
 * exist stands for gor's chunked output, whose chunk index gor inserts before the last
 * extension: `requests.gor` means `requests_0.gor`, `requests_1.gor`, … and
 * `requests.gor.gz` means `requests.gor_0.gz`, … (also accepted: `requests_0.gor.gz`), read
 * in index order. Throws UsageError, keyed by the argument, for a directory, a path that may
 * not be read, one that names neither a file nor chunks, or standard input given twice.
 */
export function resolveCaptureSources(args: readonly string[], fs: SourceFs = realFs): CaptureSource[] {
  const sources: CaptureSource[] = [];
  let stdinSeen = false;
  const readStdin = (arg: string): void => {
    if (stdinSeen) throw new UsageError('stdin_twice', arg, `${arg}: standard input (- or /dev/stdin) can be read only once`);
    stdinSeen = true;
    sources.push({ name: arg === '-' ? 'stdin' : arg, path: null });
  };
  for (const arg of args) {
    if (arg === '-') {
      readStdin(arg);
      continue;
    }
    const kind = fs.kind(arg);
    if (kind === 'stream' && fs.isStdin(arg)) readStdin(arg);
    else if (kind === 'file' || kind === 'stream') sources.push({ name: arg, path: arg });
    else if (kind === 'directory') throw new UsageError('directory_input', arg, `${arg}: is a directory, not a capture; name the files in it (e.g. ${join(arg, '*.gor')})`);
    else if (kind === 'unreadable') throw new UsageError('unreadable_input', arg, `${arg}: permission denied`);
    else sources.push(...chunksOf(arg, fs));
  }
  return sources;
}

/** A regular file can be read twice (replay counts its requests first); standard input, a FIFO or a device cannot. */
export function canReadTwice(source: CaptureSource, fs: SourceFs = realFs): boolean {
  return source.path !== null && fs.kind(source.path) === 'file';
}

function chunksOf(arg: string, fs: SourceFs): CaptureSource[] {
  const chunks = findChunks(arg, fs);
  if (chunks.length === 0) {
    const ext = extname(arg);
    throw new UsageError('no_input', arg, `${arg}: no such file, nor gor chunks like ${arg.slice(0, arg.length - ext.length)}_0${ext}`);
  }
  return chunks.map((chunk) => ({ name: chunk, path: chunk }));
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
        .filter((file) => ['file', 'stream', 'unreadable'].includes(fs.kind(file)));
  }
  return [];
}

function chunkPattern(stem: string, ext: string): RegExp {
  return new RegExp(`^${escapeRegExp(stem)}_(\\d+)${escapeRegExp(ext)}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
