import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import type { PluginComparator } from '../../src/compare/plugin-comparator.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { MiddlewareFlags } from '../../src/config/options.js';
import { MIDDLEWARE_GATE } from '../../src/judging/exit-policy.js';
import { buildOutputs } from '../../src/judging/outputs.js';
import { startJudging } from '../../src/judging/pipeline.js';
import type { Judging } from '../../src/judging/pipeline.js';
import { ManualClock } from './manual-clock.js';

// Runs of the judging pipeline in-process, as the analysis thread runs it: the real
// outputs (stderr captured, log and report in files), a manual clock, input from a stream.

/** What a run needs from the process: stderr captured, no environment, an idle stdin. */
export function testIo(): { stderr: { write(text: string): boolean; isTTY: false }; env: Record<string, string>; stdin: PassThrough; on(): void; text(): string } {
  let text = '';
  return {
    stderr: {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
      isTTY: false,
    },
    env: {},
    stdin: new PassThrough(),
    on: () => {},
    text: () => text,
  };
}

/** The flags `recordArgs` gives the CLI (a log of every exchange, a report), as config flags. */
export function recording(dir: string, flags: MiddlewareFlags): MiddlewareFlags {
  return { logFile: join(dir, 'x.log'), logOk: true, report: join(dir, 'r.json'), color: false, ...flags };
}

export interface PipelineRun {
  readonly judging: Judging;
  readonly clock: ManualClock;
  readonly results: ExchangeResult[];
  readonly io: ReturnType<typeof testIo>;
}

/** The pipeline as middleware mode runs it: its config (from flags, and `file` as the config file's content when given), its gate and the plugin comparators given. */
export async function startPipeline(
  flags: MiddlewareFlags,
  clock = new ManualClock(),
  file?: unknown,
  plugins: ReadonlyMap<string, PluginComparator> = new Map(),
): Promise<PipelineRun> {
  const withFile = file === undefined ? flags : { config: 'config.json', ...flags };
  const config = loadConfig(withFile, undefined, () => (file === undefined ? '' : JSON.stringify(file)), {}, 'middleware');
  const io = testIo();
  const outputs = await buildOutputs(config, io, clock);
  const results: ExchangeResult[] = [];
  outputs.sinks.push({ exchange: (result) => results.push(result), close: async () => {} });
  return { judging: await startJudging(config, outputs, clock, MIDDLEWARE_GATE, plugins), clock, results, io };
}

/** Feeds `input` through a stream in chunks of pseudo-random sizes (lines cut anywhere), as the echo hands them over. */
export async function feed(judging: Judging, input: Buffer, seed: number): Promise<void> {
  const stream = new PassThrough();
  const fed = (async () => {
    for await (const chunk of stream) judging.chunk(chunk as Buffer);
  })();
  let state = seed;
  for (let at = 0; at < input.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % 4096);
    stream.write(input.subarray(at, at + size));
    at += size;
  }
  stream.end();
  await fed;
}
