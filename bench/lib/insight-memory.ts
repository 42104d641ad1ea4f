import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { Insight } from '../../src/insight/insight.js';
import type { BuiltExample } from '../../src/insight/clusters.js';

export interface InsightMemoryResult {
  readonly exchanges: number;
  readonly distinctFields: number;
  readonly examples: number;
  readonly clusters: number;
  readonly fieldPaths: number;
  /** Heap held by the aggregates after a full collection, in bytes. */
  readonly heapBytes: number;
}

/** A collector to call, so that the heap measured is what is still referenced. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * The heap the field statistics and clusters hold after `exchanges` non-ok exchanges over
 * `distinctFields` field paths (each path its own fingerprint), with the default
 * caps and examples of 2 KiB of content each (distinct flat strings, as bodies decoded from traffic are): what the caps bound, measured.
 */
export function measureInsightHeap(exchanges: number, distinctFields: number = exchanges): InsightMemoryResult {
  const gc = collector();
  gc();
  const before = process.memoryUsage().heapUsed;
  const example = (result: ExchangeResult): BuiltExample => {
    const bare = { id: result.id, at: '', method: 'POST', path: '/x', latencyMs: { origin: 1, replay: 1 }, diffs: [] };
    return {
      full: { ...bare, request: { headers: [], body: Buffer.alloc(2048, result.id).toString('latin1'), bodyBytes: 2048, truncated: false } },
      contentChars: 2048,
      bare: () => bare,
    };
  };
  const insight = new Insight({ maxFieldPaths: 500, maxClusters: 1000, example });
  for (let i = 0; i < exchanges; i += 1) {
    const result = {
      id: `id${i}`,
      route: `route${i % 4}`,
      verdict: 'error',
      reason: 'body_mismatch',
      status: { origin: 200, replay: 200 },
      diffs: [{ path: ['results', `field${i % distinctFields}`], kind: 'changed', origin: i, replay: i + 1 }],
    } as unknown as ExchangeResult;
    insight.add(result, 0);
  }
  gc();
  const heapBytes = process.memoryUsage().heapUsed - before;
  const examples = insight.clusters.snapshot().items.reduce((sum, cluster) => sum + cluster.examples.length, 0);
  return { exchanges, distinctFields, examples, clusters: insight.clusters.size, fieldPaths: insight.fields.pathCount, heapBytes };
}
