import type { PlanContent } from "@/lib/execute/plan-hash";

/** A small valid plan: restart one replica of `service`, as the loop or a person proposes it. */
export function planContent(overrides: { requestedBy?: string; service?: string; auto?: boolean; approvers?: 1 | 2 } = {}): PlanContent {
  const service = overrides.service ?? "cart";
  return {
    version: 1,
    requestedBy: overrides.requestedBy ?? "loop",
    basis: { cycleId: "1", diagnosisId: "d-1", observedAt: 1_800_000_000_000, observed: { service, memory: 0.93 } },
    proposal: {
      strategy: "restart-replica",
      level: "light",
      service,
      failureClass: "memory-leak",
      actions: [{ kind: "restart", target: { service, replicas: 1 }, params: {} }],
      estimatedSuccess: { mean: 0.8, low: 0.6, high: 0.92, observations: 4 },
      blastRadius: { services: [service], trafficShare: 0.12 },
      timeToRecoverSeconds: 60,
      cost: 0.1,
      score: 0.7,
      rationale: ["memory of one replica near its limit"],
      policy: { ruleId: "restart-one-replica", policyVersion: 1 },
      approval: { auto: overrides.auto ?? false, approvers: overrides.approvers ?? 1, reason: "test" },
    },
  };
}
