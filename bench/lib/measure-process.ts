import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const POLL_MS = 20;
const STDERR_KEEP = 64 * 1024;

/** Whether GNU time is installed, so peak RSS comes from the kernel's own accounting. */
export function gnuTimeAvailable(): boolean {
  return existsSync(GNU_TIME);
}

/** How a process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A spawned program whose peak memory is being measured. */
export interface MeasuredProcess {
  readonly child: ChildProcess;
  /** Resolves once the process exited and its stdio closed. */
  readonly exited: Promise<Exit>;
  /** Everything it wrote to stderr (the first 64 KiB). */
  stderr(): string;
  /**
   * Peak RSS in KiB, once `exited` resolved: GNU time's maximum resident set size when the
   * program ran under it, else the highest VmHWM read while it ran (polled every 20 ms,
   * and always just before `kill`). Null when nothing could be read.
   */
  peakRssKb(): number | null;
  /** Reads VmHWM one last time, then sends `signal` to the program itself. */
  kill(signal?: NodeJS.Signals): void;
}

/** The two ends of `cat FILE | program | dd of=/dev/null`. */
export interface PipelineEnds {
  readonly file: string;
  /** dd stops after this many bytes (or at end of input) and reports how many it read. */
  readonly sinkBytes: number;
  readonly onSinkDone: (bytes: number) => void;
}

/** Options for {@link spawnMeasured}. */
export interface SpawnOptions {
  /** When set, the program runs between `cat FILE` and `dd`; else its stdin and stdout are pipes to the caller. */
  readonly pipeline?: PipelineEnds;
  /** Run under GNU time (exact peak RSS after exit). Leave off for programs that are killed. */
  readonly underTime: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Without `pipeline`: a descriptor to give the program as stdin instead of a pipe from the caller. */
  readonly stdinFd?: number;
}

/**
 * Starts `argv` with stderr piped to the caller. With `pipeline`, bash wires `cat FILE`
 * into the program's stdin and its stdout into `dd of=/dev/null` by process substitution,
 * then execs the program, so the spawned pid is the program itself (or GNU time) and no
 * shell stays in between; `cat` and `dd` are C programs, so the pipe ends cost what
 * `cat FILE | X | cat > /dev/null` costs. Throws only if spawning fails synchronously.
 */
export function spawnMeasured(argv: readonly string[], options: SpawnOptions): MeasuredProcess {
  const useTime = options.underTime && gnuTimeAvailable();
  const scratch = useTime ? mkdtempSync(join(tmpdir(), 'gd-bench-rss-')) : null;
  const rssFile = scratch === null ? null : join(scratch, 'rss');
  const program = rssFile === null ? [...argv] : [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv];
  const env = options.env ?? process.env;
  let child: ChildProcess;
  const ends = options.pipeline;
  if (ends === undefined) {
    child = spawn(program[0] as string, program.slice(1), { stdio: [options.stdinFd ?? 'pipe', 'pipe', 'pipe'], env });
  } else {
    // dd reports "N bytes (...) copied" on its stderr, sent to fd 3; count_bytes makes it stop after exactly N.
    const script = 'f=$0 n=$1; shift; exec "$@" < <(exec cat -- "$f") > >(exec dd of=/dev/null bs=64K iflag=count_bytes,fullblock count="$n" 2>&3)';
    child = spawn('bash', ['-c', script, ends.file, String(ends.sinkBytes), ...program], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env });
    let report = '';
    const sinkPipe = child.stdio[3] as Readable;
    sinkPipe.setEncoding('latin1');
    sinkPipe.on('data', (text: string) => {
      const before = /^(\d+) bytes/m.test(report);
      report += text;
      const match = /^(\d+) bytes/m.exec(report);
      if (!before && match !== null) ends.onSinkDone(Number(match[1]));
    });
  }

  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    if (stderr.length < STDERR_KEEP) stderr += text;
  });

  let polledKb: number | null = null;
  const poll = (): void => {
    const kb = child.pid === undefined ? null : readHwmKb(child.pid);
    if (kb !== null && (polledKb === null || kb > polledKb)) polledKb = kb;
  };
  const timer = rssFile === null ? setInterval(poll, POLL_MS) : null;

  let timeKb: number | null = null;
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      if (timer !== null) clearInterval(timer);
      if (rssFile !== null) timeKb = readTimeKb(rssFile);
      if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });

  return {
    child,
    exited,
    stderr: () => stderr,
    peakRssKb: () => timeKb ?? polledKb,
    kill: (signal = 'SIGTERM') => {
      poll();
      child.kill(signal);
    },
  };
}

