import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { toRecordedCycle, type PlanOutcome } from "@/lib/knowledge/to-recorded-cycle";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import type { PlanDecision } from "@/lib/loop/loop-state";
import { backtestPolicy } from "@/lib/policy/backtest-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import type { BacktestResult } from "@/lib/validations/policy";
import { InvalidPolicyError } from "./policy-versions";

/** Cycles read per backtest: a week of ten-second cycles. */
export const maxBacktestCycles = 60_480;

function outcomeOf(status: string): PlanOutcome["outcome"] | null {
  if (status === "healed") return "succeeded";
  if (status === "rolled_back") return "rolled-back";
  if (status === "failed") return "failed";
  return null;
}

/**
 * Replays the stored cycles of [from, to) through a draft policy and compares with what
 * really happened: the gate's decisions and the executions' outcomes, joined to each cycle's
 * plans through the cycle that proposed them (the loop's plan id is kept in the plan's basis).
 */
export async function backtestStored(prisma: PrismaClient, draftYaml: string, from: Date, to: Date, maxCycles = maxBacktestCycles): Promise<BacktestResult> {
  const draft = validatePolicy(draftYaml);
  if (!draft.ok) throw new InvalidPolicyError(draft.errors);
  const cycles = await prisma.cycle.findMany({ where: { tickAt: { gte: from, lt: to } }, orderBy: { tickAt: "asc" }, take: maxCycles });
  const plans = await prisma.plan.findMany({
    where: { cycleId: { in: cycles.map((c) => c.id) } },
    include: { decisions: true, executions: true },
  });
  const decisions: PlanDecision[] = [];
  const outcomes: PlanOutcome[] = [];
  const loopIdOf = (p: (typeof plans)[number]) => `${p.cycleId}:${(p.content as { basis: { diagnosisId: string | null } }).basis.diagnosisId}`;
  for (const p of plans) {
    const planId = loopIdOf(p);
    const human = p.decisions.find((d) => d.kind !== "approve") ?? p.decisions[p.decisions.length - 1];
    const kind = p.status === "expired" ? "expired" : human?.kind === "veto" ? "vetoed" : human?.kind === "auto_approve" ? "auto-approved" : human ? "approved" : null;
    if (kind) decisions.push({ planId, kind, at: (human?.at ?? p.expiresAt).getTime() });
    const execution = p.executions[0];
    const outcome = outcomeOf(p.status);
    if (execution && outcome) outcomes.push({ planId, startedAt: execution.startedAt.getTime(), finishedAt: (execution.finishedAt ?? execution.startedAt).getTime(), outcome });
  }
  const recorded = cycles.map((c) => {
    const record = c.record as CycleRecord;
    // Plan ids restart with the loop; qualified by their cycle they are unique.
    const qualified = { ...record, plans: record.plans.map((p) => ({ ...p, planId: `${c.id}:${p.planId}` })) };
    return toRecordedCycle(qualified, decisions, outcomes);
  });
  // A full read may have stopped short of `to`: say where, rather than pass a part for the whole.
  const last = cycles.length === maxCycles ? cycles[cycles.length - 1] : undefined;
  const period = { from: from.toISOString(), to: to.toISOString(), replayedUntil: last ? new Date(last.tickAt.getTime() + 1).toISOString() : null };
  return { ...backtestPolicy(draft.policy, recorded), period };
}
