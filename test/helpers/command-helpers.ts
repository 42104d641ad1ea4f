import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reason, Verdict } from '../../src/compare/verdict.js';

/** One exchange as the JSON log records it (the fields these tests read). */
export interface LoggedExchange {
  readonly id: string;
  readonly route: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly detail?: string;
  readonly status: { readonly origin: number | null; readonly replay: number | null };
}

const dirs: string[] = [];

/** A fresh temporary folder, removed by {@link removeTempDirs}. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `goreplay-diff-${label}-`));
  dirs.push(dir);
  return dir;
}

/** Removes every folder made by {@link tempDir}; call it from `after`. */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Arguments that log every exchange to `<dir>/x.log` and write the report to `<dir>/r.json`. */
export function recordArgs(dir: string): string[] {
  return ['--log-file', join(dir, 'x.log'), '--log-ok', '--report', join(dir, 'r.json'), '--no-color'];
}

/** Every record of the log files `x*.log` in `dir` (pino-roll numbers them), in order. */
export function loggedExchanges(dir: string): LoggedExchange[] {
  const files = readdirSync(dir)
    .filter((name) => /^x(\.\d+)?\.log$/.test(name))
    .sort();
  return files.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LoggedExchange),
  );
}

/** `id verdict reason` per logged exchange, sorted: a run's verdicts as one comparable value. */
export function verdictList(dir: string): string[] {
  return loggedExchanges(dir)
    .map((record) => `${record.id} ${record.verdict} ${record.reason}`)
    .sort();
}

/** The report of `dir` without the fields that depend on the clock. */
export function timelessReport(dir: string): Record<string, unknown> {
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<string, unknown>;
  // The run header says how the run was made (mode, sources), not what it found.
  for (const key of ['startedAt', 'updatedAt', 'elapsedSeconds', 'rates', 'run']) delete report[key];
  const clusters = report['clusters'] as { items: Array<Record<string, unknown> & { examples: Array<Record<string, unknown>> }> } | undefined;
  for (const cluster of clusters?.items ?? []) {
    delete cluster['firstSeen'];
    delete cluster['lastSeen'];
    for (const example of cluster.examples) delete example['at'];
  }
  return report;
}
