import { Chalk } from 'chalk';
import type { Config } from '../config/config.js';
import { colorLevel } from '../report/color-level.js';
import { ConsoleReporter } from '../report/console-reporter.js';
import { createRedactor } from '../report/redact.js';
import type { Redactor } from '../report/redact.js';
import { openMismatchFile } from '../report/mismatch-file.js';
import { createJunitSink } from '../report/junit-file.js';
import { createReportWriter } from '../report/report-file.js';
import { reportOf } from '../report/report-document.js';
import type { Report } from '../report/report-document.js';
import { markBaseline } from '../insight/baseline.js';
import type { ReportWriter } from '../report/report-file.js';
import type { Clock } from './clock.js';
import type { ResultSink } from '../report/result-sink.js';
import type { Stats } from '../report/stats.js';
import type { MetricsHooks } from './metrics-outputs.js';

/** What building the outputs needs from the process. `process` satisfies it. */
export interface SinkIo {
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The outputs of a run, and the one way to warn about the tool itself. */
export interface Outputs {
  readonly sinks: ResultSink[];
  readonly warn: (message: string) => void;
  /** Says why the run fails, when no verdict does. */
  readonly fail: (message: string) => void;
  readonly redactor: Redactor;
}

/** Outputs only compare and replay have. */
export interface CommandOutputs {
  /** `--junit PATH.xml`, or null. */
  readonly junit: string | null;
}

/**
 * Builds every output the config asks for: stderr lines (first, unless quiet, the line
 * saying what is watched), progress and summary; the rotating JSON log; the JSON report
 * file; the `.gor` file of non-ok exchanges (`--write-mismatches`); the JUnit report
 * (`--junit`, compare and replay). An output that cannot be written warns once on stderr
 * and is left out; the run goes on.
 */
export async function buildOutputs(config: Config, io: SinkIo, clock: Clock, extra: CommandOutputs = { junit: null }, metrics: MetricsHooks = {}): Promise<Outputs> {
  const isTTY = io.stderr.isTTY === true;
  const chalk = new Chalk({ level: colorLevel({ flag: config.color, env: io.env, isTTY }) });
  const redactor = createRedactor({ bodyPaths: config.redact });
  const console = new ConsoleReporter({
    write: (text) => io.stderr.write(text),
    chalk,
    mode: config.output === 'normal' ? 'default' : config.output,
    redactor,
    bodyLimit: config.log.bodyLimit,
  });
  const warn = (message: string): void => console.warn(message);
  // First: an endpoint that cannot listen stops the run before anything is said or opened.
  const measured =
    config.metricsListen !== null || (metrics.push ?? null) !== null ? await (await import('./metrics-outputs.js')).startMetricsOutputs(config, metrics, warn) : null;
  if (config.output !== 'quiet') console.notice(describeWatched(config));
  if (config.output !== 'quiet' && measured !== null && measured.notice !== null) console.notice(measured.notice);
  const sinks: ResultSink[] = [consoleSink(console, config, isTTY)];
  // With --echo-only no exchange is ever judged, so the log would stay empty: it is not
  // opened, which also spares an echo-only run loading pino-roll and its date library, a
  // large share of its start-up time and memory.
  if (config.log.file !== null && !config.echoOnly) {
    const { createLogReporter } = await import('../report/log-reporter.js');
    const log = await createLogReporter(
      {
        file: config.log.file,
        maxSize: config.log.maxSize,
        frequency: config.log.frequency,
        keep: config.log.keep,
        logOk: config.log.ok,
        bodyLimit: config.log.bodyLimit,
        redactor,
      },
      warn,
    );
    if (log !== null) sinks.push({ exchange: (result, insight) => log.exchange(result, insight), close: () => log.close() });
  }
  if (config.report !== null || config.html !== null) {
    // One snapshot per write, so that the JSON and the HTML report always say the same.
    let report!: Report;
    const writers: ReportWriter[] = [];
    if (config.report !== null) writers.push(createReportWriter({ path: config.report, snapshot: () => report, warn }));
    if (config.html !== null) {
      const { renderHtmlReport } = await import('../report/html/render-html.js');
      writers.push(createReportWriter({ path: config.html, snapshot: () => report, render: renderHtmlReport, warn }));
    }
    const writeAll = (stats: Stats): void => {
      report = reportOf(stats, clock.now());
      for (const writer of writers) writer.writeNow();
    };
    let lastWrite = clock.now();
    sinks.push({
      exchange: () => {},
      tick: (now, stats) => {
        if (now - lastWrite < config.reportIntervalMs) return;
        lastWrite = now;
        writeAll(stats);
      },
      close: async (final) => writeAll(final),
    });
  }
  if (config.writeMismatches !== null) {
    const redaction = config.mismatchesUnredacted ? null : { redactor, maxBodyBytes: config.maxBodyBytes };
    const file = openMismatchFile(config.writeMismatches, warn, redaction);
    if (file !== null) sinks.push({ exchange: (result) => file.exchange(result), close: async () => file.close() });
  }
  if (extra.junit !== null) {
    sinks.push(createJunitSink({ path: extra.junit, failOn: config.failOn, redactor, warn, startedAt: clock.now() }));
  }
  // Last, so that a slow push comes after the report and the JUnit file are written.
  sinks.push(...(measured?.sinks ?? []));
  return { sinks, warn, fail: (message) => console.notice(message), redactor };
}

/**
 * The start line: what the run compares. `watching 2 routes: input_hint (POST
 * /v2/robot/input_hint, input_hint), GET /api/** (json); filters: robot_id=664,700`; every
 * request when no route was given; nothing with --echo-only.
 */
export function describeWatched(config: Config): string {
  if (config.echoOnly) {
    const unused = config.routes.length === 0 ? '' : ` (the ${config.routes.length} configured route${config.routes.length === 1 ? ' is' : 's are'} not used)`;
    return `echo only (--echo-only): messages are echoed and counted, nothing is compared${unused}`;
  }
  const routes = config.defaultRoute
    ? 'watching every request: /** compared as json, since no --route, --preset or config routes were given'
    : `watching ${config.routes.length} route${config.routes.length === 1 ? '' : 's'}: ${config.routes.map(describeRoute).join(', ')}`;
  if (config.filters.length === 0) return routes;
  return `${routes}; filter${config.filters.length === 1 ? '' : 's'}: ${config.filters.map(describeFilter).join(' and ')}`;
}

function describeRoute(route: Config['routes'][number]): string {
  const pattern = route.method === undefined ? route.path : `${route.method} ${route.path}`;
  const comparator = route.plugin?.name ?? route.comparator;
  return route.name === pattern ? `${route.name} (${comparator})` : `${route.name} (${pattern}, ${comparator})`;
}

function describeFilter(filter: Config['filters'][number]): string {
  return `${filter.source === 'body' ? '' : `${filter.source}:`}${filter.key}=${filter.values.join(',')}`;
}

/** Lines per exchange, a progress line while traffic flows, and the summary at the end. */
function consoleSink(console: ConsoleReporter, config: Config, isTTY: boolean): ResultSink {
  let lastProgress = Number.NEGATIVE_INFINITY;
  let lastMessages = 0;
  return {
    exchange: (result) => console.exchange(result),
    tick: (now, stats) => {
      if (config.progressIntervalMs === 0 || config.output === 'quiet') return;
      if (now - lastProgress < config.progressIntervalMs) return;
      if (lastProgress === Number.NEGATIVE_INFINITY) {
        lastProgress = now;
        return;
      }
      if (stats.messageTotal === lastMessages) return;
      lastProgress = now;
      lastMessages = stats.messageTotal;
      console.progress(stats, now, isTTY);
    },
    close: async (stats, now) => {
      console.summary(stats, now);
      if (config.output !== 'quiet' && stats.insight !== null) console.regressions(stats.insight);
      if (config.output !== 'quiet' && stats.insight !== null && stats.baseline !== null) console.baseline(markBaseline(stats.insight.clustersSnapshot(), stats.baseline).summary);
      if (config.output !== 'quiet') console.suggestions(stats.suggestions());
    },
  };
}
