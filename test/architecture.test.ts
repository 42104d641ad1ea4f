import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './helpers/run-cli.js';

/**
 * Which folders of src/ each folder may import from: the pure domain at the bottom
 * (protocol; then correlation and compare; insight, which aggregates judged exchanges into
 * field statistics, regression clusters and noise evidence; then config and report), the judging core
 * above it, the edges (echo, analysis thread, capture readers, replay client) above that,
 * the front ends (modes) and the command line on top. A folder may always import itself.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  protocol: [],
  correlation: ['protocol'],
  compare: ['protocol'],
  insight: ['protocol', 'compare'],
  config: ['compare', 'protocol', 'insight'],
  report: ['compare', 'protocol', 'insight'],
  judging: ['protocol', 'correlation', 'compare', 'insight', 'config', 'report'],
  echo: [],
  capture: ['protocol', 'config'],
  thread: ['protocol', 'compare', 'insight', 'config', 'report', 'judging', 'echo'],
  replay: ['protocol', 'correlation', 'compare', 'insight', 'config', 'report', 'judging'],
  modes: ['protocol', 'correlation', 'compare', 'insight', 'config', 'report', 'judging', 'echo', 'capture', 'thread', 'replay'],
  cli: ['protocol', 'compare', 'insight', 'config', 'report', 'judging', 'capture', 'thread', 'modes'],
};
/** The folders whose code is pure: no Node built-in, no I/O library. */
const PURE = new Set(['protocol', 'correlation', 'compare', 'insight']);
/** Built-ins the pure folders may still use: buffers, decompression and hashing work on values. */
const PURE_BUILTINS = new Set(['node:buffer', 'node:zlib', 'node:crypto']);
/** Packages the pure folders may use, with any of their subpaths: computation on values only (`diff` aligns arrays and text lines). */
const PURE_PACKAGES = new Set(['diff']);

const src = join(repoRoot(), 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports, statically or with import(). */
function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'([^']+)'/gm)].map((match) => match[1] ?? '');
}

const files = sourceFiles(src).map((path) => ({ path, rel: relative(src, path).split('\\').join('/') }));

test('src/ holds only the entry point at its root and one folder per layer', () => {
  const loose = files.filter(({ rel }) => !rel.includes('/')).map(({ rel }) => rel);
  assert.deepEqual(loose, ['cli.ts']);
  const folders = new Set(files.filter(({ rel }) => rel.includes('/')).map(({ rel }) => rel.split('/')[0]));
  assert.deepEqual([...folders].sort(), Object.keys(MAY_IMPORT).sort(), 'every folder has a place in the layer table');
});

test('no module imports from a layer above its own', () => {
  const violations: string[] = [];
  for (const { path, rel } of files) {
    const folder = rel.includes('/') ? (rel.split('/')[0] ?? '') : '';
    for (const spec of importsOf(path)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(src, join(path, '..', spec))
        .split('\\')
        .join('/');
      const targetFolder = target.split('/')[0] ?? '';
      if (targetFolder === folder || folder === '') continue;
      if (!(MAY_IMPORT[folder] ?? []).includes(targetFolder)) violations.push(`${rel} imports ${target}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the pure folders do no I/O: no Node built-in but buffers, zlib and hashing, no package but pure computation', () => {
  const violations = files
    .filter(({ rel }) => PURE.has(rel.split('/')[0] ?? ''))
    .flatMap(({ path, rel }) =>
      importsOf(path)
        .filter((spec) => !spec.startsWith('.') && !PURE_BUILTINS.has(spec) && !PURE_PACKAGES.has(spec.split('/')[0] ?? spec))
        .map((spec) => `${rel} imports ${spec}`),
    );
  assert.deepEqual(violations, []);
});

test('no file in src/ is longer than 300 lines', () => {
  const long = files.map(({ path, rel }) => ({ rel, lines: readFileSync(path, 'utf8').split('\n').length - 1 })).filter(({ lines }) => lines > 300);
  assert.deepEqual(long, []);
});
