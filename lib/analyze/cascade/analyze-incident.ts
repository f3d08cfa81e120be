import { analyzeCascade } from "./analyze-cascade";
import { graphFromEdges, type DependencyGraph } from "./dependency-graph";
import { estimateTraffic } from "./estimate-traffic";
import { inferEdges, samplingStep } from "./infer-edges";
import type { RcaInput } from "./rca-input";
import type { RcaResult } from "./rca-result";
import { rankRootCauses } from "./rank-root-causes";
import { incidentWindow, scoreServices } from "./score-services";

/**
 * Root cause and cascade of one incident. Pure and deterministic: the same input gives the
 * same output. Takes a validated input (parse untrusted JSON with parseRcaInput first); times
 * in and out are Unix seconds. Every service is ranked; when `edges` is empty the graph is
 * inferred from the metrics and its edges carry `inferred: true`.
 */
export function analyzeIncident(input: RcaInput): RcaResult {
  const window = incidentWindow(input);
  const anomalies = scoreServices(input, window);
  const step = samplingStep(input);
  const graph: DependencyGraph =
    input.edges.length > 0
      ? graphFromEdges(input.services, input.edges)
      : { services: [...input.services], edges: inferEdges(input, anomalies, step) };
  const ranking = rankRootCauses(graph, anomalies, step);
  const traffic = estimateTraffic(input, graph);
  const cascade = analyzeCascade(ranking[0]!.service, graph, anomalies, traffic, input.critical ?? []);
  return { ranking, cascade, graph };
}
