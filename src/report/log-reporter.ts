import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import type { ExchangeResult } from '../compare/exchange-result.js';
import { levelFor, messageFor, toLogRecord } from './log-record.js';
import { trimTornLine } from './trim-torn-line.js';
import type { Redactor } from './redact.js';
import type { ExchangeInsight } from '../insight/insight.js';

/** Log files are readable by their owner only: they hold request and response bodies. */
export const LOG_FILE_MODE = 0o600;

/** Options for {@link createLogReporter}. */
export interface LogReporterOptions {
  /**
   * The log path, e.g. `./goreplay-diff.log`. pino-roll numbers the files before the
   * extension: `goreplay-diff.1.log`, `goreplay-diff.2.log`, … Its directory must exist:
   * nothing creates one, at start or at a rotation.
   * pino-roll rejects paths containing `<>"|?*` or `:`.
   */
  readonly file: string;
  /** Rotate when a file reaches this size: a number of MB, or `'500k'`, `'10m'`, `'1g'`. */
  readonly maxSize: string | number;
  /** Also rotate `'daily'`, `'hourly'`, or every N milliseconds. */
  readonly frequency: 'daily' | 'hourly' | number;
  /**
   * How many of this run's log files stay on disk, the current one included (at least 2);
   * at each rotation the oldest are deleted. Files left by earlier runs are never deleted.
   */
  readonly keep: number;
  /** Log ok exchanges too (at level info). */
  readonly logOk: boolean;
  /** Largest body text per record, in bytes. */
  readonly bodyLimit: number;
  readonly redactor: Redactor;
}

/** The options {@link logReporterFor} needs once a destination is open. */
export type LogWriterOptions = Pick<LogReporterOptions, 'logOk' | 'bodyLimit' | 'redactor'>;

/** Writes one JSON line per reported exchange. Never throws. */
export interface LogReporter {
  /** Logs `result` if it is not ok (or `logOk` is set) and logging has not been stopped. */
  exchange(result: ExchangeResult, insight?: ExchangeInsight | null): void;
  /** False once a write error stopped logging. */
  readonly active: boolean;
  /** Closes the file; every record was already written, so nothing is lost. Resolves, never rejects. */
  close(): Promise<void>;
}

/** The part of a sonic-boom stream the reporter uses; tests pass a fake. */
export interface LogDestination {
  write(line: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  end(): void;
  destroy?(): void;
}

type PinoRoll = (options: Record<string, unknown>) => Promise<LogDestination & { readonly file: string }>;

// pino-roll ships no type declarations; its factory's shape is declared above.
const pinoRoll = createRequire(import.meta.url)('pino-roll') as PinoRoll;

/**
 * Opens the rotating log (pino → pino-roll → sonic-boom) and returns its reporter. If the
 * file cannot be opened (directory missing or not writable, invalid size or path),
 * calls `warn` once with a one-line message and resolves to null: the caller runs without
 * a log. Never rejects.
 *
 * Writes are synchronous (sonic-boom `sync: true`, `minLength: 0`): each record is one
 * `write(2)` of a whole line, done before `exchange` returns. Gor stops its middleware with
 * SIGKILL, which discards anything still queued in the process; with async writes the
 * records buffered behind an in-flight write would be lost, and a kill during rotation could
 * leave the tail of one. Synchronously written data is in the kernel already, so after a
 * SIGKILL every line in the file is complete. The cost is one system call per logged record,
 * and records are normally only the non-ok exchanges.
 */
export async function createLogReporter(options: LogReporterOptions, warn: (message: string) => void): Promise<LogReporter | null> {
  let destination: LogDestination & { readonly file: string };
  try {
    destination = await pinoRoll({
      file: options.file,
      size: options.maxSize,
      frequency: options.frequency,
      // pino-roll's count excludes the current file. Files left by earlier runs are not
      // touched: removeOtherLogFiles would also delete unrelated files whose names merely start like ours.
      limit: { count: Math.max(1, Math.floor(options.keep) - 1), removeOtherLogFiles: false },
      // Only the named paths are written: a directory removed while running is not re-created at
      // the next rotation, which then fails with one warning and leaves the run without a log.
      mkdir: false,
      sync: true,
      minLength: 0,
      mode: LOG_FILE_MODE,
    });
  } catch (error) {
    warn(`log file disabled: cannot write ${options.file}: ${messageOf(error)}`);
    return null;
  }
  try {
    // The mode only applies when a file is created; a file left by an earlier run keeps its own.
    chmodSync(destination.file, LOG_FILE_MODE);
  } catch {
    // Not the owner: the file is still writable, so logging goes on.
  }
  // A record torn by a failed write (disk full), now or in an earlier run, is cut off so the
  // file holds complete JSON lines only. pino-roll updates `file` when it rotates.
  trimTornLine(destination.file);
  return logReporterFor(destination, options, warn, () => trimTornLine(destination.file));
}

/**
 * The reporter over an open destination. Records are pino JSON lines with `level` as a label
 * (`error` | `warn` | `info`), `time` as an ISO 8601 string, and without pino's default `pid`
 * and `hostname`: the field set is the documented, stable one, and the file is per host anyway.
 * A destination error (disk full, file removed at rotation) calls `onFailure`, then `warn`
 * once, and stops logging.
 */
export function logReporterFor(destination: LogDestination, options: LogWriterOptions, warn: (message: string) => void, onFailure: () => void = () => {}): LogReporter {
  let failed = false;
  let closing: Promise<void> | undefined;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    onFailure();
    warn(`log file disabled: ${messageOf(error)}`);
  };
  destination.on('error', fail);

  const logger = pino(
    {
      level: 'info',
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );

  return {
    get active() {
      return !failed && closing === undefined;
    },

    exchange(result, insight) {
      if (failed || closing !== undefined) return;
      if (result.verdict === 'ok' && !options.logOk) return;
      try {
        const record = toLogRecord(result, options.redactor, options.bodyLimit, insight);
        logger[levelFor(result.verdict)](record, messageFor(result));
      } catch (error) {
        fail(error);
      }
    },

    close() {
      closing ??= new Promise<void>((resolve) => {
        if (failed) {
          destination.destroy?.();
          resolve();
          return;
        }
        destination.once('close', resolve);
        destination.on('error', () => resolve());
        try {
          destination.end();
        } catch {
          resolve();
        }
      });
      return closing;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
