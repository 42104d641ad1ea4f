import { closeSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import type { Verdict } from '../compare/verdict.js';
import type { ResultSink } from './result-sink.js';
import { JUNIT_DOCUMENT_END, JUNIT_SUITE_END, junitCase, junitDocumentStart, junitSuiteStart } from './junit-xml.js';
import type { JunitCounts } from './junit-xml.js';
import type { Redactor } from './redact.js';
import { closeQuietly, writeFully } from './sync-file.js';

/** Options for {@link createJunitSink}. */
export interface JunitSinkOptions {
  /** Where the report goes (`--junit PATH.xml`); its directory must exist (nothing creates one). */
  readonly path: string;
  readonly failOn: Verdict | null;
  readonly redactor: Redactor;
  /** Called once, on the first failure, with a one-line message. */
  readonly warn: (message: string) => void;
  /** When the run started (ms since the epoch), for the `timestamp` attributes. */
  readonly startedAt: number;
  /** Distinguishes this process's temporary files; defaults to `process.pid`. */
  readonly tempSuffix?: string;
}

interface Suite {
  readonly temp: string;
  readonly fd: number;
  tests: number;
  failures: number;
  skipped: number;
  seconds: number;
}

const COPY_CHUNK_BYTES = 64 * 1024;

/**
 * The `--junit` output: one `<testsuite>` per route, one `<testcase>` per judged exchange
 * (see junitCase). Test cases are appended to one temporary file per route as they come,
 * so memory holds only counters; at close the document is assembled in `<path>.tmp-<pid>`
 * and renamed over `path`, so a reader never sees a partial report. A write failure warns
 * once, removes the temporary files and writes nothing more. Never throws.
 */
export function createJunitSink(options: JunitSinkOptions): ResultSink {
  const suites = new Map<string, Suite>();
  const base = `${options.path}.tmp-${options.tempSuffix ?? String(process.pid)}`;
  let failed = false;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    options.warn(`JUnit report not written to ${options.path}: ${(error as Error).message}`);
    cleanUp();
  };
  const cleanUp = (): void => {
    for (const suite of suites.values()) {
      closeQuietly(suite.fd);
      rmSync(suite.temp, { force: true });
    }
    suites.clear();
  };
  const suiteFor = (route: string): Suite => {
    let suite = suites.get(route);
    if (suite === undefined) {
      const temp = `${base}-${suites.size}`;
      suite = { temp, fd: openSync(temp, 'w'), tests: 0, failures: 0, skipped: 0, seconds: 0 };
      suites.set(route, suite);
    }
    return suite;
  };
  return {
    exchange(result, insight) {
      if (failed) return;
      try {
        const rendered = junitCase(result, options.failOn, options.redactor, insight ?? null);
        const suite = suiteFor(result.route);
        writeFully(suite.fd, Buffer.from(rendered.xml, 'utf8'));
        suite.tests += 1;
        suite.seconds += rendered.seconds;
        if (rendered.outcome === 'failure') suite.failures += 1;
        if (rendered.outcome === 'skipped') suite.skipped += 1;
      } catch (error) {
        fail(error);
      }
    },
    async close() {
      if (failed) return;
      const timestamp = new Date(options.startedAt).toISOString().slice(0, 19);
      let fd: number | null = null;
      try {
        const routes = [...suites.keys()].sort();
        const total = routes.reduce<JunitCounts>(
          (sum, route) => {
            const suite = suites.get(route)!;
            return { tests: sum.tests + suite.tests, failures: sum.failures + suite.failures, skipped: sum.skipped + suite.skipped, seconds: sum.seconds + suite.seconds };
          },
          { tests: 0, failures: 0, skipped: 0, seconds: 0 },
        );
        fd = openSync(base, 'w');
        writeFully(fd, Buffer.from(junitDocumentStart(total, timestamp), 'utf8'));
        for (const route of routes) {
          const suite = suites.get(route)!;
          writeFully(fd, Buffer.from(junitSuiteStart(route, suite, timestamp), 'utf8'));
          copyInto(fd, suite.temp);
          writeFully(fd, Buffer.from(JUNIT_SUITE_END, 'utf8'));
        }
        writeFully(fd, Buffer.from(JUNIT_DOCUMENT_END, 'utf8'));
        closeSync(fd);
        fd = null;
        renameSync(base, options.path);
      } catch (error) {
        if (fd !== null) closeQuietly(fd);
        rmSync(base, { force: true });
        fail(error);
      }
      cleanUp();
    },
  };
}

/** Appends the whole file at `path` to `fd`, a chunk at a time. */
function copyInto(fd: number, path: string): void {
  const source = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
    for (let read = readSync(source, buffer); read > 0; read = readSync(source, buffer)) {
      writeFully(fd, buffer.subarray(0, read));
    }
  } finally {
    closeSync(source);
  }
}
