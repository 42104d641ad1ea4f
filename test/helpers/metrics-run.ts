import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpRequest, pollUntil } from './daemons.js';
import { fixturePath, gorFileToHexStream } from './gor-stream.js';
import type { CountsReport } from './metrics-report.js';
import { parseSamples, valuesBy } from './prometheus-text.js';
import type { Sample } from './prometheus-text.js';
import type { CliChild } from './run-cli.js';

/** Watched and unwatched exchanges, complete and pending, and lines that are no message: every metric has something to count. */
export const METRICS_INPUT = Buffer.concat([
  readFileSync(fixturePath('streams', 'malformed.hex')),
  ...['robot-regressions.gor', 'robot-identical.gor', 'missing-replay.gor', 'non-json.gor'].map((name) => gorFileToHexStream(fixturePath('exchanges', name))),
]);
/** Its lines, each counted once in the report's messages. */
export const INPUT_LINES = METRICS_INPUT.toString('latin1').split('\n').length - 1;

/** The JSON report, with the route fields the metrics tests read. */
export interface RouteReport extends CountsReport {
  readonly routes: Record<string, Record<string, unknown> & { latencyMs: { origin: { count: number }; replay: { count: number } } }>;
}

/** The port in the start line `serving metrics on http://HOST:PORT/metrics`, once the child has printed it. */
export function announcedPort(child: CliChild): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (chunk: Buffer | string) => {
      text += String(chunk);
      const match = /serving metrics on http:\/\/[^\s/]+:(\d+)\/metrics/.exec(text);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(`exited without serving metrics: ${text}`)));
  });
}

/** A config file in `dir` rewriting the report every 100 ms, so a test need not wait 5 s for it. */
export function fastReportConfig(dir: string): string {
  const path = join(dir, 'c.json');
  writeFileSync(path, JSON.stringify({ reportInterval: '100ms' }));
  return path;
}

/** The report at `path` once it has counted every line of METRICS_INPUT; null before. */
export function settledReport(path: string): RouteReport | null {
  if (!existsSync(path)) return null;
  const report = JSON.parse(readFileSync(path, 'utf8')) as RouteReport;
  return Object.values(report.messages).reduce((sum, count) => sum + count, 0) === INPUT_LINES ? report : null;
}

/** The report and a scrape taken after it, once both have counted every line of METRICS_INPUT. */
export function settledScrape(port: number, reportPath: string): Promise<{ report: RouteReport; samples: Sample[]; text: string }> {
  return pollUntil(async () => {
    const report = settledReport(reportPath);
    if (report === null) return null;
    const text = (await httpRequest(`http://127.0.0.1:${port}/metrics`)).body;
    const samples = parseSamples(text);
    return valuesBy(samples, 'goreplay_diff_messages_total', [])[''] === INPUT_LINES ? { report, samples, text } : null;
  }, 'the report and the endpoint count every input line');
}
