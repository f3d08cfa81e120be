import type { Plan, PrismaClient } from "@/lib/server/generated/prisma/client";
import { decide, openGate } from "@/lib/execute/gate";
import { decisionRowFor } from "@/lib/execute/gate-rows";
import { planContentHash, type PlanContent } from "@/lib/execute/plan-hash";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { env } from "@/lib/server/env";
import { publish } from "@/lib/server/events/event-bus";
import { notifyAwaitingApproval } from "@/lib/server/notify/notify-awaiting-approval";

/** `requesterName`: the proposing user's name, for the audit trail and the notification (the
 * plan itself keeps the user's id, which the four-eyes rule compares). */
export type ProposeOptions = { incidentId?: string | null; cycleId?: bigint | null; requesterName?: string; now: Date };

/** Stores an immutable plan with its content hash. A plan the policy lets run without a
 * human is auto-approved in the same transaction, through the gate and recorded as the rule
 * that allowed it; every other plan waits in the approval queue. */
export async function proposePlan(prisma: PrismaClient, content: PlanContent, opts: ProposeOptions): Promise<Plan> {
  const settings = { approvalTtlMs: env().HOMEOSTAT_APPROVAL_TTL_SECONDS * 1000 };
  const now = opts.now.getTime();
  const gate = openGate(content, now, settings);
  const { proposal } = content;
  const auto = proposal.approval.auto && proposal.policy ? proposal.policy : null;
  const stored = await prisma.$transaction(async (tx) => {
    let plan = await tx.plan.create({
      data: {
        version: content.version,
        contentHash: planContentHash(content),
        content,
        service: proposal.service,
        requestedBy: content.requestedBy,
        approversRequired: gate.requiredApprovers,
        autoRuleId: auto?.ruleId ?? null,
        policyVersion: proposal.policy?.policyVersion ?? null,
        incidentId: opts.incidentId ?? null,
        cycleId: opts.cycleId ?? null,
        createdAt: opts.now,
        expiresAt: new Date(gate.expiresAt),
      },
    });
    const actor = content.requestedBy === "loop" ? "loop" : `user:${opts.requesterName ?? content.requestedBy}`;
    await appendAudit(tx, { actor, action: "plan.propose", target: `plan:${plan.number}`, data: { service: plan.service, strategy: proposal.strategy, hash: plan.contentHash } }, opts.now);
    if (auto) {
      const event = { type: "auto-approve" as const, ruleId: auto.ruleId, ruleVersion: auto.policyVersion, planHash: plan.contentHash, planVersion: plan.version };
      const result = decide(gate, event, now, settings);
      if (result.outcome.kind === "accepted") {
        const row = decisionRowFor(result.state, result.outcome.effect)!;
        await tx.decision.create({ data: { ...row, planId: plan.id, at: new Date(row.at) } });
        plan = await tx.plan.update({ where: { id: plan.id }, data: { status: "approved" } });
        await appendAudit(tx, { actor: row.decider, action: "plan.auto-approved", target: `plan:${plan.number}`, data: { rule: auto.ruleId, policyVersion: auto.policyVersion } }, opts.now);
      }
    }
    return plan;
  });
  publish({ type: "changed", topics: ["plans"] });
  if (stored.status === "proposed") await notifyAwaitingApproval(stored, content, { requesterName: opts.requesterName });
  return stored;
}
