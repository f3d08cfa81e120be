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

/** Hop counts from `from` following `next` (breadth first); `from` itself is absent. */
export function hopsFrom(from: string, next: Map<string, string[]>): Map<string, number> {
  const dist = new Map<string, number>([[from, 0]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    for (const n of next.get(s) ?? []) {
      if (dist.has(n)) continue;
      dist.set(n, dist.get(s)! + 1);
      queue.push(n);
    }
  }
  dist.delete(from);
  return dist;
}

/** Shortest path from → to along `next`, both ends included; null when unreachable. */
export function pathBetween(from: string, to: string, next: Map<string, string[]>): string[] | null {
  const prev = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    if (s === to) break;
    for (const n of next.get(s) ?? []) {
      if (prev.has(n)) continue;
      prev.set(n, s);
      queue.push(n);
    }
  }
  if (!prev.has(to)) return null;
  const path: string[] = [];
  for (let s: string | null = to; s !== null; s = prev.get(s) ?? null) path.push(s);
  return path.reverse();
}
