import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './helpers/run-cli.js';

// Coverage counts the lines of a module that compiles to nothing (types only) as never run,
// so .c8rc.json excludes exactly those modules: every excluded src file is type-only, and
// every type-only src file is excluded.

const root = repoRoot();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Whether the compiled module (build/src/…) holds no code: only `export {};` and its source map comment. */
function compilesToNothing(source: string): boolean {
  const compiled = join(root, 'build', source.replace(/\.ts$/, '.js'));
  const code = readFileSync(compiled, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('//# sourceMappingURL='));
  return code.length === 1 && code[0] === 'export {};';
}

test('coverage excludes exactly the src modules that compile to nothing', () => {
  const config = JSON.parse(readFileSync(join(root, '.c8rc.json'), 'utf8')) as { exclude: string[] };
  const excluded = config.exclude.filter((path) => path.startsWith('src/')).sort();
  const typeOnly = sourceFiles(join(root, 'src'))
    .map((path) => relative(root, path).split('\\').join('/'))
    .filter((path) => compilesToNothing(path))
    .sort();
  assert.deepEqual(excluded, typeOnly);
});
