import { formatPath } from '../compare/ignore-paths.js';
import { ExactNumber } from '../compare/exact-number.js';

/** Nodes visited at most by {@link collapsedPathsOf}: a bound on the cost of one body. */
export const MAX_WALKED_NODES = 2000;

/**
 * The collapsed path (`items[*].price`, as `collapsedPath` writes it) of every node below the
 * root of a parsed JSON value, each once, in walk order; the walk stops after MAX_WALKED_NODES
 * nodes. Iterative, so any depth is fine.
 */
export function collapsedPathsOf(value: unknown): string[] {
  const paths = new Set<string>();
  const stack: Array<readonly [node: unknown, path: string]> = [[value, '']];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_WALKED_NODES) {
    const [node, path] = stack.pop()!;
    visited += 1;
    if (path !== '') paths.add(path);
    if (typeof node !== 'object' || node === null || node instanceof ExactNumber) continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push([item, `${path}[*]`]);
      continue;
    }
    for (const key of Object.keys(node)) {
      const written = formatPath([key]);
      stack.push([(node as Record<string, unknown>)[key], path === '' || written.startsWith('[') ? `${path}${written}` : `${path}.${written}`]);
    }
  }
  return [...paths];
}
