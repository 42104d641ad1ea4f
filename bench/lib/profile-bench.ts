import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runThroughPipe } from './measure-process.js';
import type { Mode, StreamFile } from './throughput-bench.js';
import { summariseProfileFile } from './top-profile.js';
import type { ProfileSummary } from './top-profile.js';

/** A CPU profile of one mode reading the whole stream. */
export interface ModeProfile {
  readonly mode: string;
  readonly wallMs: number;
  /** Where the `.cpuprofile` was written (kept for Chrome DevTools or a second look). */
  readonly file: string | null;
  readonly summary: ProfileSummary | null;
  readonly problem: string | null;
}

/**
 * Runs each Node mode once under `node --cpu-prof` (sampling every 100 µs) on the stream
 * and summarises the top self-time functions. The mode's argv must start with the Node
 * binary. Profiling slows the run, so these times are not benchmark figures. Never rejects.
 */
export async function profileModes(stream: StreamFile, modes: readonly Mode[], limit: number): Promise<ModeProfile[]> {
  const profiles: ModeProfile[] = [];
  for (const mode of modes) {
    const dir = mkdtempSync(join(tmpdir(), `gd-bench-prof-${mode.name}-`));
    const [node = 'node', ...rest] = mode.argv;
    const run = await runThroughPipe({
      argv: [node, '--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', ...rest],
      inputFile: stream.path,
      expectedBytes: stream.bytes,
      exitsAtEof: mode.exitsAtEof,
      timeoutMs: 10 * 60 * 1000,
    });
    const name = readdirSync(dir).find((file) => file.endsWith('.cpuprofile'));
    const file = name === undefined ? null : join(dir, name);
    let summary: ProfileSummary | null = null;
    let problem = run.problem;
    try {
      if (file !== null) summary = summariseProfileFile(file, limit);
      else problem ??= 'no .cpuprofile was written';
    } catch (error) {
      problem ??= `unreadable profile: ${(error as Error).message}`;
    }
    profiles.push({ mode: mode.label, wallMs: Math.round(run.wallMs), file, summary, problem });
  }
  return profiles;
}
