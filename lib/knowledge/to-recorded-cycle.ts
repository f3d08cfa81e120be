import { z } from "zod";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import type { PlanDecision } from "@/lib/loop/loop-state";
import { diagnosisSchema } from "@/lib/plan/types";
import type { RecordedCycle } from "@/lib/policy/recorded-cycle";

/** How an executed plan ended, as the host stores it. */
export const planOutcomeSchema = z.object({
  planId: z.string(),
  startedAt: z.number(),
  finishedAt: z.number(),
  outcome: z.enum(["succeeded", "failed", "rolled-back"]),
});
export type PlanOutcome = z.infer<typeof planOutcomeSchema>;

/**
 * A stored cycle as lib/policy's backtest reads it: its diagnoses and the plans it proposed,
 * each with the gate's decision and the execution's outcome when there were any. The cycle's
 * incident is the one its first diagnosis (or plan) belongs to.
 */
export function toRecordedCycle(cycle: CycleRecord, decisions: readonly PlanDecision[], outcomes: readonly PlanOutcome[]): RecordedCycle {
  const incidentId = cycle.diagnoses[0]?.incidentId ?? cycle.plans[0]?.incidentId ?? null;
  return {
    at: cycle.at,
    incidentId,
    diagnoses: cycle.diagnoses.map((d) => diagnosisSchema.parse(d)),
    plans: cycle.plans.map((p) => {
      const decision = decisions.find((d) => d.planId === p.planId);
      const outcome = outcomes.find((o) => o.planId === p.planId);
      return {
        id: p.planId,
        proposal: p.proposal,
        proposedAt: cycle.at,
        decision: decision ? { kind: decision.kind, at: decision.at } : null,
        execution: outcome ? { startedAt: outcome.startedAt, finishedAt: outcome.finishedAt, outcome: outcome.outcome } : null,
      };
    }),
  };
}
