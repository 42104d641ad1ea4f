import type { Readable, Writable } from 'node:stream';
import { runEcho } from './echo.js';
import type { Analyse, Echo } from './echo.js';
import { StreamOutput } from './stream-output.js';
import { StreamReader } from './stream-reader.js';

/**
 * The echo on Node streams (stdin and stdout on a terminal). When `output` is full, input
 * is paused until it drains, so memory held for the echo stays at one chunk plus the
 * stream's buffer. At the end of input the echo ends once everything written has been
 * handed to the operating system.
 */
export function startEcho(input: Readable, output: Writable, analyse: Analyse, onAnalysisError: (error: unknown) => void): Echo {
  return runEcho(new StreamReader(input), new StreamOutput(output), analyse, onAnalysisError);
}
