import fc from "fast-check";
import type { PlanAction } from "@/lib/plan/types";
import { policySchema, type Policy } from "@/lib/policy/policy-schema";
import type { ExecutionContext } from "./can-execute";
import { decide, openGate } from "./gate";
import type { GateState } from "./gate-types";
import type { PlanContent } from "./plan-hash";
import { planActionArb, planContentArb } from "./test-arbitraries";

// Fixtures shared by the canExecute tests: a policy with an auto-approving rule and a
// wildcard-allowing rule, an execution context, and plans approved by given people.

export const ttl = 15 * 60_000;
export const t0 = 1_800_000_000_000;

export const policy = (extra: Record<string, unknown> = {}): Policy =>
  policySchema.parse({
    version: 3,
    name: "test",
    rules: [
      {
        id: "restart-one",
        allow: ["restart-replica", "scale-out"],
        autoApprove: { strategies: ["restart-replica"], maxActions: 99 },
      },
      { id: "wide", allow: ["emergency-drain"], allowWildcardTargets: true },
    ],
    ...extra,
  });

export const ctx = (over: Partial<ExecutionContext> = {}): ExecutionContext => ({
  approvalTtlMs: ttl,
  approverRoles: { alice: "approver", bob: "admin", carol: "approver" },
  pauses: [],
  policy: policy(),
  history: [],
  ...over,
});

const concreteAction = planActionArb.map((a): PlanAction => ({
  ...a,
  target: { ...a.target, service: a.target.service, replicas: 1 + (a.target.replicas ?? 0) },
}));

/** A loop-proposed plan on concrete targets, allowed by rule restart-one, small blast radius. */
export const contentArb = (actions = fc.array(concreteAction, { minLength: 1, maxLength: 4 })) =>
  planContentArb(actions).map((c): PlanContent => ({
    ...c,
    requestedBy: "loop",
    proposal: {
      ...c.proposal,
      strategy: "scale-out",
      blastRadius: { ...c.proposal.blastRadius, trafficShare: 0.1 },
      policy: { ruleId: "restart-one", policyVersion: 3 },
      approval: { auto: false, approvers: 1, reason: "test" },
    },
  }));

export function approved(content: PlanContent, by: string[] = ["alice"], at = t0): GateState {
  let gate = openGate(content, at, { approvalTtlMs: ttl });
  for (const userId of by)
    gate = decide(
      gate,
      { type: "approve", userId, role: "approver", planHash: gate.planHash, planVersion: gate.planVersion },
      at,
      { approvalTtlMs: ttl },
    ).state;
  return gate;
}
