import type { ChalkInstance } from 'chalk';
import type { Verdict } from '../compare/verdict.js';
import type { LatencyPercentiles } from './latency-histogram.js';
import type { SummaryReport } from './stats.js';
import { sanitizeForTerminal } from './exchange-lines.js';

/** What one progress line shows. */
export interface ProgressFigures {
  readonly exchanges: Readonly<Record<Verdict, number>>;
  /** Messages per second since the previous progress line. */
  readonly messagesPerSecond: number;
  readonly pending: number;
}

/**
 * One progress line, without newline:
 * `progress: 120 ok, 3 warn, 2 error, 0 incomplete; 45.2 msg/s; 12 pending`.
 * Non-zero warn, error and incomplete counts are coloured like their verdicts.
 */
export function formatProgress(figures: ProgressFigures, chalk: ChalkInstance): string {
  const { ok, warn, error, incomplete } = figures.exchanges;
  const paint = (count: number, name: Verdict, colour: (text: string) => string): string => (count > 0 ? colour(`${count} ${name}`) : `${count} ${name}`);
  return (
    `progress: ${ok} ok, ${paint(warn, 'warn', chalk.yellow)}, ${paint(error, 'error', chalk.red)}, ` +
    `${paint(incomplete, 'incomplete', chalk.gray)}; ${figures.messagesPerSecond.toFixed(1)} msg/s; ` +
    `${figures.pending} pending`
  );
}

/** A latency in ms for the table: 2 decimals below 10, 1 below 100, whole above; `-` for none. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toString();
}

function latencyCell(latency: LatencyPercentiles): string {
  if (latency.count === 0) return '-';
  return `${formatMs(latency.p50)}/${formatMs(latency.p95)}/${formatMs(latency.p99)}`;
}

const HEADER = ['route', 'ok', 'warn', 'error', 'incomplete', 'origin p50/p95/p99 ms', 'replay p50/p95/p99 ms'];
/** Columns aligned right (the counts); the others align left. */
const RIGHT_ALIGNED = new Set([1, 2, 3, 4]);

/**
 * The final summary as text ending in a newline: a headline with totals, a table per route
 * (verdict counts and origin vs replay latency p50/p95/p99 in ms) with a total row, then
 * messages, skipped and reasons (most frequent first). Example:
 * ```
 * summary after 12.3 s: 4 exchanges (2 ok, 1 warn, 1 error, 0 incomplete), 0 extra replays, 0 pending
 * route  ok  warn  error  incomplete  origin p50/p95/p99 ms  replay p50/p95/p99 ms
 * query   2     1      1           0  12.0/30.0/30.0         13.0/33.0/33.0
 * total   2     1      1           0  12.0/30.0/30.0         13.0/33.0/33.0
 * messages: 4 request, 4 response, 4 replay, 0 malformed, 0 oversized
 * skipped: 0 unwatched, 0 filtered, 0 evicted, 0 orphaned
 * reasons: identical 2, body_mismatch 1, hint_list_present 1
 * ```
 */
export function formatSummary(report: SummaryReport, chalk: ChalkInstance): string {
  const e = report.exchanges;
  const total = e.ok + e.warn + e.error + e.incomplete;
  const lines = [
    chalk.bold(
      `summary after ${report.elapsedSeconds.toFixed(1)} s: ${total} exchanges ` +
        `(${e.ok} ok, ${e.warn} warn, ${e.error} error, ${e.incomplete} incomplete), ` +
        `${report.extraReplays} extra replays, ${report.pending} pending`,
    ),
  ];
  const routeNames = Object.keys(report.routes);
  if (routeNames.length === 0) {
    lines.push('no exchanges compared');
  } else {
    const rows = routeNames.map((name) => {
      const route = report.routes[name]!;
      return [sanitizeForTerminal(name), ...countCells(route), latencyCell(route.latencyMs.origin), latencyCell(route.latencyMs.replay)];
    });
    rows.push(['total', ...countCells(e), latencyCell(report.latencyMs.origin), latencyCell(report.latencyMs.replay)]);
    const table = alignColumns([HEADER, ...rows]);
    lines.push(chalk.bold(table[0]!), ...table.slice(1));
  }
  const m = report.messages;
  lines.push(`messages: ${m.request} request, ${m.response} response, ${m.replay} replay, ` + `${m.malformed} malformed, ${m.oversized} oversized`);
  const s = report.skipped;
  lines.push(
    `skipped: ${s.unwatched} unwatched, ${s.filtered} filtered, ${s.evicted} evicted, ${s.orphaned} orphaned${s.shed > 0 ? `, ${s.shed} shed (not analysed: the analysis was overloaded)` : ''}`,
  );
  const reasons = Object.entries(report.reasons)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (reasons.length > 0) lines.push(`reasons: ${reasons.map(([reason, count]) => `${reason} ${count}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function countCells(counts: Readonly<Record<Verdict, number>>): string[] {
  return [counts.ok, counts.warn, counts.error, counts.incomplete].map(String);
}

/** Pads every cell to its column's width, two spaces apart, trailing spaces trimmed. */
function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, column) => (RIGHT_ALIGNED.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}
