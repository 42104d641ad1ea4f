import type { Risk } from '../compare/risk.js';
import { fingerprintIdOf, fingerprintTextOf } from './fingerprint.js';
import type { FingerprintInput } from './fingerprint.js';
import type { Cluster, ClusterExample, Clusters } from './report-format.js';

/** Examples kept per cluster, first seen first. */
export const CLUSTER_EXAMPLES = 5;

/**
 * Characters of example content (bodies, headers, difference values) kept over all clusters.
 * An example that would go beyond it is kept bare (ID, time, request line, latencies),
 * so the clusters' memory stays bounded by `maxClusters` × {@link CLUSTER_EXAMPLES} small
 * records plus this budget, whatever the bodies hold.
 */
export const EXAMPLE_CONTENT_BUDGET = 16 * 1024 * 1024;

/** What a cluster reads of one non-ok exchange. */
export interface ClusterInput extends FingerprintInput {
  readonly risk: Risk;
}

/** An example as built for a cluster, with the size of its content. */
export interface BuiltExample {
  /** The example with its content (sides and difference values). */
  readonly full: ClusterExample;
  /** Characters of content in `full`, counted against the budget. */
  readonly contentChars: number;
  /** The example without content: what is kept when the budget is spent. */
  readonly bare: () => ClusterExample;
}

/** Builds an exchange's example; called only when the cluster still wants one. */
export type ExampleBuilder = () => BuiltExample;

export interface ClusterOptions {
  readonly maxClusters: number;
  /** Defaults to {@link EXAMPLE_CONTENT_BUDGET}. */
  readonly contentBudget?: number;
}

interface ClusterState {
  readonly id: string;
  /** Only what the report shows: the differences' values are not kept. */
  readonly input: Pick<ClusterInput, 'route' | 'verdict' | 'reason' | 'status'>;
  readonly fields: Cluster['fields'];
  risk: Risk;
  count: number;
  readonly firstSeen: number;
  lastSeen: number;
  readonly examples: ClusterExample[];
}

const RISK_RANK: Readonly<Record<Risk, number>> = { low: 0, medium: 1, high: 2 };

/**
 * Non-ok exchanges grouped by fingerprint (same fingerprint, same regression). Bounded: at
 * most `maxClusters` clusters; an exchange whose fingerprint is new once that many exist is
 * counted in `overflow` only. Example content is bounded by its own budget.
 */
export class ClusterIndex {
  readonly #max: number;
  #budget: number;
  readonly #clusters = new Map<string, ClusterState>();
  readonly #idByText = new Map<string, string>();
  #overflow = 0;

  constructor(options: ClusterOptions) {
    this.#max = Math.max(0, options.maxClusters);
    this.#budget = options.contentBudget ?? EXAMPLE_CONTENT_BUDGET;
  }

  /** Adds one non-ok exchange judged at `at` (ms since the epoch); returns its cluster ID (also past the cap). */
  add(input: ClusterInput, at: number, example: ExampleBuilder): string {
    // The hash is taken once per cluster, not per exchange: the IDs of the texts met are kept (one per cluster, so bounded like them).
    const fingerprint = fingerprintTextOf(input);
    const known = this.#idByText.get(fingerprint.text);
    const id = known ?? fingerprintIdOf(fingerprint.text);
    let cluster = this.#clusters.get(id);
    if (cluster === undefined) {
      if (this.#clusters.size >= this.#max) {
        this.#overflow += 1;
        return id;
      }
      const { route, verdict, reason } = input;
      const status = { origin: input.status.origin, replay: input.status.replay };
      cluster = {
        id,
        input: { route, verdict, reason, status },
        fields: fingerprint.fields,
        risk: input.risk,
        count: 0,
        firstSeen: at,
        lastSeen: at,
        examples: [],
      };
      this.#clusters.set(id, cluster);
      this.#idByText.set(fingerprint.text, id);
    }
    cluster.count += 1;
    if (at > cluster.lastSeen) cluster.lastSeen = at;
    if (RISK_RANK[input.risk] > RISK_RANK[cluster.risk]) cluster.risk = input.risk;
    if (cluster.examples.length < CLUSTER_EXAMPLES) {
      const built = example();
      if (built.contentChars <= this.#budget) {
        this.#budget -= built.contentChars;
        cluster.examples.push(built.full);
      } else {
        cluster.examples.push(built.bare());
      }
    }
    return id;
  }

  /** Clusters held (for tests of the bound). */
  get size(): number {
    return this.#clusters.size;
  }

  /** Characters of example content still allowed. */
  get budgetLeft(): number {
    return this.#budget;
  }

  /** The clusters by count (descending), then ID; a fresh object each call. */
  snapshot(): Clusters {
    const items = [...this.#clusters.values()]
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(
        (cluster): Cluster => ({
          id: cluster.id,
          route: cluster.input.route,
          verdict: cluster.input.verdict,
          reason: cluster.input.reason,
          status: { origin: cluster.input.status.origin, replay: cluster.input.status.replay },
          fields: cluster.fields,
          risk: cluster.risk,
          count: cluster.count,
          firstSeen: new Date(cluster.firstSeen).toISOString(),
          lastSeen: new Date(cluster.lastSeen).toISOString(),
          examples: [...cluster.examples],
        }),
      );
    return { items, overflow: this.#overflow };
  }
}
