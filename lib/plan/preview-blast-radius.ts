import { trafficShare } from "@/lib/analyze/cascade/traffic-share";
import type { PlanProposal } from "./types";

export type PreviewWeights = {
  /** request-rate: each service's latest request rate, as the loop weighs the analysis;
   * degree: 1 + its number of callers, when no service reports a rate. */
  basis: "request-rate" | "degree";
  weights: Map<string, number>;
};

/** Traffic weights for the fleet on screen. The loop feeds the analysis each service's latest
 * request rate; when none reports one (no data yet, an external fleet without rates), the
 * weights fall back to estimateTraffic's degree proxy, so the share is still meaningful. */
export function previewWeights(
  services: readonly string[],
  edges: readonly (readonly [string, string])[],
  rates: ReadonlyMap<string, number>,
): PreviewWeights {
  const weights = new Map(services.map((s) => [s, Math.max(0, rates.get(s) ?? 0)]));
  if ([...weights.values()].some((w) => w > 0)) return { basis: "request-rate", weights };
  const degree = new Map(services.map((s) => [s, 1]));
  for (const [, callee] of edges) if (degree.has(callee)) degree.set(callee, degree.get(callee)! + 1);
  return { basis: "degree", weights: degree };
}

export type BlastRadiusPreview = {
  /** The plan's blast radius as planned, plus its targets if the plan left them out. */
  services: string[];
  /** Services its actions act on (exact names; a wildcard target matches none). */
  targets: string[];
  /** Share of traffic passing through `services`, by `weights`. */
  trafficShare: number;
  /** The share the plan carries (what its policy and approvers were shown): the traffic the
   * change is expected to disturb, usually less than what passes through the services. */
  plannedShare: number;
};

/** What a plan's blast radius covers on the graph and how much traffic goes through it. The
 * targets always count as inside: a plan planned to disturb nothing (its strategy's
 * disruption is 0) still touches what it acts on. */
export function previewBlastRadius(proposal: Pick<PlanProposal, "actions" | "blastRadius">, weights: PreviewWeights): BlastRadiusPreview {
  const targets = [...new Set(proposal.actions.map((a) => a.target.service))].filter((s) => weights.weights.has(s));
  const services = [...new Set([...proposal.blastRadius.services, ...targets])];
  return {
    services,
    targets,
    trafficShare: trafficShare(services, weights.weights),
    plannedShare: proposal.blastRadius.trafficShare,
  };
}
