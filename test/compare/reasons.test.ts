import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REASONS } from '../../src/compare/verdict.js';
import type { Verdict } from '../../src/compare/verdict.js';
import { repoRoot } from '../helpers/run-cli.js';

/** The README's reasons table: `reason` → verdict, in order. */
function documentedReasons(): Array<[string, string]> {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const start = readme.indexOf('\n### Reasons\n');
  assert.ok(start !== -1, 'the README has a Reasons section');
  const section = readme.slice(start + 1, readme.indexOf('\n#', start + 2));
  return [...section.matchAll(/^\| `([a-z_]+)` \| ([a-z]+) \|/gm)].map((match) => [match[1] ?? '', match[2] ?? '']);
}

test('the README documents every reason the code can give, and no other', () => {
  const documented = documentedReasons().map(([reason]) => reason);
  assert.deepEqual([...documented].sort(), [...REASONS].sort());
  assert.equal(new Set(documented).size, documented.length, 'each reason once');
});

test('each documented reason names one of the four verdicts', () => {
  const verdicts: readonly Verdict[] = ['ok', 'warn', 'error', 'incomplete'];
  for (const [reason, verdict] of documentedReasons()) assert.ok((verdicts as readonly string[]).includes(verdict), `${reason}: ${verdict}`);
});
