import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { inverseAction } from "@/lib/execute/inverse-action";
import { planContentSchema } from "@/lib/execute/plan-hash";
import type { Outcome } from "@/lib/knowledge/outcome-stats";
import type { Effect } from "@/lib/loop/effects";
import type { PlanExecution } from "@/lib/loop/loop-state";
import { appendAudit } from "@/lib/server/audit/append-audit";
import type { SimulatedFleet } from "@/lib/server/monitor/simulated-fleet";
import type { IdMaps } from "./record-effects";

/**
 * Acts on the loop's verification verdicts. Healed: the plan is done and counts as a success.
 * Worse or unconfirmed: its actions are undone once (in reverse order, each with its own
 * idempotency key), the plan is marked rolled back, and automation of the affected services is
 * paused until a person resumes it. Each outcome is added to Knowledge's counts.
 */
export async function applyVerdicts(
  prisma: PrismaClient,
  effects: readonly Effect[],
  ids: IdMaps,
  fleet: SimulatedFleet | null,
  now: Date,
): Promise<{ executions: PlanExecution[] }> {
  const executions: PlanExecution[] = [];
  for (const effect of effects) {
    if (effect.type !== "verify") continue;
    const id = ids.plans.get(effect.planId);
    if (!id) continue;
    const plan = await prisma.plan.findUnique({ where: { id } });
    if (!plan || plan.status !== "verifying") continue;
    const { proposal } = planContentSchema.parse(plan.content);
    if (effect.rollback && fleet) {
      [...proposal.actions].reverse().forEach((action, i) => {
        const undo = inverseAction(action);
        if (undo) fleet.remediate({ ...undo, idempotencyKey: `${id}:${proposal.actions.length - 1 - i}:rollback` }, now.getTime());
      });
      executions.push({ planId: effect.planId, outcome: "rolled-back", at: now.getTime() });
    }
    const status = effect.verdict === "healed" ? "healed" : effect.rollback ? "rolled_back" : "failed";
    const outcome: Outcome["outcome"] = effect.verdict === "healed" ? "succeeded" : effect.rollback ? "rolled-back" : "failed";
    await prisma.$transaction(async (tx) => {
      await tx.plan.update({ where: { id }, data: { status } });
      const column = outcome === "succeeded" ? "succeeded" : outcome === "rolled-back" ? "rolledBack" : "failed";
      await tx.knowledgeStat.upsert({
        where: { strategy_failureClass: { strategy: proposal.strategy, failureClass: proposal.failureClass } },
        create: { strategy: proposal.strategy, failureClass: proposal.failureClass, [column]: 1 },
        update: { [column]: { increment: 1 } },
      });
      await appendAudit(tx, { actor: "loop", action: `plan.${status === "healed" ? "verified-healed" : status}`, target: `plan:${plan.number}`, data: { verdict: effect.verdict, reason: effect.reason } }, now);
      if (effect.rollback) {
        for (const service of effect.services) {
          await tx.automationPause.createMany({ data: [{ service, reason: `plan ${plan.number} was rolled back: ${effect.reason}`, pausedBy: "loop", at: now }], skipDuplicates: true });
        }
        await appendAudit(tx, { actor: "loop", action: "automation.pause", target: effect.services.map((s) => `service:${s}`).join(","), data: { plan: plan.number } }, now);
      }
    });
  }
  return { executions };
}
