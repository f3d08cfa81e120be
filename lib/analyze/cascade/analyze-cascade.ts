import { adjacencyOf, type DependencyGraph } from "./dependency-graph";
import type { TrafficWeights } from "./estimate-traffic";
import { anomalousAt } from "./rank-root-causes";
import type { Cascade } from "./rca-result";
import type { ServiceAnomaly } from "./score-services";
import { trafficShare } from "./traffic-share";

const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * How the anomaly travelled from `root` and where it may go next.
 *
 * Spread model: each edge from an affected callee to a caller carries the anomaly with one
 * probability p, estimated from this incident with Laplace's rule, p = (k + 1) / (n + 2), over
 * the n caller edges of affected services of which k already lead to an affected caller. An
 * unaffected caller is hit with 1 − Π(1 − p·a(c)) over its affected callees c (a = anomaly
 * belief); the cascade spreads further with 1 − Π(1 − P(s)) over those callers.
 */
export function analyzeCascade(
  root: string,
  graph: DependencyGraph,
  anomalies: Map<string, ServiceAnomaly>,
  traffic: TrafficWeights,
  critical: readonly string[],
): Cascade {
  const { callers } = adjacencyOf(graph);
  const belief = (s: string) => anomalies.get(s)?.anomaly ?? 0;
  const onsetOf = (s: string) => anomalies.get(s)?.onset ?? null;
  const affected = new Set(graph.services.filter((s) => belief(s) >= anomalousAt));

  const hops: Cascade["hops"] = [];
  for (const e of graph.edges) {
    if (!affected.has(e.caller) || !affected.has(e.callee)) continue;
    const oc = onsetOf(e.callee);
    const or = onsetOf(e.caller);
    const upstream = oc === null ? or === null : or === null || oc <= or;
    const lagSeconds = oc !== null && or !== null ? Math.abs(or - oc) : null;
    hops.push(
      upstream
        ? { from: e.callee, to: e.caller, direction: "upstream", lagSeconds }
        : { from: e.caller, to: e.callee, direction: "downstream", lagSeconds },
    );
  }
  const reached = new Set([root]);
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    for (const h of hops) {
      if (h.from !== queue[head] || reached.has(h.to)) continue;
      reached.add(h.to);
      queue.push(h.to);
    }
  }
  const keptHops = hops.filter((h) => reached.has(h.from) && reached.has(h.to));
  const byOnset = (a: string, b: string) => {
    const oa = onsetOf(a);
    const ob = onsetOf(b);
    if (oa === ob) return 0;
    if (oa === null) return 1;
    if (ob === null) return -1;
    return oa - ob;
  };
  const path = [root, ...[...reached].filter((s) => s !== root).sort(byOnset)].map((service) => ({
    service,
    onset: onsetOf(service),
    anomaly: round(belief(service)),
  }));

  let n = 0;
  let k = 0;
  for (const s of reached) {
    for (const c of callers.get(s) ?? []) {
      n++;
      if (affected.has(c)) k++;
    }
  }
  const edgePropagation = (k + 1) / (n + 2);
  const atRiskMap = new Map<string, { miss: number; via: string[] }>();
  for (const s of reached) {
    for (const c of callers.get(s) ?? []) {
      if (affected.has(c)) continue;
      const entry = atRiskMap.get(c) ?? { miss: 1, via: [] };
      entry.miss *= 1 - edgePropagation * belief(s);
      entry.via.push(s);
      atRiskMap.set(c, entry);
    }
  }
  const atRisk = [...atRiskMap]
    .map(([service, { miss, via }]) => ({ service, probability: round(1 - miss), via }))
    .sort((a, b) => b.probability - a.probability);
  const spreadProbability = round(1 - atRisk.reduce((m, r) => m * (1 - r.probability), 1));

  const blast = [...reached];

  const criticalAtRisk: Cascade["criticalAtRisk"] = [];
  for (const c of critical) {
    if (reached.has(c) || affected.has(c))
      criticalAtRisk.push({ service: c, status: "affected", probability: 1 });
    else {
      const risk = atRisk.find((r) => r.service === c);
      if (risk) criticalAtRisk.push({ service: c, status: "at-risk", probability: risk.probability });
    }
  }

  return {
    root,
    path,
    hops: keptHops,
    otherAnomalous: graph.services.filter((s) => affected.has(s) && !reached.has(s)),
    atRisk,
    edgePropagation: round(edgePropagation),
    spreadProbability,
    blastRadius: {
      services: blast,
      trafficShare: trafficShare(blast, traffic.weights),
      trafficBasis: traffic.basis,
    },
    criticalAtRisk,
  };
}
