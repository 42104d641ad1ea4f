import { baselineOf } from '../insight/baseline.js';
import type { Baseline } from '../insight/baseline.js';
import { ReportProblem, readSavedReport } from '../insight/saved-report.js';
import type { SavedReport } from '../insight/saved-report.js';
import { UsageError } from './usage-error.js';

/**
 * Reads a saved JSON report (format 2) at `path`, as a baseline or as an input to merge;
 * `key` is what named it (`--baseline`, `baseline`, or the path itself). Throws UsageError
 * with one line: the file cannot be read (`unreadable_report`), or is not such a report
 * (`invalid_report`, saying what is wrong).
 */
export function readReportFile(path: string, key: string, readFile: (path: string) => string): SavedReport {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new UsageError('unreadable_report', key, `cannot read report ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return readSavedReport(text);
  } catch (error) {
    if (!(error instanceof ReportProblem)) throw error;
    throw new UsageError('invalid_report', key, `${key === path ? '' : `${key}: `}${path} is ${error.message}`);
  }
}

/** The baseline at `path` (see {@link readReportFile}), or null when none is given. */
export function readBaselineFile(path: string | null, key: string, readFile: (path: string) => string): Baseline | null {
  return path === null ? null : baselineOf(readReportFile(path, key, readFile), path);
}
