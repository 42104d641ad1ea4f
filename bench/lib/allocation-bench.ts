import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { round } from './numbers.js';
import type { StreamFile } from './throughput-bench.js';

/** What one V8 isolate (a thread) allocated over a run, from `--trace-gc-nvp`. */
export interface IsolateAllocation {
  readonly isolate: string;
  readonly collections: number;
  readonly allocatedBytes: number;
  readonly bytesPerMessage: number;
}

export interface AllocationResult {
  /** The analysis thread: the isolate that allocated the most. */
  readonly analysis: IsolateAllocation | null;
  readonly isolates: IsolateAllocation[];
  /** Bytes allocated after a thread's last collection are not counted: at most about one young generation (1 MiB here). */
  readonly note: string;
  readonly problem: string | null;
}

/** One collection's line: `[pid:0xISOLATE] … allocated=N …`; it may follow echoed bytes on the same line. */
const GC_LINE = /\[\d+:(0x[0-9a-f]+)\][^\n]*? allocated=(\d+)/g;

/**
 * Runs the CLI with `args` on `stream` under `--trace-gc-nvp` (V8 prints each collection,
 * with the bytes allocated since the one before, on stdout, among the echoed bytes) and a
 * 1 MiB young generation (so that what the last collection leaves uncounted is small),
 * and adds up the allocations per isolate. Not timed: the flags slow the run.
 */
export async function runAllocationBench(node: string, cli: string, args: readonly string[], stream: StreamFile): Promise<AllocationResult> {
  const input = openSync(stream.path, 'r');
  const child = spawn(node, ['--trace-gc-nvp', '--max-semi-space-size=1', cli, ...args], { stdio: [input, 'pipe', 'pipe'] });
  closeSync(input);
  const { stdout, stderr: errors } = child;
  if (stdout === null || errors === null) throw new Error('spawn gave no stdout or stderr pipe');
  const totals = new Map<string, { collections: number; bytes: number }>();
  let carry = '';
  stdout.setEncoding('latin1');
  stdout.on('data', (text: string | Buffer) => {
    const all = carry + String(text);
    const cut = all.lastIndexOf('\n') + 1;
    for (const match of all.slice(0, cut).matchAll(GC_LINE)) {
      const entry = totals.get(match[1] as string) ?? { collections: 0, bytes: 0 };
      entry.collections += 1;
      entry.bytes += Number(match[2]);
      totals.set(match[1] as string, entry);
    }
    carry = all.slice(cut);
  });
  let stderr = '';
  errors.setEncoding('utf8');
  errors.on('data', (text: string | Buffer) => {
    stderr += String(text);
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const isolates = [...totals.entries()]
    .map(([isolate, entry]) => ({ isolate, collections: entry.collections, allocatedBytes: entry.bytes, bytesPerMessage: round(entry.bytes / stream.messages, 0) }))
    .sort((a, b) => b.allocatedBytes - a.allocatedBytes);
  return {
    analysis: isolates[0] ?? null,
    isolates,
    note: 'bytes allocated after a thread’s last collection are not counted (at most ~1 MiB each)',
    problem: code === 0 ? null : `exit code ${String(code)}: ${stderr.slice(0, 300)}`,
  };
}
