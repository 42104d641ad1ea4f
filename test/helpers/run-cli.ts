import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The spawned CLI, with its three standard streams piped. */
export type CliChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** Feeds the child's stdin; it may also watch or signal the child. Ending stdin is its job. */
export type StdinWriter = (stdin: Writable, child: CliChild) => void | Promise<void>;

/** Options for {@link runCli}. */
export interface RunCliOptions {
  /** Added to the inherited environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory of the child; pass a temporary folder so the default log file lands there. */
  readonly cwd?: string;
  /** The child is killed (SIGKILL) and the run rejected after this long; default 20 s. */
  readonly timeoutMs?: number;
  /**
   * What the child's stdin is: `socket` (Node's default for piped stdio, a socket pair) or
   * `fifo`, a real blocking pipe as gor and shells give (made with `mkfifo`).
   */
  readonly stdin?: 'socket' | 'fifo';
}

/** How a run ended and everything it wrote. */
export interface CliRun {
  /** Exit code, or null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout bytes exactly as received (what stays readable until the test closes the pipe). */
  readonly stdout: Buffer;
  readonly stderr: string;
}

/**
 * Path of the CLI entry the tests spawn: `GOREPLAY_DIFF_CLI` when set (a private build),
 * else `dist/cli.js` of the repository, found by walking up from this module, then from
 * the working directory, to the first folder holding `package.json` and `fixtures/`.
 * Throws when neither walk finds the repository.
 */
export function cliPath(): string {
  const fromEnv = process.env['GOREPLAY_DIFF_CLI'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return join(repoRoot(), 'dist', 'cli.js');
}

/**
 * The repository root: the first folder holding `package.json` and `fixtures/` above this
 * module, else above the working directory. Throws when there is none.
 */
export function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = walkUp(here) ?? walkUp(process.cwd());
  if (root === undefined) throw new Error(`no folder holding package.json and fixtures/ above ${here} or ${process.cwd()}`);
  return root;
}

/** Variables of the test runner's own environment that would change the CLI's behaviour. */
const SCRUBBED_ENV = ['GOREPLAY_DIFF_CONFIG', 'FORCE_COLOR', 'NO_COLOR', 'NODE_TEST_CONTEXT'];

/**
 * Spawns `node <cli> ...args` with piped stdio and resolves once the process has exited and
 * its streams are closed. `input` is either bytes written to stdin and then ended, or a
 * writer that drives stdin (and may signal the child). Errors writing stdin (EPIPE after the
 * child left) are ignored: the exit status tells the story. Rejects only when the child
 * cannot be spawned or outlives `timeoutMs` (it is then killed).
 */
export function runCli(args: readonly string[], input: Buffer | StdinWriter, options: RunCliOptions = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of SCRUBBED_ENV) delete env[name];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const fifo = options.stdin === 'fifo' ? openFifo() : null;
  const child = spawn(process.execPath, [cliPath(), ...args], {
    cwd: options.cwd ?? process.cwd(),
    env,
    stdio: [fifo?.readFd ?? 'pipe', 'pipe', 'pipe'],
  }) as unknown as CliChild;
  let stdin: Writable = child.stdin;
  if (fifo !== null) {
    closeSync(fifo.readFd);
    // A socket on the pipe's write end: non-blocking writes with backpressure, so a child
    // that stops reading never blocks this process (a blocking write in the thread pool would).
    stdin = new Socket({ fd: fifo.writeFd, readable: false, writable: true });
    stdin.once('close', fifo.remove);
  }
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stdout.on('error', () => {});
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  stdin.on('error', () => {});
  return new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI still running after ${options.timeoutMs ?? 20_000} ms: ${args.join(' ')}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the child did not read can never be written now: let it go.
      if (fifo !== null) stdin.destroy();
      resolve({ code, signal, stdout: Buffer.concat(stdout), stderr });
    });
    if (Buffer.isBuffer(input)) {
      stdin.end(input);
    } else {
      Promise.resolve()
        .then(() => input(stdin, child))
        .catch((error: unknown) => {
          child.kill('SIGKILL');
          clearTimeout(timer);
          reject(error);
        });
    }
  });
}

/**
 * A named pipe for a child's stdin: `readFd` (blocking, for the child) and `writeFd` for
 * the test. Opening read-write first lets both opens return at once.
 */
function openFifo(): { readFd: number; writeFd: number; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'goreplay-diff-fifo-'));
  const path = join(dir, 'stdin');
  execFileSync('mkfifo', [path]);
  const writeFd = openSync(path, constants.O_RDWR);
  const readFd = openSync(path, constants.O_RDONLY);
  return { readFd, writeFd, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Resolves once `condition()` holds, checking every few milliseconds; rejects with
 * `what` in the message when `deadlineMs` passes first. For waiting on another process's
 * output (a log line on disk), never for a fixed delay.
 */
export async function waitUntil(condition: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function walkUp(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
