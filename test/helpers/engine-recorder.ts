import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import type { AnalysisSink } from '../../src/judging/analyser.js';

/** An engine sink that records every result, and every count as a `"<what> <kind>"` line. */
export function recorder(): { sink: AnalysisSink; results: ExchangeResult[]; counts: string[] } {
  const results: ExchangeResult[] = [];
  const counts: string[] = [];
  return {
    results,
    counts,
    sink: {
      message: (kind) => counts.push(`message ${kind}`),
      malformed: (reason) => counts.push(`malformed ${reason}`),
      skipped: (kind) => counts.push(`skipped ${kind}`),
      result: (result) => results.push(result),
    },
  };
}
