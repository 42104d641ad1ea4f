import type { OptionSpec } from './option-spec.js';
import { httpUrl, requiredString } from './raw-values.js';
import { UsageError } from './usage-error.js';

/** Where middleware mode serves its Prometheus metrics. */
export interface ListenAddress {
  /** An IPv4 address, a host name, or an IPv6 address without its brackets. */
  readonly host: string;
  /** 0 lets the system pick a free port (the start line names it). */
  readonly port: number;
  /** The flag or config key it was given by, for messages. */
  readonly key: string;
}

/** Only the loopback interface unless another is asked for: the endpoint has no authentication. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

const LISTEN_FORMS = 'PORT (on 127.0.0.1) or HOST:PORT, e.g. 9464, 0.0.0.0:9464 or [::1]:9464';

function refuseListen(key: string, value: unknown, hint: string): never {
  throw new UsageError('bad_value', key, `${key} must be ${LISTEN_FORMS}, not ${JSON.stringify(value)}${hint === '' ? '' : `: ${hint}`}`);
}

/**
 * `[HOST:]PORT`, or null when absent. A bare `:PORT` is refused rather than read as every
 * interface (Go's meaning): exposing the endpoint beyond the host must be written out.
 */
export function listenAddress(value: unknown, key: string): ListenAddress | null {
  if (value === undefined || value === null) return null;
  const written = typeof value === 'number' ? String(value) : value;
  if (typeof written !== 'string') refuseListen(key, value, '');
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)?:)?(\d{1,5})$/.exec(written);
  if (match === null) refuseListen(key, value, '');
  const [, host, port] = match;
  if (host === undefined && written.startsWith(':')) refuseListen(key, value, 'write 0.0.0.0:PORT to listen on every interface');
  const number = Number(port);
  if (number > 65_535) refuseListen(key, value, 'a port is at most 65535');
  return { host: host === undefined ? DEFAULT_METRICS_HOST : host.replace(/^\[(.*)\]$/, '$1'), port: number, key };
}

/** The address as a URL's authority: IPv6 in brackets. */
export function listenAuthority(address: Pick<ListenAddress, 'host' | 'port'>): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}

/** The Pushgateway's URL, or null when absent. */
export function optionalHttpUrl(value: unknown, key: string): URL | null {
  return value === undefined ? null : httpUrl(value, key);
}

/**
 * The metrics options: middleware mode's endpoint (a registry row with a config key), and
 * the push of compare's and replay's final metrics (flags of the CI gate's group).
 */
export const METRICS_OPTIONS = {
  metricsListen: {
    group: 'middleware',
    flag: '--metrics-listen <[host:]port>',
    key: 'metrics.listen',
    defaultHelp: 'off',
    read: listenAddress,
    help: 'serve Prometheus metrics on http://HOST:PORT/metrics (HOST 127.0.0.1 unless given; 0.0.0.0 exposes it on every interface)',
  },
  metricsPush: {
    group: 'gate',
    flag: '--metrics-push <url>',
    defaultHelp: 'none',
    read: optionalHttpUrl,
    help: "push the run's final metrics to this Prometheus Pushgateway, e.g. http://pushgateway:9091",
  },
  metricsJob: {
    group: 'gate',
    flag: '--metrics-job <name>',
    default: 'goreplay_diff',
    read: requiredString,
    help: 'the job label of --metrics-push (the pushed group is replaced)',
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
