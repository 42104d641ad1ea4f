import assert from 'node:assert/strict';
import { nonZero, valuesBy } from './prometheus-text.js';
import type { Sample } from './prometheus-text.js';

/** The parts of a JSON report that metrics carry too. */
export interface CountsReport {
  readonly exchanges: Readonly<Record<string, number>>;
  readonly messages: Readonly<Record<string, number>>;
  readonly skipped: Readonly<Record<string, number>>;
  readonly reasons: Readonly<Record<string, number>>;
  readonly pending: number;
  readonly routes: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const VERDICTS = ['ok', 'warn', 'error', 'incomplete'];

/** The counts of `report`'s routes as `route verdict` keys, zeros left out. */
function routeVerdicts(report: CountsReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [route, summary] of Object.entries(report.routes)) {
    for (const verdict of VERDICTS) counts[`${route} ${verdict}`] = Number(summary[verdict]);
  }
  return nonZero(counts);
}

/** The risk counts of `report`'s routes as `route risk` keys, zeros left out. */
function routeRisks(report: CountsReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [route, summary] of Object.entries(report.routes)) {
    const risk = (summary['risk'] ?? {}) as Readonly<Record<string, number>>;
    for (const [level, count] of Object.entries(risk)) counts[`${route} ${level}`] = count;
  }
  return nonZero(counts);
}

/**
 * Asserts that metric samples (a scrape, or Prometheus's answers) hold the report's numbers:
 * messages by type, skipped by kind (every kind the report has, zeros included), exchanges
 * by verdict and by route and verdict, reasons, risk by route, and the pending gauge.
 */
export function assertMetricsMatchReport(samples: readonly Sample[], report: CountsReport): void {
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_messages_total', ['type']), report.messages, 'messages by type');
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_skipped_total', ['kind']), report.skipped, 'skipped by kind');
  assert.deepEqual(nonZero(valuesBy(samples, 'goreplay_diff_exchanges_total', ['verdict'])), nonZero(report.exchanges), 'exchanges by verdict');
  assert.deepEqual(nonZero(valuesBy(samples, 'goreplay_diff_exchanges_total', ['route', 'verdict'])), routeVerdicts(report), 'exchanges by route and verdict');
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_reasons_total', ['reason']), report.reasons, 'reasons');
  assert.deepEqual(nonZero(valuesBy(samples, 'goreplay_diff_risk_total', ['route', 'risk'])), routeRisks(report), 'risk by route');
  assert.deepEqual(valuesBy(samples, 'goreplay_diff_pending_exchanges', []), { '': report.pending }, 'pending');
}
