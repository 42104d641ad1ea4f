import { diffList } from './diff-list.js';
import type { JsonDifference } from './json-diff.js';

/** A form body's keys, each with its values in body order. */
export type FormFields = Map<string, string[]>;

/** Parses `application/x-www-form-urlencoded` text: `+` and `%20` are both a space, as URLSearchParams reads them. */
export function parseForm(text: string): FormFields {
  const fields: FormFields = new Map();
  for (const [key, value] of new URLSearchParams(text)) {
    const values = fields.get(key);
    if (values === undefined) fields.set(key, [value]);
    else values.push(value);
  }
  return fields;
}

/**
 * The differences between two forms at paths `form.<key>`: the order of different keys is
 * ignored, the order of a key's repeated values is kept. A key's value is shown as a string,
 * or as the list of its values when it is repeated.
 */
export function diffForms(origin: FormFields, replay: FormFields, maxDiffs: number): { diffs: JsonDifference[]; total: number } {
  const list = diffList(maxDiffs);
  const add = list.add;
  for (const [key, values] of origin) {
    const other = replay.get(key);
    if (other === undefined) add({ path: ['form', key], kind: 'removed', origin: shownValues(values) });
    else if (!sameValues(values, other)) add({ path: ['form', key], kind: 'changed', origin: shownValues(values), replay: shownValues(other) });
  }
  for (const [key, values] of replay) {
    if (!origin.has(key)) add({ path: ['form', key], kind: 'added', replay: shownValues(values) });
  }
  return { diffs: list.diffs, total: list.total };
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function shownValues(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? values[0]! : values;
}
