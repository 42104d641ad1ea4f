import type { Config } from '../config/config.js';
import { listenAuthority } from '../config/metrics-options.js';
import { UsageError } from '../config/usage-error.js';
import { pushMetrics } from '../report/metrics-push.js';
import { ListenError, serveMetrics } from '../report/metrics-server.js';
import { packageVersion } from '../report/package-version.js';
import type { ResultSink } from '../report/result-sink.js';
import { createRunMetrics } from '../report/run-metrics.js';

/** Where compare and replay push their final metrics (`--metrics-push`, `--metrics-job`). */
export interface MetricsPush {
  readonly url: URL;
  readonly job: string;
}

/** What the metrics outputs need besides the config. */
export interface MetricsHooks {
  readonly push?: MetricsPush | null;
  /** Bytes echoed and not yet analysed (middleware mode's analysis thread). */
  readonly analysisLagBytes?: () => number;
}

/** The metrics outputs of a run, and the line announcing the endpoint (null without one). */
export interface MetricsOutputs {
  readonly sinks: ResultSink[];
  readonly notice: string | null;
}

/**
 * The endpoint of `--metrics-listen` and the push of `--metrics-push`, as result sinks. The
 * endpoint listens before anything else is said or opened, so an address that cannot be
 * had is bad configuration: a UsageError naming the option as given. A failed push is a
 * warning: the verdicts, not the dashboard, decide the run.
 */
export async function startMetricsOutputs(config: Config, hooks: MetricsHooks, warn: (message: string) => void): Promise<MetricsOutputs> {
  const sinks: ResultSink[] = [];
  let notice: string | null = null;
  const routes = config.routes.map((route) => route.name);
  const version = packageVersion();
  const address = config.metricsListen;
  if (address !== null) {
    const { registry, sink } = createRunMetrics({ routes, version, processMetrics: true, ...optional(hooks.analysisLagBytes) });
    const server = await serveMetrics(address.host, address.port, registry).catch((error: unknown) => {
      if (!(error instanceof ListenError)) throw error;
      throw new UsageError('unavailable_address', address.key, `${address.key} ${listenAuthority(address)}: cannot listen: ${error.message}`);
    });
    notice = `serving metrics on http://${listenAuthority({ ...address, port: server.port })}/metrics`;
    sinks.push({
      ...sink,
      close: async (stats, now) => {
        await sink.close(stats, now);
        await server.close();
      },
    });
  }
  const push = hooks.push ?? null;
  if (push !== null) {
    const { registry, sink } = createRunMetrics({ routes, version, processMetrics: false });
    sinks.push({
      ...sink,
      close: async (stats, now) => {
        await sink.close(stats, now);
        const failure = await pushMetrics(push.url, push.job, registry);
        if (failure !== null) warn(`could not push metrics to ${push.url.origin}: ${failure}`);
      },
    });
  }
  return { sinks, notice };
}

function optional(analysisLagBytes: (() => number) | undefined): { analysisLagBytes?: () => number } {
  return analysisLagBytes === undefined ? {} : { analysisLagBytes };
}
