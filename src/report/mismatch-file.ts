import { chmodSync, openSync } from 'node:fs';
import type { ExchangeResult } from '../compare/exchange-result.js';
import { formatGorHeader, formatGorRecord } from '../protocol/gor-file.js';
import type { GorMessage } from '../protocol/gor-message.js';
import type { Redactor } from './redact.js';
import { redactHttpPayload } from './redact-http.js';
import { closeQuietly, writeFully } from './sync-file.js';

/** Mode of a mismatch file: it holds whole requests and responses, so only the owner reads it. */
export const MISMATCH_FILE_MODE = 0o600;

/** How the messages are redacted: as every other output redacts (see redactHttpPayload), or not at all (`--mismatches-unredacted`). */
export type MismatchRedaction = { readonly redactor: Redactor; readonly maxBodyBytes: number } | null;

/**
 * The `.gor` bytes for one non-ok exchange: its request, original response and replayed
 * response, whichever exist, in that order, redacted unless `redaction` is null; empty for
 * an ok exchange. Header lines are kept exactly.
 */
export function mismatchRecords(result: ExchangeResult, redaction: MismatchRedaction): Buffer {
  if (result.verdict === 'ok') return Buffer.alloc(0);
  const { request, origin, replay } = result.messages;
  const present = [request, origin, replay].filter((message): message is GorMessage => message !== null);
  return Buffer.concat(
    present.map((message) => {
      const kind = message.header.kind === 'request' ? 'request' : 'response';
      const payload = redaction === null ? message.payload : redactHttpPayload(message.payload, kind, redaction.redactor, redaction.maxBodyBytes);
      return formatGorRecord(formatGorHeader(message.header), payload);
    }),
  );
}

/** Receives exchanges and writes the non-ok ones to a `.gor` file. */
export interface MismatchFile {
  exchange(result: ExchangeResult): void;
  close(): void;
}

/**
 * Opens `path` for `--write-mismatches`: created or truncated, mode 0600; its directory must
 * exist (the CLI checks it at start). Every non-ok exchange is written at once, redacted as
 * `redaction` says, with synchronous writes, so a file cut short by SIGKILL still holds every
 * exchange reported before it. Reading the file back (`compare PATH`) gives the same non-ok
 * exchanges, with the same verdicts unless a verdict depended on a redacted value. When the
 * file cannot be opened or a write fails, `warn` is called once and writing stops; returns
 * null when it cannot open. Never throws.
 */
export function openMismatchFile(path: string, warn: (message: string) => void, redaction: MismatchRedaction): MismatchFile | null {
  let fd: number | null;
  try {
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
        writeFully(fd, mismatchRecords(result, redaction));
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
