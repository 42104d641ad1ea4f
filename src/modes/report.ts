import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import type { Verdict } from '../compare/verdict.js';
import { readReportFile } from '../config/baseline-file.js';
import { UsageError } from '../config/usage-error.js';
import { withBaseline } from '../insight/baseline.js';
import type { Baseline } from '../insight/baseline.js';
import { mergeReports } from '../insight/merge-reports.js';
import type { HistogramData, RunHeader } from '../insight/report-format.js';
import type { SavedReport } from '../insight/saved-report.js';
import { exitCodeFor, failsForTooFew, gateLevel } from '../judging/exit-policy.js';
import type { RateGate } from '../judging/exit-policy.js';
import type { SinkIo } from '../judging/outputs.js';
import { colorLevel } from '../report/color-level.js';
import { LatencyHistogram } from '../report/latency-histogram.js';
import { createReportWriter } from '../report/report-file.js';
import { sanitizeForTerminal } from '../report/exchange-lines.js';
import { formatSummary } from '../report/summary-table.js';
import { formatBaselineLine } from '../report/baseline-line.js';
import { formatRegressions } from '../report/regression-summary.js';

/** What `goreplay-diff report` is asked to do. */
export interface ReportOptions {
  /** The saved reports to merge, in order, as typed. */
  readonly inputs: readonly string[];
  /** `--out PATH`: where the merged report is written; null for none. */
  readonly out: string | null;
  /** `--html PATH`: where the merged report is written as an HTML page; null for none. */
  readonly html: string | null;
  readonly baseline: Baseline | null;
  readonly failOn: Exclude<Verdict, 'ok'> | null;
  readonly failOnNew: boolean;
  readonly gate: RateGate;
  /** This program's version, for the merged run header. */
  readonly version: string;
}

/**
 * The `report` command: reads saved JSON reports (format 2), merges them into the report one
 * run judging all their traffic would have written, marks its clusters against the
 * baseline, prints the summary on stderr, writes the merged report to `--out` and as a page to `--html` (atomically)
 * and returns the gate's exit code, as compare would for the same exchanges: 0, or 1 when
 * the gate fails or `--out` cannot be written. An input that cannot be read or is no report
 * of this format throws UsageError (exit 2) before anything is written. Writes nothing to stdout.
 */
export async function runReport(options: ReportOptions, io: SinkIo, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): Promise<number> {
  const reports = options.inputs.map((path) => readInput(path, readFile));
  const failOn = gateLevel(options.failOn, options.failOnNew);
  const gates: RunHeader['gates'] = { failOn: options.failOn ?? 'never', minSamples: options.gate.minSamples, failOnNew: options.failOnNew, result: null };
  const percentiles = (data: HistogramData) => LatencyHistogram.fromData(data).percentiles();
  let merged = mergeReports(reports, { sources: options.inputs, version: options.version, gates, percentiles });
  if (options.baseline !== null) merged = withBaseline(merged, options.baseline);
  const code = exitCodeFor(merged.exchanges, failOn, options.gate, options.failOnNew ? merged.clusters : undefined);
  merged = { ...merged, run: { ...merged.run, gates: { ...gates, result: code === 0 ? 'pass' : 'fail' } } };

  const chalk = new Chalk({ level: colorLevel({ env: io.env, isTTY: io.stderr.isTTY === true }) });
  const write = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  write(`merged ${reports.length} report${reports.length === 1 ? '' : 's'}: ${options.inputs.map(sanitizeForTerminal).join(', ')}`);
  io.stderr.write(formatSummary(merged, chalk));
  io.stderr.write(formatRegressions({ risk: merged.risk, clustersSnapshot: () => merged.clusters }, chalk));
  if (merged.baseline !== null) io.stderr.write(formatBaselineLine(merged.baseline));
  if (failOn !== null && failsForTooFew(merged.exchanges, failOn, options.gate)) {
    write(chalk.red(`fails: ${merged.exchanges.ok + merged.exchanges.warn + merged.exchanges.error} exchanges judged, fewer than --min-samples ${options.gate.minSamples}`));
  }
  const warn = (message: string): void => write(`goreplay-diff: ${message}`);
  let written = true;
  if (options.out !== null) written = createReportWriter({ path: options.out, snapshot: () => merged, warn }).writeNow() && written;
  if (options.html !== null) {
    const { renderHtmlReport } = await import('../report/html/render-html.js');
    written = createReportWriter({ path: options.html, snapshot: () => merged, render: renderHtmlReport, warn }).writeNow() && written;
  }
  return written ? code : 1;
}

/** One input, read and checked; a histogram no run could have written is refused like any other bad part. */
function readInput(path: string, readFile: (path: string) => string): SavedReport {
  const report = readReportFile(path, path, readFile);
  const histograms: HistogramData[] = [report.latency.origin, report.latency.replay];
  for (const pair of Object.values(report.latency.routes)) histograms.push(pair.origin, pair.replay);
  // fromData leaves out a bucket no histogram has, so such a bucket shows as a count that does not add up.
  const outOfRange = histograms.find((histogram) => LatencyHistogram.fromData(histogram).count !== histogram.count);
  if (outOfRange !== undefined) {
    const bucket = outOfRange.buckets.find(([index]) => LatencyHistogram.fromData({ count: 1, min: null, max: null, buckets: [[index, 1]] }).count === 0);
    throw new UsageError('invalid_report', path, `${path} is not a goreplay-diff report: latency bucket ${bucket?.[0]} is out of range`);
  }
  return report;
}
