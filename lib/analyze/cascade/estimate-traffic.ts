import type { DependencyGraph } from "./dependency-graph";
import type { RcaInput } from "./rca-input";
import { median } from "./robust-stats";

export type TrafficWeights = { basis: "traffic" | "metric" | "degree"; weights: Map<string, number> };

/** Metric names that read as a request rate or count. Used only to weigh the blast radius,
 * never to rank causes. Per-pod series of one service are summed. */
const requestLike = /(^|[^a-z])(requests?|reqs?|rps|qps|throughput|calls?|hits?)([^a-z]|$)/i;

/**
 * Traffic per service, in this order of preference: the input's `traffic` map (services it
 * omits weigh 0); a request-rate-like metric's pre-incident median, when at least half the
 * services have one; otherwise 1 + the number of callers, a degree proxy for how much of the
 * request flow a service sits on.
 */
export function estimateTraffic(input: RcaInput, graph: DependencyGraph): TrafficWeights {
  if (input.traffic) {
    return { basis: "traffic", weights: new Map(graph.services.map((s) => [s, input.traffic?.[s] ?? 0])) };
  }
  const fromMetrics = new Map<string, number>();
  for (const series of input.series) {
    if (!requestLike.test(series.metric)) continue;
    const before = series.points.filter(([t]) => t < input.incidentStart).map(([, v]) => v);
    if (before.length === 0) continue;
    const level = Math.max(0, median(before));
    fromMetrics.set(series.service, (fromMetrics.get(series.service) ?? 0) + level);
  }
  const total = [...fromMetrics.values()].reduce((s, v) => s + v, 0);
  if (fromMetrics.size * 2 >= graph.services.length && total > 0) {
    return { basis: "metric", weights: new Map(graph.services.map((s) => [s, fromMetrics.get(s) ?? 0])) };
  }
  const weights = new Map(graph.services.map((s) => [s, 1]));
  for (const e of graph.edges) weights.set(e.callee, (weights.get(e.callee) ?? 1) + 1);
  return { basis: "degree", weights };
}