/** The peak resident set (VmHWM, KiB) of a live process, or null when it cannot be read. */
export function readHwmKb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

function readTimeKb(path: string): number | null {
  try {
    // GNU time writes "Command exited with non-zero status N" above the value when the program failed.
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const value = Number(lines[lines.length - 1]);
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** One timed run of a program reading a file through a pipe. */
export interface PipeRun {
  readonly wallMs: number;
  /** When the expected output had all come out (ms from spawn), with `lastByte`; else null. */
  readonly lastByteMs: number | null;
  readonly peakRssKb: number | null;
  readonly outputBytes: number;
  readonly exit: Exit;
  readonly stderr: string;
  /** Why the run is not valid (wrong output size, failure, timeout); null when it is. */
  readonly problem: string | null;
}

/** What {@link runThroughPipe} runs. */
export interface PipeSpec {
  readonly argv: readonly string[];
  readonly inputFile: string;
  /** The output size that marks the end (an echo outputs exactly its input). */
  readonly expectedBytes: number;
  /** False for programs that never exit on their own: they are killed once all output came. */
  readonly exitsAtEof: boolean;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Also time the last output byte: the sink stops after exactly the expected bytes (so
   * extra output goes unseen), and the run still waits for the program to exit.
   */
  readonly lastByte?: boolean;
}

/**
 * Runs `cat FILE | program | dd of=/dev/null` and times it from spawn to the end: when the
 * program, `cat` and `dd` have all exited, or for a program that does not exit, when `dd`
 * has read the expected byte count, after which the program is killed. Never rejects:
 * failures, wrong output sizes and timeouts come back in `problem`.
 */
export async function runThroughPipe(spec: PipeSpec): Promise<PipeRun> {
  const started = process.hrtime.bigint();
  let outputBytes = -1;
  let allOutputAt: bigint | null = null;
  let timedOut = false;
  const run: MeasuredProcess = spawnMeasured(spec.argv, {
    pipeline: {
      file: spec.inputFile,
      // One byte more than expected lets dd read to the end, so extra output would be seen.
      sinkBytes: spec.exitsAtEof && spec.lastByte !== true ? spec.expectedBytes + 1 : spec.expectedBytes,
      onSinkDone: (bytes) => {
        outputBytes = bytes;
        allOutputAt = process.hrtime.bigint();
        if (!spec.exitsAtEof) run.kill();
      },
    },
    underTime: spec.exitsAtEof,
    ...(spec.env === undefined ? {} : { env: spec.env }),
  });
  const timer = setTimeout(() => {
    timedOut = true;
    run.kill('SIGKILL');
  }, spec.timeoutMs);
  const exit = await run.exited;
  clearTimeout(timer);
  const ended = spec.exitsAtEof ? process.hrtime.bigint() : (allOutputAt ?? process.hrtime.bigint());
  let problem: string | null = null;
  if (timedOut) problem = `timed out after ${spec.timeoutMs} ms`;
  else if (outputBytes !== spec.expectedBytes) problem = outputBytes < 0 ? 'the output sink reported nothing' : `output ${outputBytes} bytes, expected ${spec.expectedBytes}`;
  else if (spec.exitsAtEof && exit.code !== 0) problem = `exit code ${String(exit.code)} (signal ${String(exit.signal)})`;
  const lastByteAt: bigint | null = allOutputAt;
  return {
    wallMs: Number(ended - started) / 1e6,
    lastByteMs: spec.lastByte === true && lastByteAt !== null ? Number(lastByteAt - started) / 1e6 : null,
    peakRssKb: run.peakRssKb(),
    outputBytes,
    exit,
    stderr: run.stderr(),
    problem,
  };
}
