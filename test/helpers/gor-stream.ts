import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { GorFileParse } from '../../src/protocol/gor-file.js';
import { parseGorFile, toHexLine } from '../../src/protocol/gor-file.js';

let fixturesRoot: string | undefined;

/**
 * Resolves a path inside the repository's `fixtures/` folder. The repository root is the
 * first folder, walking up from this compiled module, that holds both `package.json` and
 * `fixtures/`; when the tests were compiled outside the repository, the walk starts again
 * from the working directory. Throws when neither walk finds it.
 */
export function fixturePath(...parts: string[]): string {
  fixturesRoot ??= join(findRepoRoot(), 'fixtures');
  return join(fixturesRoot, ...parts);
}

/**
 * Reads a `.gor` file (gunzipped first when the name ends in `.gz`, as gor's file input
 * does) and parses it into records. Throws on a missing file or bad gzip.
 */
export function readGorFixture(path: string): GorFileParse {
  const raw = readFileSync(path);
  return parseGorFile(path.endsWith('.gz') ? gunzipSync(raw) : raw);
}

/**
 * Returns the bytes gor writes to a middleware's stdin when replaying the `.gor` (or
 * `.gor.gz`) file at `path`: one lowercase hex line per record, LF-terminated, in file
 * order. Records gor skips as malformed are left out. gor orders records by timestamp,
 * and the fixtures keep their timestamps increasing in file order so both orders agree,
 * except where fixtures/README.md says otherwise. Throws on a missing file or bad gzip.
 */
export function gorFileToHexStream(path: string): Buffer {
  const { records } = readGorFixture(path);
  return Buffer.concat(records.map((record) => toHexLine(record.headerLine, record.payload)));
}

function findRepoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = walkUp(here) ?? walkUp(process.cwd());
  if (root === undefined) {
    throw new Error(`no folder holding package.json and fixtures/ above ${here} or ${process.cwd()}`);
  }
  return root;
}

function walkUp(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
