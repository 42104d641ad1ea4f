import type { Config } from '../config/config.js';
import { openSource, readCapture } from '../capture/capture-reader.js';
import type { CaptureEvent } from '../capture/capture-reader.js';
import { canReadTwice } from '../capture/capture-sources.js';
import type { CaptureSource } from '../capture/capture-sources.js';
import { readSources } from '../capture/read-sources.js';
import { systemClock } from '../judging/clock.js';
import type { Clock } from '../judging/clock.js';
import type { RateGate } from '../judging/exit-policy.js';
import { buildOutputs } from '../judging/outputs.js';
import type { MetricsPush } from '../judging/metrics-outputs.js';
import { startJudging } from '../judging/pipeline.js';
import { loadPluginComparators } from '../judging/plugin-loader.js';
import { decodeHeader, decodePayload, gorHeader, isRequestLine } from '../protocol/decode-line.js';
import { createHttpReplayer } from '../replay/http-replayer.js';
import { ReplayPairs } from '../replay/replay-pairs.js';
import type { CapturedMessage } from '../replay/replay-pairs.js';
import { ReplayProgress } from '../replay/replay-progress.js';
import { ReplayQueue } from '../replay/replay-queue.js';
import { INPUT_FAILED_EXIT_CODE, feedEvents } from './compare.js';
import type { CommandIo } from './compare.js';

/** What `replay` needs besides the judging config. */
export interface ReplayOptions {
  readonly sources: readonly CaptureSource[];
  readonly target: URL;
  readonly concurrency: number;
  /** Requests started per second at most; null for no limit. */
  readonly ratePerSecond: number | null;
  readonly timeoutMs: number;
  readonly rewriteHost: boolean;
  readonly junit: string | null;
  readonly gate: RateGate;
  /** What the report's run header calls the run: `replay` unless the demo drives it. */
  readonly runMode?: 'replay' | 'demo';
  /** `--metrics-push`: where the final metrics go, or null. */
  readonly metricsPush?: MetricsPush | null;
}

/**
 * Replay mode: sends every request (type 1) of the captures to the target, takes each
 * answer as the replayed response and judges it against the recorded original (type 2)
 * in one judging pipeline, as middleware mode would have. A request that times out or fails is
 * judged incomplete (`replay_failed`); one without a recorded original is sent and counted,
 * not judged; recorded replays (type 3) are ignored. Progress goes to stderr, then a
 * replay line and the summary. Returns the gate's exit code, or 2 when an input failed
 * part-way. Writes nothing to stdout.
 */
export async function runReplay(config: Config, options: ReplayOptions, io: CommandIo, clock: Clock = systemClock): Promise<number> {
  // First: a module that cannot be used refuses the run before any input is read.
  const plugins = await loadPluginComparators(config);
  // Counted by a first read, so only when every source can be read twice (not stdin, a FIFO or a device).
  const total = options.sources.every((source) => canReadTwice(source)) ? await countRequests(options.sources, io, config.maxLineBytes) : null;
  const progress = new ReplayProgress(io, config.output === 'quiet' ? 0 : config.progressIntervalMs, clock);
  const outputs = await buildOutputs({ ...config, progressIntervalMs: 0 }, progress.io, clock, { junit: options.junit }, { push: options.metricsPush ?? null });
  const judging = await startJudging(
    config,
    outputs,
    clock,
    options.gate,
    { mode: options.runMode ?? 'replay', sources: options.sources.map((source) => source.name), target: describeTarget(options.target) },
    plugins,
  );
  const replayer = createHttpReplayer({
    target: options.target,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    rewriteHost: options.rewriteHost,
    maxResponseBytes: Math.floor(config.maxLineBytes / 2),
  });
  const queue = new ReplayQueue({ concurrency: options.concurrency, ratePerSecond: options.ratePerSecond });
  const pairs = new ReplayPairs(config.maxPending, (request, origin, outcome) => {
    if (!outcome.ok) {
      judging.replayFailed(request, origin, outcome.error);
      return;
    }
    judging.message(request);
    judging.message(origin);
    judging.message(outcome.replay);
  });
  let done = 0;
  let failed = 0;
  let recordedReplays = 0;
  const started = clock.now();
  progress.start(() => ({ done, total, failed, errors: judging.exchanges.error, elapsedMs: clock.now() - started }));

  const read = await readSources(options.sources, io, config.maxLineBytes, outputs.warn, async (events) => {
    for (const event of events) {
      const message = capturedMessage(event);
      if (message === null) {
        feedEvents([event], judging, config.maxLineBytes);
      } else if (message.header.kind === 'request') {
        const entry = pairs.request(message);
        await queue.submit(async () => {
          const outcome = await replayer.send(message.header.id, message.payload);
          done += 1;
          if (!outcome.ok) failed += 1;
          pairs.outcome(entry, outcome);
        });
      } else if (message.header.kind === 'response') {
        pairs.origin(message);
      } else {
        recordedReplays += 1;
      }
    }
  });
  await queue.drain();
  pairs.end();
  progress.stop();
  replayer.close();
  const seconds = (clock.now() - started) / 1000;
  const sent = total === null ? `${done}` : `${done}/${total}`;
  let line =
    `replay: ${sent} requests sent to ${describeTarget(options.target)} in ${seconds.toFixed(1)} s ` +
    `(${(seconds > 0 ? done / seconds : 0).toFixed(1)} req/s); ${failed} failed; ` +
    `${pairs.withoutOrigin} without a recorded original response (sent, not judged)`;
  if (recordedReplays > 0) line += `; ${recordedReplays} recorded replayed responses (type 3) ignored`;
  progress.io.stderr.write(`${line}\n`);
  const code = await judging.finish(true, { sentWithoutOrigin: pairs.withoutOrigin });
  return read.failed ? INPUT_FAILED_EXIT_CODE : code;
}

/** The message an event carries when it is a well-formed one; null for anything else. */
function capturedMessage(event: CaptureEvent): CapturedMessage | null {
  if (event.type === 'record') {
    const { header, headerLine, payload } = event.record;
    // A copy: the record is a view into an input chunk, and it may wait long for its origin.
    return header === null ? null : { header, headerLine, payload: Buffer.from(payload) };
  }
  if (event.type !== 'line') return null;
  const decoded = decodeHeader(event.line);
  if (!decoded.ok) return null;
  const payload = decodePayload(event.line, decoded);
  return payload === null ? null : { header: gorHeader(decoded), headerLine: decoded.headerLine, payload };
}

/** Requests in the captures, for the progress bar; null when a capture cannot be read. */
async function countRequests(sources: readonly CaptureSource[], io: CommandIo, maxLineBytes: number): Promise<number | null> {
  let count = 0;
  try {
    for (const source of sources) {
      for await (const batch of readCapture(openSource(source, io.stdin), maxLineBytes)) {
        for (const event of batch) {
          if (event.type === 'record' && event.record.header?.kind === 'request') count += 1;
          else if (event.type === 'line' && isRequestLine(event.line)) count += 1;
        }
      }
    }
  } catch {
    return null;
  }
  return count;
}

/** The target without credentials, for messages. */
export function describeTarget(target: URL): string {
  return `${target.protocol}//${target.host}${target.pathname === '/' ? '' : target.pathname}`;
}
