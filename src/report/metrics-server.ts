import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A running metrics endpoint. */
export interface MetricsServer {
  /** The port listened on (the one picked when 0 was asked for). */
  readonly port: number;
  /** Stops listening and closes its connections. */
  close(): Promise<void>;
}

/** Why the address could not be listened on, by the error's code. */
const BIND_FAILURES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not one of this host',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

/** A failure to listen, with a one-line reason. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** Scrapers are few (Prometheus keeps one connection per target): a bound on what a stray client can hold open. */
const MAX_CONNECTIONS = 32;
const REQUEST_TIMEOUT_MS = 10_000;
const ALLOWED = 'GET, HEAD';

/**
 * Serves `GET /metrics` (the registry in Prometheus text format) and `GET /healthz` (200
 * while the run lasts) on `host:port`; any other path is 404 and any other method 405.
 * Nothing is read from a request but its line and headers. Rejects with a ListenError
 * when the address cannot be listened on.
 */
export function serveMetrics(host: string, port: number, registry: Registry): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    void answer(request, response, registry);
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = BIND_FAILURES[error.code ?? ''] ?? error.message;
      reject(new ListenError(`${why}${error.code === undefined ? '' : ` (${error.code})`}`));
    });
    server.listen({ host, port, exclusive: true }, () => {
      // Nothing it serves must keep a finished run alive.
      server.unref();
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function answer(request: IncomingMessage, response: ServerResponse, registry: Registry): Promise<void> {
  const path = (request.url ?? '').split('?')[0];
  if (path !== '/metrics' && path !== '/healthz') return plain(response, 404, 'not found\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', ALLOWED);
    return plain(response, 405, 'method not allowed\n');
  }
  if (path === '/healthz') return plain(response, 200, 'ok\n', request.method === 'HEAD');
  let text: string;
  try {
    text = await registry.metrics();
  } catch (error) {
    return plain(response, 500, `metrics failed: ${(error as Error).message}\n`);
  }
  response.writeHead(200, { 'Content-Type': registry.contentType, 'Content-Length': Buffer.byteLength(text) });
  response.end(request.method === 'HEAD' ? undefined : text);
}

function plain(response: ServerResponse, status: number, text: string, headOnly = false): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(headOnly ? undefined : text);
}
