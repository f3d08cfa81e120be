import { z } from "zod";

export const graphEdgeSchema = z.object({
  caller: z.string(),
  callee: z.string(),
  /** True when the edge was inferred from the metrics rather than given. */
  inferred: z.boolean(),
  /** For inferred edges: how long after the callee's anomaly the caller's followed (seconds). */
  lagSeconds: z.number().optional(),
  /** For inferred edges: Pearson correlation of the two anomaly series at that lag. */
  correlation: z.number().optional(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const dependencyGraphSchema = z.object({
  services: z.array(z.string()),
  edges: z.array(graphEdgeSchema),
});
export type DependencyGraph = z.infer<typeof dependencyGraphSchema>;

/** Given caller → callee pairs, deduplicated, in input order. */
export function graphFromEdges(
  services: readonly string[],
  edges: readonly (readonly [string, string])[],
): DependencyGraph {
  const seen = new Set<string>();
  const out: GraphEdge[] = [];
  for (const [caller, callee] of edges) {
    const key = JSON.stringify([caller, callee]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ caller, callee, inferred: false });
  }
  return { services: [...services], edges: out };
}

export type Adjacency = { callers: Map<string, string[]>; callees: Map<string, string[]> };

export function adjacencyOf(graph: DependencyGraph): Adjacency {
  const callers = new Map<string, string[]>(graph.services.map((s) => [s, []]));
  const callees = new Map<string, string[]>(graph.services.map((s) => [s, []]));
  for (const e of graph.edges) {
    callers.get(e.callee)!.push(e.caller);
    callees.get(e.caller)!.push(e.callee);
  }
  return { callers, callees };
}

/** Breadth-first reach from `from` along `next`: for every other reachable service, its hop
 * count and the service it was reached from (so shortest paths come back in O(length)). */
export type Reach = Map<string, { hops: number; via: string }>;

export function reachFrom(from: string, next: Map<string, string[]>): Reach {
  const reach: Reach = new Map();
  const queue = [from];
  const hops = new Map<string, number>([[from, 0]]);
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    for (const n of next.get(s) ?? []) {
      if (hops.has(n)) continue;
      hops.set(n, hops.get(s)! + 1);
      reach.set(n, { hops: hops.get(n)!, via: s });
      queue.push(n);
    }
  }
  return reach;
}

/** Shortest path from the reach's origin to `to`, both ends included; null when unreached. */
export function pathTo(from: string, to: string, reach: Reach): string[] | null {
  if (to === from) return [from];
  if (!reach.has(to)) return null;
  const path = [to];
  for (let s = reach.get(to); s; s = reach.get(s.via)) path.push(s.via);
  return path.reverse();
}
