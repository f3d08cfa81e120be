import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { canExecute } from "@/lib/execute/can-execute";
import type { Executor } from "@/lib/execute/executor-port";
import { idempotencyKeyFor } from "@/lib/execute/executor-port";
import { gateFromRows } from "@/lib/execute/gate-rows";
import { planContentSchema, type PlanContent } from "@/lib/execute/plan-hash";
import type { Role } from "@/lib/auth/permissions";
import type { ActionRecord } from "@/lib/plan/types";
import type { Policy } from "@/lib/policy/policy-schema";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { env } from "@/lib/server/env";
import { toDecisionRow, toGateRow } from "@/lib/server/plans/plan-rows";

/** A plan that ran (succeeded or failed), or that was refused for good before running (failed). */
export type ExecutedPlan = { planId: string; outcome: "succeeded" | "failed"; at: number };

/** The boundaries between approval and verification, for observers (the crash test kills
 * the executor at each of them). */
export type ExecutionPhase = "claimed" | "step-sent" | "finishing" | "finished";
export type ExecutionOptions = { observe?: (phase: ExecutionPhase, planId: string) => void; leaseMs?: number };

const defaultLeaseMs = 5 * 60_000;

/**
 * Runs every approved plan that may run now. The claim is an Execution row whose plan id is
 * unique, written in the transaction that re-checks the gate (roles now, quorum, expiry, the
 * kill switch, holds, budgets) with the plan row locked: a plan is claimed once, and only with
 * a valid approval. Each action carries the idempotency key (plan, step) to the executor.
 */
export async function runApprovedPlans(
  prisma: PrismaClient,
  executor: Executor,
  policy: Policy,
  /** Recent actions for budgets; records of a plan carry its database id as `planId`. */
  history: readonly ActionRecord[],
  now: Date,
  claimedBy: string,
  options: ExecutionOptions = {},
): Promise<ExecutedPlan[]> {
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
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
      // The loop records a plan's actions once it hears of the approval; those are this plan's
      // own and must not count against its budget a second time.
      const others = history.filter((a) => a.planId !== id);
      const verdict = canExecute(gate, content, now.getTime(), { ...settings, approverRoles, pauses, policy, history: others });
      if (!verdict.ok) {
        if (!verdict.retryable) {
          await tx.plan.update({ where: { id }, data: { status: "failed" } });
          await appendAudit(tx, { actor: "executor", action: "plan.refused", target: `plan:${plan.number}`, data: { reason: verdict.reason } }, now);
          return "refused" as const;
        }
        return null;
      }
      // A takeover after a crash raises the token (see reconcileExpiredClaims).
      const fencingToken = 1n;
      await tx.execution.create({ data: { planId: id, status: "running", executor: executor.name, fencingToken, leaseUntil: new Date(now.getTime() + leaseMs), claimedBy, startedAt: now } });
      await tx.plan.update({ where: { id }, data: { status: "executing" } });
      await appendAudit(tx, { actor: "executor", action: "plan.claim", target: `plan:${plan.number}`, data: { fencingToken: fencingToken.toString(), noop: verdict.noop } }, now);
      return { plan, content, fencingToken };
    });
    // A plan refused for good ended without running: it is reported as failed, so the loop
    // that proposed it ends its attempt and moves on. Unreported, the loop would wait on it
    // for ever, and its incident would stay open and absorb every later anomaly nearby.
    if (claim === "refused") done.push({ planId: id, outcome: "failed", at: now.getTime() });
    if (!claim || claim === "refused") continue;
    options.observe?.("claimed", id);
    const outcome = await runClaimedPlan(prisma, executor, { id, number: claim.plan.number, content: claim.content, fencingToken: claim.fencingToken, claimedAt: now }, now, options);
    if (outcome) done.push(outcome);
  }
  return done;
}

type ClaimedPlan = { id: string; number: number; content: PlanContent; fencingToken: bigint; claimedAt: Date };

