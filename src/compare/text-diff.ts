// The one diff this needs, by its own subpath: the package index loads twenty modules at start-up.
import { diffArrays } from 'diff/lib/diff/array.js';
import { diffList } from './diff-list.js';
import type { JsonDifference } from './json-diff.js';

/** The line differences listed (the first `maxDiffs`) and counted (all) between two texts. */
export interface TextDiffResult {
  readonly diffs: JsonDifference[];
  readonly total: number;
}

/**
 * Beyond this many inserted and deleted lines the diff gives up on the shortest edit script
 * (whose cost grows with the product of size and edits) and compares line i with line i.
 */
const MAX_EDIT_LENGTH = 400;

/**
 * The lines of a text: CRLF, LF and a lone CR all end a line, and a final line ending adds
 * no empty line, so texts differing only in their line-ending style or a final newline have
 * the same lines.
 */
export function textLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A line diff of two texts. Each difference is at path `body.line[N]` (N from 1: the original's
 * line number, the replay's for an added line); a removed line run followed by an added one is
 * paired line by line as `changed`, the rest `removed` or `added`. Values are the line texts.
 */
export function diffText(origin: string, replay: string, maxDiffs: number): TextDiffResult {
  const before = textLines(origin);
  const after = textLines(replay);
  const list = diffList(maxDiffs);
  const add = list.add;
  const changes = diffArrays(before, after, { maxEditLength: MAX_EDIT_LENGTH });
  if (changes === undefined) {
    positional(before, after, add);
    return { diffs: list.diffs, total: list.total };
  }
  let originLine = 1;
  let replayLine = 1;
  for (let i = 0; i < changes.length; i += 1) {
    const change = changes[i]!;
    if (!change.added && !change.removed) {
      originLine += change.value.length;
      replayLine += change.value.length;
      continue;
    }
    if (change.removed) {
      const next = changes[i + 1];
      const added = next?.added === true ? next.value : [];
      if (added.length > 0) i += 1;
      const paired = Math.min(change.value.length, added.length);
      for (let k = 0; k < paired; k += 1) add({ path: ['body', 'line', originLine + k], kind: 'changed', origin: change.value[k], replay: added[k] });
      for (let k = paired; k < change.value.length; k += 1) add({ path: ['body', 'line', originLine + k], kind: 'removed', origin: change.value[k] });
      for (let k = paired; k < added.length; k += 1) add({ path: ['body', 'line', replayLine + k], kind: 'added', replay: added[k] });
      originLine += change.value.length;
      replayLine += added.length;
      continue;
    }
    for (let k = 0; k < change.value.length; k += 1) add({ path: ['body', 'line', replayLine + k], kind: 'added', replay: change.value[k] });
    replayLine += change.value.length;
  }
  return { diffs: list.diffs, total: list.total };
}

/** Line i against line i: the bounded fallback for texts too different for a shortest edit script. */
function positional(before: readonly string[], after: readonly string[], add: (difference: JsonDifference) => void): void {
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i += 1) {
    const origin = before[i];
    const replay = after[i];
    if (origin === replay) continue;
    if (replay === undefined) add({ path: ['body', 'line', i + 1], kind: 'removed', origin });
    else if (origin === undefined) add({ path: ['body', 'line', i + 1], kind: 'added', replay });
    else add({ path: ['body', 'line', i + 1], kind: 'changed', origin, replay });
  }
}
