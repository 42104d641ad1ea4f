import type { Config } from '../config/config.js';
import { Engine } from '../judging/engine.js';
import { toHexLine } from '../protocol/gor-file.js';
import { createJunitSink } from '../report/junit-file.js';
import { Session } from '../judging/session.js';
import { systemClock } from '../judging/clock.js';
import type { Clock } from '../judging/clock.js';
import { buildOutputs } from '../judging/outputs.js';
import type { Outputs, SinkIo } from '../judging/outputs.js';
import type { CaptureEvent } from '../capture/capture-reader.js';
import type { CaptureSource } from '../capture/capture-sources.js';
import { gateExitCode } from '../judging/exit-gate.js';
import type { RateGate } from '../judging/exit-gate.js';
import { readSources } from '../capture/read-sources.js';
import type { ReadIo } from '../capture/read-sources.js';

/** The process-level things compare and replay touch; `process` satisfies it. They never write stdout. */
export interface CommandIo extends SinkIo, ReadIo {}

/** What `compare` needs besides the judging config. */
export interface CompareOptions {
  readonly sources: readonly CaptureSource[];
  /** `--junit PATH.xml`, or null. */
  readonly junit: string | null;
  readonly gate: RateGate;
}

/** Exit code when an input could not be read to its end (the outputs are still written). */
export const INPUT_FAILED_EXIT_CODE = 2;

/**
 * Compare mode: reads each capture in turn (`.gor`, gzip, hex stream or stdin), hands every
 * message to one session as the hex line gor would have sent a middleware, so judging is
 * exactly middleware mode's, and ends at the end of the last input (or on SIGINT/SIGTERM)
 * with the summary. Returns the gate's exit code, or 2 when an input failed part-way (after
 * a warning; what was read is still judged and reported). Writes nothing to stdout.
 */
export async function runCompare(config: Config, options: CompareOptions, io: CommandIo, clock: Clock = systemClock): Promise<number> {
  const outputs = await buildOutputs(config, io, clock);
  addJunit(outputs, config, options.junit, clock);
  const session = new Session(config, outputs.sinks, clock, outputs.warn, (sink) => new Engine(config, sink));
  const read = await readSources(options.sources, io, config.maxLineBytes, outputs.warn, (events) => {
    feedEvents(events, session, config.maxLineBytes);
  });
  await session.finish();
  return read.failed ? INPUT_FAILED_EXIT_CODE : gateExitCode(session.stats.exchanges, config.failOn, options.gate);
}

/** Adds the `--junit` sink to the outputs when asked for. */
export function addJunit(outputs: Outputs, config: Config, path: string | null, clock: Clock): void {
  if (path === null) return;
  outputs.sinks.push(createJunitSink({ path, failOn: config.failOn, redactor: outputs.redactor, warn: outputs.warn, startedAt: clock.now() }));
}

/**
 * Feeds capture events to the session as middleware mode would see them: a record becomes
 * its hex line (or counts as oversized when that line would exceed `maxLineBytes`), a hex
 * line goes as is, and a hex input cut inside a line counts as malformed.
 */
export function feedEvents(events: readonly CaptureEvent[], session: Session, maxLineBytes: number): void {
  for (const event of events) {
    switch (event.type) {
      case 'record': {
        const { headerLine, payload } = event.record;
        if ((headerLine.length + 1 + payload.length) * 2 > maxLineBytes) session.engine.oversized();
        else session.line(withoutLf(toHexLine(headerLine, payload)));
        break;
      }
      case 'line':
        session.line(event.line);
        break;
      case 'oversized':
        session.engine.oversized();
        break;
      case 'unterminated':
        session.stats.malformed();
        break;
      case 'skipped':
        // Warned about by readSources; gor never sends such records to a middleware.
        break;
    }
  }
}

/** A hex line from toHexLine without its final LF, as `Session.line` takes it. */
export function withoutLf(line: Buffer): Buffer {
  return line.subarray(0, line.length - 1);
}
