import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { cliPath } from '../helpers/run-cli.js';
import type { CliChild } from '../helpers/run-cli.js';

/** How a spawned CLI ended and what it wrote on stderr. */
export interface CliExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** A CLI process whose stdin and stdout the test drives itself. */
export interface StreamingCli {
  readonly child: CliChild;
  /** Resolves once the process exited and its streams closed; rejects if it outlives `timeoutMs` (it is killed). */
  readonly exit: Promise<CliExit>;
}

/** Variables of the test runner's environment that would change the CLI's behaviour. */
const SCRUBBED_ENV = ['GOREPLAY_DIFF_CONFIG', 'FORCE_COLOR', 'NO_COLOR', 'NODE_TEST_CONTEXT'];

/**
 * Spawns `node <cli> ...args` (the CLI from `GOREPLAY_DIFF_CLI` or `dist/cli.js`) with piped
 * stdio, leaving stdin and stdout to the caller: nothing reads stdout until the caller
 * does, so the caller controls the pace. stderr is collected. Errors on stdin (EPIPE once
 * the child has gone) are ignored; the exit status tells the story.
 */
export function spawnCli(args: readonly string[], options: { cwd: string; timeoutMs?: number; env?: Readonly<Record<string, string>> }): StreamingCli {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of SCRUBBED_ENV) delete env[name];
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [cliPath(), ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr += text;
  });
  child.stdin.on('error', () => {});
  const timeoutMs = options.timeoutMs ?? 60_000;
  const exit = new Promise<CliExit>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI still running after ${timeoutMs} ms: ${args.join(' ')}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
  return { child, exit };
}

/** Byte count and SHA-256 (hex) of everything that went through a stream. */
export interface Digest {
  readonly bytes: number;
  readonly sha256: string;
}

/** Incremental byte count and SHA-256 of a sequence of chunks. */
export class Digester {
  readonly #hash = createHash('sha256');
  #bytes = 0;

  /** Adds one chunk. */
  add(chunk: Buffer): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
  }

  /** Bytes added so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The final digest; call once, after the last chunk. */
  digest(): Digest {
    return { bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }
}

/**
 * Writes every chunk of `chunks` to `stdin` in order, waiting for 'drain' whenever the
 * stream says to (so this process never buffers more than one chunk), then ends it.
 * Chunks may be produced lazily. `onChunk` sees each chunk once it is handed over.
 * Resolves with the digest of what was written; stops early, without rejecting, if stdin
 * is closed by the child.
 */
export async function writeAll(stdin: Writable, chunks: Iterable<Buffer>, onChunk?: (chunk: Buffer) => void): Promise<Digest> {
  const written = new Digester();
  for (const chunk of chunks) {
    if (stdin.destroyed) break;
    const accepted = stdin.write(chunk);
    written.add(chunk);
    onChunk?.(chunk);
    if (!accepted) await drained(stdin);
  }
  stdin.end();
  return written.digest();
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * Reads `readable` in flowing mode to its end, adding every chunk to `digester` (a fresh
 * one by default, or one that already holds what was read before), and resolves with
 * the final digest.
 */
export function digestAll(readable: Readable, digester = new Digester()): Promise<Digest> {
  return new Promise((resolve, reject) => {
    readable.on('data', (chunk: Buffer) => digester.add(chunk));
    readable.once('end', () => resolve(digester.digest()));
    readable.once('error', reject);
  });
}
