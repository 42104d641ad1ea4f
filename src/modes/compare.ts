import type { Config } from '../config/config.js';
import type { CaptureEvent } from '../capture/capture-reader.js';
import type { CaptureSource } from '../capture/capture-sources.js';
import { readSources } from '../capture/read-sources.js';
import type { ReadIo } from '../capture/read-sources.js';
import { systemClock } from '../judging/clock.js';
import type { Clock } from '../judging/clock.js';
import { MAX_HEADER_BYTES } from '../protocol/decode-line.js';
import type { RateGate } from '../judging/exit-policy.js';
import { buildOutputs } from '../judging/outputs.js';
import type { SinkIo } from '../judging/outputs.js';
import type { MetricsPush } from '../judging/metrics-outputs.js';
import { startJudging } from '../judging/pipeline.js';
import { loadPluginComparators } from '../judging/plugin-loader.js';
import type { Judging } from '../judging/pipeline.js';

/** The process-level things compare and replay touch; `process` satisfies it. They never write stdout. */
export interface CommandIo extends SinkIo, ReadIo {}

/** What `compare` needs besides the judging config. */
export interface CompareOptions {
  readonly sources: readonly CaptureSource[];
  /** `--junit PATH.xml`, or null. */
  readonly junit: string | null;
  readonly gate: RateGate;
  /** `--metrics-push`: where the final metrics go, or null. */
  readonly metricsPush?: MetricsPush | null;
}

/** Exit code when an input could not be read to its end (the outputs are still written). */
export const INPUT_FAILED_EXIT_CODE = 2;

/**
 * Compare mode: reads each capture in turn (`.gor`, gzip, hex stream or stdin), hands every
 * message to one judging pipeline, exactly as middleware mode judges them, and ends at the
 * end of the last input (or on SIGINT/SIGTERM) with the summary. Returns the gate's exit
 * code, or 2 when an input failed part-way (after a warning; what was read is still judged
 * and reported). Writes nothing to stdout.
 */
export async function runCompare(config: Config, options: CompareOptions, io: CommandIo, clock: Clock = systemClock): Promise<number> {
  // First: a module that cannot be used refuses the run before any output or input is opened.
  const plugins = await loadPluginComparators(config);
  const outputs = await buildOutputs(config, io, clock, { junit: options.junit }, { push: options.metricsPush ?? null });
  const judging = await startJudging(config, outputs, clock, options.gate, { mode: 'compare', sources: options.sources.map((source) => source.name), target: null }, plugins);
  const read = await readSources(options.sources, io, config.maxLineBytes, outputs.warn, (events) => {
    feedEvents(events, judging, config.maxLineBytes);
  });
  const code = await judging.finish();
  return read.failed ? INPUT_FAILED_EXIT_CODE : code;
}

/**
 * Feeds capture events to the pipeline as middleware mode would see them: a record as its
 * message (or as oversized when its hex line would exceed `maxLineBytes`, as in middleware
 * mode), and a hex line as is (the last one too when it has no LF, as middleware mode judges it).
 */
export function feedEvents(events: readonly CaptureEvent[], judging: Judging, maxLineBytes: number): void {
  for (const event of events) {
    switch (event.type) {
      case 'record': {
        const { header, headerLine, payload } = event.record;
        if ((headerLine.length + 1 + payload.length) * 2 > maxLineBytes) judging.oversized();
        // A header gor's middleware protocol could not carry is malformed there, and so here.
        else if (header === null || headerLine.length >= MAX_HEADER_BYTES) judging.malformed();
        else judging.message({ header, payload });
        break;
      }
      case 'line':
        judging.line(event.line);
        break;
      case 'oversized':
        judging.oversized();
        break;
      case 'skipped':
        // Warned about by readSources (gor never sends such records to a middleware), and
        // counted as what they are, input that is no message: a file of nothing else is no capture.
        for (let i = 0; i < event.count; i++) judging.malformed();
        break;
    }
  }
}
