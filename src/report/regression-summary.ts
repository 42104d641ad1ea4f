import type { ChalkInstance } from 'chalk';
import type { Insight } from '../insight/insight.js';
import { sanitizeForTerminal } from './exchange-lines.js';
import { PATH_CHARS, shortenMiddle } from './shorten.js';

/** Clusters listed at exit, the largest first. */
export const TOP_REGRESSIONS = 5;

/** Field paths shown per listed cluster. */
const SHOWN_FIELDS = 3;

/**
 * The regressions at exit: `N distinct regressions in M differing exchanges` with the risk
 * counts, then the largest {@link TOP_REGRESSIONS} clusters, one line each: ID, count, risk,
 * route, reason and the first field paths. Empty when no exchange differed. Every value from
 * traffic is made safe for a terminal.
 */
export function formatRegressions(insight: Pick<Insight, 'risk' | 'clustersSnapshot'>, chalk: ChalkInstance): string {
  const { high, medium, low } = insight.risk;
  const differing = high + medium + low;
  if (differing === 0) return '';
  const clusters = insight.clustersSnapshot();
  const distinct = `${clusters.overflow > 0 ? 'at least ' : ''}${clusters.items.length} distinct regression${clusters.items.length === 1 && clusters.overflow === 0 ? '' : 's'}`;
  const lines = [chalk.bold(`${distinct} in ${differing} differing exchange${differing === 1 ? '' : 's'} (risk: ${high} high, ${medium} medium, ${low} low)`)];
  for (const cluster of clusters.items.slice(0, TOP_REGRESSIONS)) {
    const paths = cluster.fields.slice(0, SHOWN_FIELDS).map(([path]) => sanitizeForTerminal(shortenMiddle(path, PATH_CHARS)));
    const more = cluster.fields.length > SHOWN_FIELDS ? `, +${cluster.fields.length - SHOWN_FIELDS} more` : '';
    const fields = paths.length === 0 ? '' : `  ${paths.join(', ')}${more}`;
    const risk = cluster.risk === 'high' ? chalk.red(cluster.risk) : cluster.risk === 'medium' ? chalk.yellow(cluster.risk) : cluster.risk;
    lines.push(`  ${cluster.id}  ×${cluster.count}  ${risk}  ${sanitizeForTerminal(shortenMiddle(cluster.route, PATH_CHARS))}  ${cluster.reason}${fields}`);
  }
  if (clusters.items.length > TOP_REGRESSIONS) lines.push(`  … ${clusters.items.length - TOP_REGRESSIONS} more in the report's clusters`);
  return `${lines.join('\n')}\n`;
}
