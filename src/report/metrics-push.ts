import { Pushgateway } from 'prom-client';
import type { Registry } from 'prom-client';

/** How long a push may take: a CI step must not hang on an unreachable gateway. */
const PUSH_TIMEOUT_MS = 10_000;

/**
 * Pushes the registry to a Pushgateway under `job`, replacing that group (PUT: a run's
 * final numbers replace the previous run's). Resolves with null, or with a one-line
 * reason when the push failed.
 */
export async function pushMetrics(gateway: URL, job: string, registry: Registry): Promise<string | null> {
  const client = new Pushgateway(gateway.href, { timeout: PUSH_TIMEOUT_MS }, registry);
  try {
    await client.push({ jobName: job });
    return null;
  } catch (error) {
    return (error as Error).message.replace(/\s*\n\s*/g, ' ').trim();
  }
}
