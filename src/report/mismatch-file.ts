import { chmodSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExchangeResult } from '../compare/exchange-result.js';
import { formatGorRecord } from '../protocol/gor-file.js';
import type { GorHeader, GorMessage, PayloadKind } from '../protocol/gor-message.js';

/** Mode of a mismatch file: it holds whole requests and responses, so only the owner reads it. */
export const MISMATCH_FILE_MODE = 0o600;

const TYPE_DIGIT: Readonly<Record<PayloadKind, string>> = { request: '1', response: '2', replay: '3' };

/**
 * The meta line of a message as gor writes it: `type id timestamp [duration]`. Headers
 * are parsed strictly (single spaces, 3 or 4 fields), so this gives back the captured line.
 */
export function gorHeaderLine(header: GorHeader): string {
  const fields = [TYPE_DIGIT[header.kind], header.id, header.timestamp.toString()];
  if (header.duration !== undefined) fields.push(header.duration.toString());
  return fields.join(' ');
}

/**
 * The `.gor` bytes for one non-ok exchange: its request, original response and replayed
 * response, whichever exist, in that order; empty for an ok exchange.
 */
export function mismatchRecords(result: ExchangeResult): Buffer {
  if (result.verdict === 'ok') return Buffer.alloc(0);
  const { request, origin, replay } = result.messages;
  const present = [request, origin, replay].filter((message): message is GorMessage => message !== null);
  return Buffer.concat(present.map((message) => formatGorRecord(gorHeaderLine(message.header), message.payload)));
}

/** Receives exchanges and writes the non-ok ones to a `.gor` file. */
export interface MismatchFile {
  exchange(result: ExchangeResult): void;
  close(): void;
}

/**
 * Opens `path` for `--write-mismatches`: created (with missing directories) or truncated,
 * mode 0600. Every non-ok exchange is written at once with synchronous writes, so a file
 * cut short by SIGKILL still holds every exchange reported before it. Reading the file back
 * (`compare PATH`) gives the same non-ok exchanges. When the file cannot be opened or a
 * write fails, `warn` is called once and writing stops; returns null when it cannot open.
 * Never throws.
 */
export function openMismatchFile(path: string, warn: (message: string) => void): MismatchFile | null {
  let fd: number | null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'w', MISMATCH_FILE_MODE);
  } catch (error) {
    warn(`mismatch file disabled: cannot write ${path}: ${(error as Error).message}`);
    return null;
  }
  try {
    // The mode only applies when the file is created; an existing file keeps its own.
    chmodSync(path, MISMATCH_FILE_MODE);
  } catch {
    // Not the owner: the file is still writable.
  }
  return {
    exchange(result) {
      if (fd === null || result.verdict === 'ok') return;
      try {
        const bytes = mismatchRecords(result);
        for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
      } catch (error) {
        warn(`mismatch file disabled: writing ${path} failed: ${(error as Error).message}`);
        closeQuietly(fd);
        fd = null;
      }
    },
    close() {
      if (fd !== null) closeQuietly(fd);
      fd = null;
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing left to do with a descriptor that cannot close.
  }
}
