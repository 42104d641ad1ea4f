import type { Suggestions } from '../insight/report-format.js';
import { PATH_CHARS, shortenMiddle } from './shorten.js';

/**
 * One stderr line per noise suggestion, the last lines of a run: `suggested ignore on search:
 * results.trace_id (shape, confidence 0.93; not applied): uuid on both sides in 40 of 40 changes;
 * differs in 100% of 40 judged exchanges`. Paths come from traffic: they are shortened here and
 * the console escapes control characters.
 */
export function suggestionLines(suggestions: Suggestions): string[] {
  return suggestions.items.map((s) => `suggested ignore on ${s.route}: ${shortenMiddle(s.path, PATH_CHARS)} (${s.evidence}, confidence ${s.confidence}; not applied): ${s.detail}`);
}
