import type { Decision, Execution, Plan } from "@/lib/server/generated/prisma/client";
import type { DecisionRow, PlanGateRow } from "@/lib/execute/gate-rows";
import { planContentSchema } from "@/lib/execute/plan-hash";
import type { PlanDto } from "@/lib/validations/plan";

export function toGateRow(plan: Plan): PlanGateRow {
  return {
    contentHash: plan.contentHash,
    version: plan.version,
    requestedBy: plan.requestedBy,
    approversRequired: plan.approversRequired,
    autoRuleId: plan.autoRuleId,
    policyVersion: plan.policyVersion,
    createdAt: plan.createdAt.getTime(),
    expiresAt: plan.expiresAt.getTime(),
    status: plan.status,
  };
}

export function toDecisionRow(d: Decision): DecisionRow {
  return { kind: d.kind, decider: d.decider, roleAtDecision: d.roleAtDecision, planHash: d.planHash, planVersion: d.planVersion, comment: d.comment, at: d.at.getTime() };
}

/** What the approval queue shows. The content is re-parsed, never passed through raw. */
export function toPlanDto(plan: Plan & { decisions: Decision[]; executions?: Execution[] }, names: Map<string, string>): PlanDto {
  const content = planContentSchema.parse(plan.content);
  const who = (decider: string) => (decider.startsWith("user:") ? `user:${names.get(decider.slice(5)) ?? decider.slice(5)}` : decider);
  return {
    id: plan.id,
    number: plan.number,
    version: plan.version,
    contentHash: plan.contentHash,
    status: plan.status,
    service: plan.service,
    requestedBy: plan.requestedBy === "loop" ? "loop" : who(`user:${plan.requestedBy}`),
    approversRequired: plan.approversRequired,
    autoRuleId: plan.autoRuleId,
    policyVersion: plan.policyVersion,
    incidentId: plan.incidentId,
    createdAt: plan.createdAt.toISOString(),
    expiresAt: plan.expiresAt.toISOString(),
    proposal: content.proposal,
    basis: content.basis,
    decisions: plan.decisions
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((d) => ({ kind: d.kind, decider: who(d.decider), comment: d.comment, at: d.at.toISOString() })),
    execution: executionOf(plan.executions?.[0]),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

function executionOf(e: Execution | undefined): PlanDto["execution"] {
  return e ? { status: e.status, startedAt: e.startedAt.toISOString(), finishedAt: e.finishedAt?.toISOString() ?? null } : null;
}
