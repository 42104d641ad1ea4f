import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { decodeBody } from '../protocol/body-decoder.js';
import type { GorMessage } from '../protocol/gor-message.js';
import { HttpHeaders, isChunked, parseHttpMessage } from '../protocol/http-payload.js';

/** Settings of {@link createHttpReplayer}. */
export interface HttpReplayerOptions {
  /** Base URL: scheme, host and port; a path other than `/` is prefixed to every request target. */
  readonly target: URL;
  /** Most connections open at once (the keep-alive agent's socket cap). */
  readonly concurrency: number;
  /** Whole-exchange deadline: from sending until the last body byte, in ms. */
  readonly timeoutMs: number;
  /** Send `Host: <target host>` instead of the captured Host header. */
  readonly rewriteHost: boolean;
  /** Larger responses are abandoned and reported as failures. */
  readonly maxResponseBytes: number;
}

/** What one replay gave: the replayed response as a type-3 message, or why there is none. */
export type ReplayOutcome = { readonly ok: true; readonly replay: GorMessage } | { readonly ok: false; readonly error: string };

/** Sends captured requests to the target. */
export interface HttpReplayer {
  /** Sends the raw captured request `payload` of exchange `id`; never rejects. */
  send(id: string, payload: Buffer): Promise<ReplayOutcome>;
  /** Closes idle keep-alive connections so the process can exit. */
  close(): void;
}

/** Hop-by-hop fields (RFC 9110 §7.6.1) and fields this client sets itself. */
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'upgrade', 'expect', 'content-length']);
const CRLF = '\r\n';
const NS_PER_MS = 1_000_000n;

/**
 * Creates a replayer over Node's http(s) client with a keep-alive agent. Each request is
 * rebuilt from the capture: method, target and headers in their captured order and case,
 * hop-by-hop fields dropped, the body de-chunked and sent with its `Content-Length`, the
 * captured Host kept unless `rewriteHost` (added when missing). The answer is rebuilt as
 * gor records a replayed response: status line, headers as received (`rawHeaders`), and the
 * body bytes as received, a chunked body re-chunked into one chunk (as Go's dump does);
 * content codings are kept. The meta line is `3 <id> <start ns> <duration ns>`.
 * A request that cannot be parsed, times out, or whose connection fails gives `ok: false`
 * with the error; a failure on a reused keep-alive connection is retried once.
 */
export function createHttpReplayer(options: HttpReplayerOptions): HttpReplayer {
  const secure = options.target.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: options.concurrency }) : new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const prefix = options.target.pathname === '/' ? '' : options.target.pathname.replace(/\/$/, '');
  const request = secure ? https.request : http.request;

  const sendOnce = (id: string, built: BuiltRequest): Promise<ReplayOutcome & { reused?: boolean; code?: string }> =>
    new Promise((resolve) => {
      const startNs = BigInt(Date.now()) * NS_PER_MS;
      const started = process.hrtime.bigint();
      let settled = false;
      const req = request({
        protocol: options.target.protocol,
        hostname: options.target.hostname,
        port: options.target.port === '' ? undefined : Number(options.target.port),
        method: built.method,
        path: prefix + built.target,
        headers: built.headers,
        agent,
      });
      const finish = (outcome: ReplayOutcome & { reused?: boolean; code?: string }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const failWith = (error: NodeJS.ErrnoException): void => {
        const code = error.code === undefined || error.message.includes(error.code) ? '' : ` (${error.code})`;
        finish({ ok: false, error: `${error.message}${code}`, reused: req.reusedSocket, ...(error.code === undefined ? {} : { code: error.code }) });
      };
      const timer = setTimeout(() => {
        const error = new Error(`no complete response within ${options.timeoutMs} ms`);
        failWith(error);
        req.destroy(error);
      }, options.timeoutMs);
      req.on('error', failWith);
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > options.maxResponseBytes) {
            const error = new Error(`response larger than ${options.maxResponseBytes} bytes`);
            failWith(error);
            req.destroy(error);
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', failWith);
        res.on('close', () => failWith(new Error('connection closed before the response ended')));
        res.on('end', () => {
          if (!res.complete) {
            failWith(new Error('connection closed before the response ended'));
            return;
          }
          const header = { kind: 'replay', id, timestamp: startNs, duration: process.hrtime.bigint() - started } as const;
          finish({ ok: true, replay: { header, payload: responsePayload(res, Buffer.concat(chunks, length)) } });
        });
      });
      req.end(built.body);
    });

  return {
    async send(id, payload) {
      const built = buildRequest(payload, options);
      if ('error' in built) return { ok: false, error: built.error };
      let outcome = await sendOnce(id, built);
      // A keep-alive connection the server closed meanwhile: Node's documented advice is to retry.
      if (!outcome.ok && outcome.reused === true && outcome.code === 'ECONNRESET') outcome = await sendOnce(id, built);
      return outcome.ok ? { ok: true, replay: outcome.replay } : { ok: false, error: outcome.error };
    },
    close() {
      agent.destroy();
    },
  };
}

interface BuiltRequest {
  readonly method: string;
  readonly target: string;
  /** Flat name, value list in wire order (Node's raw header form). */
  readonly headers: string[];
  readonly body: Buffer;
}

/** Rebuilds a captured request for Node's client; see createHttpReplayer. */
export function buildRequest(payload: Buffer, options: Pick<HttpReplayerOptions, 'target' | 'rewriteHost' | 'maxResponseBytes'>): BuiltRequest | { error: string } {
  const http = parseHttpMessage(payload, 'request');
  if (!http.ok) return { error: `unreadable request: ${http.detail}` };
  let body = http.rawBody;
  if (isChunked(http.headers) && body.length > 0) {
    // Only the framing is undone: a content coding of the request body is sent as captured.
    const unchunked = decodeBody({ ...http, headers: new HttpHeaders([['Transfer-Encoding', 'chunked']]) }, { maxBytes: options.maxResponseBytes });
    if (!unchunked.ok) return { error: `unreadable chunked request body: ${unchunked.detail}` };
    body = unchunked.body;
  }
  const headers: string[] = [];
  let hasHost = false;
  for (const [name, value] of http.headers.entries()) {
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) continue;
    if (lower === 'host') {
      if (options.rewriteHost || hasHost) continue;
      hasHost = true;
    }
    headers.push(name, value);
  }
  if (!hasHost) headers.unshift('Host', options.target.host);
  if (body.length > 0 || http.headers.has('content-length') || isChunked(http.headers)) headers.push('Content-Length', String(body.length));
  return { method: http.method ?? 'GET', target: http.target ?? '/', headers, body };
}

/** The replayed response as raw HTTP: status line, received headers, body (re-chunked when chunked). */
export function responsePayload(res: Pick<IncomingMessage, 'httpVersion' | 'statusCode' | 'statusMessage' | 'rawHeaders'>, body: Buffer): Buffer {
  const lines = [`HTTP/${res.httpVersion} ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trimEnd()];
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  const head = Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}`, 'latin1');
  const chunked = isChunked(new HttpHeaders(pairs(raw)));
  if (!chunked) return Buffer.concat([head, body]);
  const framed = body.length === 0 ? [Buffer.from(`0${CRLF}${CRLF}`)] : [Buffer.from(`${body.length.toString(16)}${CRLF}`), body, Buffer.from(`${CRLF}0${CRLF}${CRLF}`)];
  return Buffer.concat([head, ...framed]);
}

function pairs(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}
