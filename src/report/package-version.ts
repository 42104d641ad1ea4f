import { readFileSync } from 'node:fs';

/**
 * The version in the package's package.json, two folders above this module (from `src/` and
 * `dist/` alike); `0.0.0` where there is none (a test build elsewhere).
 */
export function packageVersion(): string {
  try {
    const raw = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof raw.version === 'string' ? raw.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
