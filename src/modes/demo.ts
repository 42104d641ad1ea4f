import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config.js';
import { systemClock } from '../judging/clock.js';
import type { Clock } from '../judging/clock.js';
import { optionDefault } from '../config/options.js';
import { UsageError } from '../config/usage-error.js';
import type { CommandIo } from './compare.js';
import { startDemoServer } from '../replay/demo-server.js';
import { STRICT_GATE } from '../judging/exit-policy.js';
import { runReplay } from './replay.js';

/** A path as the user can open it from where they stand: relative when it is below the working directory. */
function shownPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath) ? path : relativePath;
}

/** Where the demo capture lives inside the package. */
const DEMO_CAPTURE = join('fixtures', 'demo', 'robot-demo.gor');

/**
 * Finds the demo capture: the first folder above this module (in the repository or an
 * installed package) that holds `fixtures/demo/robot-demo.gor`. Throws UsageError when
 * there is none (a package published without its fixtures).
 */
export function demoCapturePath(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, DEMO_CAPTURE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new UsageError('no_input', DEMO_CAPTURE, `demo capture ${DEMO_CAPTURE} not found above ${from}`);
  }
}

/**
 * The demo: starts the candidate robot API (demo-server.ts) on 127.0.0.1, replays the
 * shipped capture of production traffic against it with the replay command, and prints
 * the report to stderr. Returns replay's exit code (0 unless `config.failOn` was asked for);
 * the server is always stopped.
 */
export async function runDemo(config: Config, io: CommandIo, clock: Clock = systemClock): Promise<number> {
  const capture = demoCapturePath();
  const server = await startDemoServer();
  io.stderr.write(
    `goreplay-diff demo: a candidate build of the robot API listens on ${server.url.origin}.\n` +
      `Replaying ${shownPath(capture)} (production requests with their recorded responses) against it;\n` +
      `each answer is judged against production's: ok, warn (a tolerated difference) or error.\n\n`,
  );
  let code: number;
  try {
    code = await runReplay(
      config,
      {
        sources: [{ name: capture, path: capture }],
        target: server.url,
        concurrency: 1,
        ratePerSecond: null,
        timeoutMs: optionDefault('timeout'),
        rewriteHost: false,
        junit: null,
        gate: STRICT_GATE,
        runMode: 'demo',
      },
      io,
      clock,
    );
  } finally {
    await server.close();
  }
  io.stderr.write(
    '\nNow with your own traffic (no gor needed to replay):\n' +
      '  gor --input-raw :80 --input-raw-track-response --output-file requests.gor\n' +
      '  npx goreplay-diff replay requests.gor --target http://staging:8080 --preset robot\n',
  );
  return code;
}
