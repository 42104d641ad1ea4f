import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The package's version, from the package.json above the compiled module (`dist/` in a
 * release, `build/src/` in the tests); `0.0.0` when none can be read. Read once.
 */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  cached = '0.0.0';
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const raw = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (raw.name === 'goreplay-diff' && typeof raw.version === 'string') {
        cached = raw.version;
        break;
      }
    } catch {
      // Not there: the next place, or the fallback.
    }
  }
  return cached;
}
