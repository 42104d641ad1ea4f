import type { BaselineSummary } from '../insight/report-format.js';
import { sanitizeForTerminal } from './exchange-lines.js';

/** The stderr line of a run with a baseline: `baseline previous.json: 1 new, 4 persisting, 2 fixed clusters`. */
export function formatBaselineLine(summary: BaselineSummary): string {
  return `baseline ${sanitizeForTerminal(summary.file)}: ${summary.new} new, ${summary.persisting} persisting, ${summary.fixed} fixed clusters\n`;
}
