import type { Readable } from 'node:stream';
import { openSource, readCapture } from './capture-reader.js';
import type { CaptureEvent } from './capture-reader.js';
import type { CaptureSource } from './capture-sources.js';

/** What reading the sources needs from the process; `process` satisfies it. */
export interface ReadIo {
  readonly stdin: Readable;
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/** How reading ended: `failed` when a source could not be read to its end (already warned about). */
export interface ReadEnd {
  readonly failed: boolean;
  readonly stopped: boolean;
}

/**
 * Reads the sources one after the other and hands each batch of events to `onBatch`
 * (awaited, so a slow consumer slows reading down). SIGINT or SIGTERM stops reading at
 * once, even while waiting for input: the current stream is destroyed and reading ends
 * normally. A read error (a vanished file, corrupt gzip) is warned about with the source's
 * name and ends reading with `failed`. A skipped-records count is warned about, as gor
 * skips such records. Never rejects unless `onBatch` does.
 */
export async function readSources(
  sources: readonly CaptureSource[],
  io: ReadIo,
  maxLineBytes: number,
  warn: (message: string) => void,
  onBatch: (events: readonly CaptureEvent[]) => void | Promise<void>,
): Promise<ReadEnd> {
  let stopped = false;
  let current: Readable | null = null;
  const stop = (): void => {
    stopped = true;
    current?.destroy();
  };
  io.on('SIGINT', stop);
  io.on('SIGTERM', stop);
  for (const source of sources) {
    if (stopped) break;
    current = openSource(source, io.stdin);
    try {
      for await (const batch of readCapture(current, maxLineBytes)) {
        // What follows a stop was not read to its end: a last line then is only part of one.
        if (stopped) break;
        const skipped = batch.find((event) => event.type === 'skipped');
        if (skipped?.type === 'skipped') warn(`${source.name}: ${skipped.count} record(s) with fewer than 3 meta fields skipped, as gor skips them`);
        await onBatch(batch);
        if (stopped) break;
      }
    } catch (error) {
      if (stopped) break;
      warn(`cannot read ${source.name}: ${(error as Error).message}`);
      return { failed: true, stopped };
    }
  }
  return { failed: false, stopped };
}
