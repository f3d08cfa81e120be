import { z } from "zod";
import { estimateSuccess, priorFromMean, uniformPrior } from "@/lib/plan/success-estimate";
import { findStrategy } from "@/lib/plan/strategy-catalog";
import { failureClassSchema, strategyIdSchema, type FailureClass, type KnowledgeStats, type StrategyId, type SuccessEstimate } from "@/lib/plan/types";

// What Knowledge has learnt about each remediation strategy on each failure class: how its
// plans ended. The Planner reads it as success counts (a rollback is a failure; a veto is no
// outcome: the strategy never ran), approvers see it as a posterior with an interval.

export const outcomeKinds = ["succeeded", "failed", "rolled-back", "vetoed"] as const;

export const strategyOutcomesSchema = z.object({
  succeeded: z.number().int().min(0),
  failed: z.number().int().min(0),
  rolledBack: z.number().int().min(0),
  vetoed: z.number().int().min(0),
});
export type StrategyOutcomes = z.infer<typeof strategyOutcomesSchema>;

/** Per strategy, per failure class. */
export const outcomeStatsSchema = z.record(z.string(), z.record(z.string(), strategyOutcomesSchema));
export type OutcomeStats = Partial<Record<StrategyId, Partial<Record<FailureClass, StrategyOutcomes>>>>;

export const outcomeSchema = z.object({
  strategy: strategyIdSchema,
  failureClass: failureClassSchema,
  outcome: z.enum(outcomeKinds),
});
export type Outcome = z.infer<typeof outcomeSchema>;

export const emptyOutcomes: StrategyOutcomes = { succeeded: 0, failed: 0, rolledBack: 0, vetoed: 0 };

const field = { succeeded: "succeeded", failed: "failed", "rolled-back": "rolledBack", vetoed: "vetoed" } as const;

/** The stats with one more outcome. Pure: `stats` is not modified. */
export function recordOutcome(stats: OutcomeStats, outcome: Outcome): OutcomeStats {
  const byClass = stats[outcome.strategy] ?? {};
  const current = byClass[outcome.failureClass] ?? emptyOutcomes;
  const key = field[outcome.outcome];
  return { ...stats, [outcome.strategy]: { ...byClass, [outcome.failureClass]: { ...current, [key]: current[key] + 1 } } };
}

/** The Planner's view: successes, and failures counting rollbacks; vetoes left out. */
export function toKnowledgeStats(stats: OutcomeStats): KnowledgeStats {
  const out: KnowledgeStats = {};
  for (const [strategy, byClass] of Object.entries(stats) as [StrategyId, Partial<Record<FailureClass, StrategyOutcomes>>][]) {
    const classes: Partial<Record<FailureClass, { successes: number; failures: number }>> = {};
    for (const [fc, o] of Object.entries(byClass) as [FailureClass, StrategyOutcomes][]) classes[fc] = { successes: o.succeeded, failures: o.failed + o.rolledBack };
    out[strategy] = classes;
  }
  return out;
}

/** The posterior success probability (mean, 90% interval) approvers see, with the catalog's
 * prior for the pair when the strategy handles the class, else a uniform one. */
export function successPosterior(stats: OutcomeStats, strategy: StrategyId, failureClass: FailureClass): SuccessEstimate {
  const o = stats[strategy]?.[failureClass] ?? emptyOutcomes;
  const priorMean = findStrategy(strategy).handles[failureClass];
  return estimateSuccess({ successes: o.succeeded, failures: o.failed + o.rolledBack }, priorMean === undefined ? uniformPrior : priorFromMean(priorMean));
}
