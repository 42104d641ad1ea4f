import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { table } from './numbers.js';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) read here. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  }>;
  readonly samples: readonly number[];
  /** Microseconds between consecutive samples (the first is from the profile's start). */
  readonly timeDeltas: readonly number[];
}

/** Self time of one function (or one file, or one pseudo-node such as the garbage collector). */
export interface SelfTime {
  readonly name: string;
  readonly location: string;
  readonly selfMs: number;
  readonly percent: number;
}

/** A profile's self time by function and by file, largest first. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: SelfTime[];
  readonly files: SelfTime[];
}

/** `file:///x/node_modules/pino/lib/y.js` → `pino/lib/y.js`; `file:///x/dist/a/b.js` → `dist/a/b.js`. */
function shortUrl(url: string): string {
  if (url === '') return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const plain = url.replace(/^file:\/\//, '');
  const match = /\/((?:dist|build|src|bench)\/.*)$/.exec(plain);
  return match?.[1] ?? plain;
}

/**
 * Adds up each sample's time (the delta to the next sample) on the function it hit,
 * grouping by function name and source position, and by file. Throws on a profile that
 * lacks `nodes`, `samples` or `timeDeltas`.
 */
export function summariseProfile(profile: CpuProfile, limit = 15): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, { name: string; location: string; us: number }>();
  const byFile = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const frame = frames.get(profile.samples[i] as number);
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (frame === undefined) continue;
    totalUs += us;
    const file = shortUrl(frame.url);
    const location = file === '' ? '' : `${file}:${frame.lineNumber + 1}`;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const key = `${name} ${location}:${frame.columnNumber}`;
    const entry = byFunction.get(key) ?? { name, location, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const fileKey = file === '' ? name : file;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  const asSelf = (name: string, location: string, us: number): SelfTime => ({
    name,
    location,
    selfMs: Math.round(us / 100) / 10,
    percent: totalUs === 0 ? 0 : Math.round((1000 * us) / totalUs) / 10,
  });
  const functions = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((entry) => asSelf(entry.name, entry.location, entry.us));
  const files = [...byFile.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([file, us]) => asSelf(file, '', us));
  return { totalMs: Math.round(totalUs / 1000), functions, files };
}

/** Reads and summarises a `.cpuprofile` file; throws when it is missing or not a profile. */
export function summariseProfileFile(path: string, limit = 15): ProfileSummary {
  return summariseProfile(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, limit);
}

/** The summary as two plain-text tables (functions, then files). */
export function formatProfileSummary(summary: ProfileSummary): string {
  const rows = (entries: readonly SelfTime[], withLocation: boolean): string[][] =>
    entries.map((entry) => [withLocation ? `${entry.name}  ${entry.location}` : entry.name, `${entry.selfMs.toFixed(1)} ms`, `${entry.percent.toFixed(1)}%`]);
  return [
    `sampled ${summary.totalMs} ms`,
    table([['top self time by function', 'self', 'share'], ...rows(summary.functions, true)]),
    table([['self time by file', 'self', 'share'], ...rows(summary.files, false)]),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [path, flag, count] = process.argv.slice(2);
  if (path === undefined) {
    process.stderr.write('usage: top-profile FILE.cpuprofile [--top N]\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${formatProfileSummary(summariseProfileFile(path, flag === '--top' ? Number(count) : 15))}\n`);
  }
}
