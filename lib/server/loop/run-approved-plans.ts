import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { canExecute } from "@/lib/execute/can-execute";
import type { Executor } from "@/lib/execute/executor-port";
import { idempotencyKeyFor } from "@/lib/execute/executor-port";
import { gateFromRows } from "@/lib/execute/gate-rows";
import { planContentSchema } from "@/lib/execute/plan-hash";
import type { Role } from "@/lib/auth/permissions";
import type { ActionRecord } from "@/lib/plan/types";
import type { Policy } from "@/lib/policy/policy-schema";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { env } from "@/lib/server/env";
import { toDecisionRow, toGateRow } from "@/lib/server/plans/plan-rows";

export type ExecutedPlan = { planId: string; outcome: "succeeded" | "failed"; at: number };

const leaseMs = 5 * 60_000;

/**
 * Runs every approved plan that may run now. The claim is an Execution row whose plan id is
 * unique, written in the transaction that re-checks the gate (roles now, quorum, expiry, the
 * kill switch, holds, budgets) with the plan row locked: a plan is claimed once, and only with
 * a valid approval. Each action carries the idempotency key (plan, step) to the executor.
 */
export async function runApprovedPlans(prisma: PrismaClient, executor: Executor, policy: Policy, history: readonly ActionRecord[], now: Date, claimedBy: string): Promise<ExecutedPlan[]> {
  const settings = { approvalTtlMs: env().HOMEOSTAT_APPROVAL_TTL_SECONDS * 1000 };
  const candidates = await prisma.plan.findMany({ where: { status: "approved", executions: { none: {} } }, select: { id: true }, orderBy: { createdAt: "asc" }, take: 20 });
  const done: ExecutedPlan[] = [];
  for (const { id } of candidates) {
    const claim = await prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM plans WHERE id = ${id}::uuid AND status = 'approved' FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0 || (await tx.execution.count({ where: { planId: id } })) > 0) return null;
      const plan = await tx.plan.findUniqueOrThrow({ where: { id }, include: { decisions: true } });
      const content = planContentSchema.parse(plan.content);
      const gate = gateFromRows(toGateRow(plan), plan.decisions.map(toDecisionRow));
      const userIds = plan.decisions.filter((d) => d.decider.startsWith("user:")).map((d) => d.decider.slice(5));
      const users = await tx.user.findMany({ where: { id: { in: userIds } } });
      const approverRoles: Record<string, Role | null> = Object.fromEntries(userIds.map((u) => [u, null]));
      for (const u of users) approverRoles[u.id] = u.disabled ? null : u.role;
      const pauses = await tx.automationPause.findMany();
      const verdict = canExecute(gate, content, now.getTime(), { ...settings, approverRoles, pauses, policy, history });
      if (!verdict.ok) {
        if (!verdict.retryable) {
          await tx.plan.update({ where: { id }, data: { status: "failed" } });
          await appendAudit(tx, { actor: "executor", action: "plan.refused", target: `plan:${plan.number}`, data: { reason: verdict.reason } }, now);
        }
        return null;
      }
      const fencingToken = BigInt(await tx.execution.count()) + 1n;
      await tx.execution.create({ data: { planId: id, status: "running", executor: executor.name, fencingToken, leaseUntil: new Date(now.getTime() + leaseMs), claimedBy, startedAt: now } });
      await tx.plan.update({ where: { id }, data: { status: "executing" } });
      await appendAudit(tx, { actor: "executor", action: "plan.claim", target: `plan:${plan.number}`, data: { fencingToken: fencingToken.toString(), noop: verdict.noop } }, now);
      return { plan, content, fencingToken };
    });
    if (!claim) continue;
    const steps: { step: number; status: string; detail: string }[] = [];
    let failed = false;
    for (const [step, action] of claim.content.proposal.actions.entries()) {
      const result = await executor.execute(action, {
        planId: id,
        step,
        phase: "execute",
        idempotencyKey: idempotencyKeyFor(id, step, "execute"),
        fencingToken: Number(claim.fencingToken),
        claimedAt: now.getTime(),
        deadline: now.getTime() + leaseMs,
      });
      steps.push({ step, status: result.status, detail: result.detail });
      if (result.status !== "applied" && result.status !== "duplicate") {
        failed = true;
        break;
      }
    }
    const finished = now;
    await prisma.$transaction(async (tx) => {
      await tx.execution.update({ where: { planId: id }, data: { status: failed ? "failed" : "succeeded", steps, finishedAt: finished } });
      await tx.plan.update({ where: { id }, data: { status: failed ? "failed" : "verifying" } });
      await appendAudit(tx, { actor: "executor", action: failed ? "plan.execution-failed" : "plan.executed", target: `plan:${claim.plan.number}`, data: { steps } }, finished);
    });
    done.push({ planId: id, outcome: failed ? "failed" : "succeeded", at: finished.getTime() });
  }
  return done;
}
