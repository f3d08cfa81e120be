import { buildProposal } from "./build-candidates";
import { findStrategy } from "./strategy-catalog";
import type { Diagnosis, KnowledgeStats, PlanProposal } from "./types";

/**
 * An autoscaling recommendation as a plan like any other (policy, approval, ranking apply).
 * `diagnosis` describes the service now (its failure class is usually "load-surge" for a
 * scale-out); `desiredReplicas` comes from the HPA rule or the PID controller. Null when no
 * change is needed.
 */
export function autoscalePlan(
  diagnosis: Diagnosis,
  desiredReplicas: number,
  stats: KnowledgeStats,
  why: string,
): PlanProposal | null {
  const current = diagnosis.metrics.replicas;
  if (desiredReplicas === current) return null;
  const out = desiredReplicas > current;
  const strategy = findStrategy(out ? "scale-out" : "scale-in");
  const delta = Math.abs(desiredReplicas - current);
  // Scale-in handles no failure; an autoscaling recommendation is its own justification.
  const base = buildProposal(
    { ...strategy, handles: { [diagnosis.failureClass]: out ? 0.85 : 0.9 } },
    diagnosis,
    stats,
  );
  if (base === null) return null;
  return {
    ...base,
    actions: [
      {
        kind: out ? "scale-out" : "scale-in",
        target: { service: diagnosis.service, replicas: delta },
        params: { from: current, to: desiredReplicas },
      },
    ],
    blastRadius: out
      ? { services: [], trafficShare: 0 }
      : {
          ...base.blastRadius,
          trafficShare: Math.min(1, diagnosis.blastRadius.trafficShare * (delta / Math.max(1, current))),
        },
    cost: out ? delta : 0,
    rationale: [
      `${out ? "Scale out" : "Scale in"} ${diagnosis.service} from ${current} to ${desiredReplicas} replicas: ${why}`,
      ...base.rationale.slice(1),
    ],
  };
}
