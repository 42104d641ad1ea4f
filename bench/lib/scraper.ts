import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A process scraping a metrics endpoint at a steady interval, as Prometheus would (one kept-alive connection). */
export interface Scraper {
  /** Stops it; resolves with the scrapes answered 200 and those that failed once the endpoint was up. */
  stop(): Promise<{ scrapes: number; failures: number }>;
}

/**
 * The scraper runs as a process of its own, so that its work lands on neither the program
 * under test nor the harness's event loop, whose timer writes the lines being timed.
 * Connections refused before the first answer are the program starting up, not failures.
 */
const SCRIPT = `
import { Agent, get } from 'node:http';
const [url, everyMs] = process.argv.slice(1);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
let scrapes = 0, failures = 0;
const scrape = () => get(url, { agent }, (response) => {
  response.resume();
  response.on('end', () => { if (response.statusCode === 200) scrapes++; else failures++; });
}).on('error', () => { if (scrapes > 0) failures++; });
const timer = setInterval(scrape, Number(everyMs));
process.on('SIGTERM', () => { clearInterval(timer); process.stdout.write(JSON.stringify({ scrapes, failures })); process.exit(0); });
`;

/** Starts scraping `url` every `everyMs` ms. */
export function startScraper(url: string, everyMs: number): Scraper {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, url, String(everyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    output += text;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      try {
        return JSON.parse(output) as { scrapes: number; failures: number };
      } catch {
        return { scrapes: 0, failures: -1 };
      }
    },
  };
}

/** A loopback port that was free a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