/**
 * Runs a claimed plan's steps and records the end. Every step carries the idempotency key
 * (plan, step), so running a step again after a crash is a no-op at the executor. The end is
 * written only while this claim's fencing token is still the execution's: an executor whose
 * lease ran out and was taken over finds its token stale and writes nothing.
 */
async function runClaimedPlan(prisma: PrismaClient, executor: Executor, claim: ClaimedPlan, now: Date, options: ExecutionOptions): Promise<ExecutedPlan | null> {
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const steps: { step: number; status: string; detail: string }[] = [];
  let failed = false;
  for (const [step, action] of claim.content.proposal.actions.entries()) {
    const result = await executor.execute(action, {
      planId: claim.id,
      step,
      phase: "execute",
      idempotencyKey: idempotencyKeyFor(claim.id, step, "execute"),
      fencingToken: Number(claim.fencingToken),
      claimedAt: claim.claimedAt.getTime(),
      deadline: now.getTime() + leaseMs,
    });
    options.observe?.("step-sent", claim.id);
    steps.push({ step, status: result.status, detail: result.detail });
    if (result.status !== "applied" && result.status !== "duplicate") {
      failed = true;
      break;
    }
  }
  options.observe?.("finishing", claim.id);
  const finished = now;
  const current = await prisma.$transaction(async (tx) => {
    const written = await tx.execution.updateMany({
      where: { planId: claim.id, fencingToken: claim.fencingToken, status: { in: ["claimed", "running"] } },
      data: { status: failed ? "failed" : "succeeded", steps, finishedAt: finished },
    });
    if (written.count === 0) return false;
    await tx.plan.update({ where: { id: claim.id }, data: { status: failed ? "failed" : "verifying" } });
    await appendAudit(tx, { actor: "executor", action: failed ? "plan.execution-failed" : "plan.executed", target: `plan:${claim.number}`, data: { steps, fencingToken: claim.fencingToken.toString() } }, finished);
    return true;
  });
  if (current) options.observe?.("finished", claim.id);
  return current ? { planId: claim.id, outcome: failed ? "failed" : "succeeded", at: finished.getTime() } : null;
}

/**
 * Takes over executions whose executor died: a claim still open after its lease ran out gets
 * a new fencing token (compare-and-set on the old one, so two reconcilers cannot both win)
 * and its steps are run again with the same idempotency keys. Run it before claiming new work.
 */
export async function reconcileExpiredClaims(prisma: PrismaClient, executor: Executor, now: Date, claimedBy: string, options: ExecutionOptions = {}): Promise<ExecutedPlan[]> {
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const stale = await prisma.execution.findMany({ where: { status: { in: ["claimed", "running"] }, leaseUntil: { lt: now } }, include: { plan: true }, take: 20 });
  const done: ExecutedPlan[] = [];
  for (const execution of stale) {
    const next = execution.fencingToken + 1n;
    const taken = await prisma.$transaction(async (tx) => {
      const updated = await tx.execution.updateMany({
        where: { id: execution.id, fencingToken: execution.fencingToken, status: { in: ["claimed", "running"] } },
        data: { fencingToken: next, leaseUntil: new Date(now.getTime() + leaseMs), claimedBy, status: "running" },
      });
      if (updated.count === 0) return false;
      await appendAudit(tx, { actor: "executor", action: "plan.claim-taken-over", target: `plan:${execution.plan.number}`, data: { from: execution.claimedBy, fencingToken: next.toString() } }, now);
      return true;
    });
    if (!taken) continue;
    const content = planContentSchema.parse(execution.plan.content);
    options.observe?.("claimed", execution.planId);
    const outcome = await runClaimedPlan(prisma, executor, { id: execution.planId, number: execution.plan.number, content, fencingToken: next, claimedAt: execution.startedAt }, now, options);
    if (outcome) done.push(outcome);
  }
  return done;
}
