import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpClientRequest } from 'node:http';
import { freeLoopbackPort } from '../../bench/lib/scraper.js';

/** A long-running helper process a test started (Prometheus, a Pushgateway), with what it printed. */
export interface Daemon {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far, for failure messages. */
  output(): string;
  /** Kills it (SIGKILL) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** The first of `paths` that exists, or null: a binary a test may need, where the distribution installs it. */
export function findBinary(...paths: string[]): string | null {
  return paths.find((path) => existsSync(path)) ?? null;
}

/** A loopback TCP port that was free a moment ago (the system picked it), for a helper that needs its port up front. */
export const freePort = freeLoopbackPort;

/** Starts `binary` with `args`, its output collected; stop it when the test ends. */
export function startDaemon(binary: string, args: readonly string[]): Daemon {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves with what `probe` returns once it is not null, trying every 50 ms; rejects after `deadlineMs` naming `what`. */
export async function pollUntil<T>(probe: () => Promise<T | null>, what: string, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An HTTP answer, whole. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** One HTTP request on a connection of its own (closed after it, so nothing outlives the test); `body` is sent when given. */
export function httpRequest(url: string, method = 'GET', body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpClientRequest(url, { method, agent: false, headers: { connection: 'close' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
