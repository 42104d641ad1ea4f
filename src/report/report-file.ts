import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Options for {@link createReportWriter}. */
export interface ReportWriterOptions<T extends object = object> {
  /** Where the report goes (`--report PATH.json`, `--html PATH`); its directory must exist (nothing creates one). */
  readonly path: string;
  /** Builds the object to write, e.g. `() => stats.snapshot(Date.now())`. */
  readonly snapshot: () => T;
  /** The file's text for the object; pretty JSON by default. */
  readonly render?: (snapshot: T) => string;
  /** Called once, on the first failure, with a one-line message. */
  readonly warn: (message: string) => void;
  /** Distinguishes this process's temporary file; defaults to `process.pid`. */
  readonly tempSuffix?: string;
}

/** Writes the summary report on demand; the caller owns the timer (periodically and at exit). */
export interface ReportWriter {
  /**
   * Writes the current snapshot synchronously: its text to `<path>.tmp-<pid>`, then a
   * rename over `path`, so a reader (or a SIGKILL) only ever sees a complete report.
   * Returns false when the write failed; never throws.
   */
  writeNow(): boolean;
}

/**
 * Creates a report writer. Nothing is written until `writeNow`. On failure (directory not
 * writable, disk full) the temporary file is removed, `warn` is called the first time only,
 * and later calls keep trying, so a report appears once the problem is fixed. No fsync:
 * the rename is atomic for other processes and survives SIGKILL, which is the contract;
 * surviving power loss is not.
 */
export function createReportWriter<T extends object>(options: ReportWriterOptions<T>): ReportWriter {
  const temp = `${options.path}.tmp-${options.tempSuffix ?? String(process.pid)}`;
  const render = options.render ?? ((snapshot: T) => `${JSON.stringify(snapshot, null, 2)}\n`);
  let warned = false;
  return {
    writeNow() {
      try {
        const text = render(options.snapshot());
        writeFileSync(temp, text);
        renameSync(temp, options.path);
        return true;
      } catch (error) {
        try {
          rmSync(temp, { force: true });
        } catch {
          // The directory itself is unusable; there is no temporary file to remove.
        }
        if (!warned) {
          warned = true;
          options.warn(`report not written to ${options.path}: ${error instanceof Error ? error.message : String(error)}`);
        }
        return false;
      }
    },
  };
}
