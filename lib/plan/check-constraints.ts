import { z } from "zod";
import { matchAnyGlob } from "./glob";
import { findStrategy } from "./strategy-catalog";
import { isInAnyWindow, weeklyWindowSchema } from "./time-windows";
import {
  remediationLevelSchema,
  severityRank,
  type ActionRecord,
  type Diagnosis,
  type PlanProposal,
} from "./types";

export const budgetSchema = z.object({
  id: z.string().min(1),
  /** "service": counted per remediated service; "global": all matching services together. */
  scope: z.enum(["service", "global"]),
  services: z.array(z.string().min(1)).min(1).default(["*"]),
  windowMinutes: z.number().int().positive(),
  maxActions: z.number().int().min(0),
});
export type Budget = z.infer<typeof budgetSchema>;

export const maintenanceWindowSchema = weeklyWindowSchema.extend({
  id: z.string().min(1),
  services: z.array(z.string().min(1)).min(1).default(["*"]),
});
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

/** The policy's operating constraints, as the Planner needs them. */
export const constraintSettingsSchema = z.object({
  peakHours: z.array(weeklyWindowSchema).default([]),
  maintenanceWindows: z.array(maintenanceWindowSchema).default([]),
  /** Levels that wait for a maintenance window unless the diagnosis is critical. */
  maintenanceOnlyLevels: z.array(remediationLevelSchema).default([]),
  /** Saturation (fraction of capacity) at and above which a service counts as under stress. */
  stressSaturation: z.number().positive().default(0.85),
  budgets: z.array(budgetSchema).default([]),
});
export type ConstraintSettings = z.infer<typeof constraintSettingsSchema>;

/** Actions recorded within the budget's window ending at `now` (start exclusive). */
export function actionsInBudget(
  budget: Budget,
  service: string,
  history: readonly ActionRecord[],
  now: number,
): number {
  const since = now - budget.windowMinutes * 60_000;
  return history.filter(
    (a) =>
      a.at > since &&
      a.at <= now &&
      matchAnyGlob(budget.services, a.service) &&
      (budget.scope === "global" || a.service === service),
  ).length;
}

/** Why the plan may not run now; empty when every constraint holds. A plan is refused whole. */
export function checkConstraints(
  plan: PlanProposal,
  diagnosis: Diagnosis,
  settings: ConstraintSettings,
  history: readonly ActionRecord[],
  now: number,
): string[] {
  const reasons: string[] = [];
  const strategy = findStrategy(plan.strategy);
  const critical = severityRank(diagnosis.severity) >= severityRank("critical");

  if (strategy.disruptive && !critical && isInAnyWindow(settings.peakHours, now))
    reasons.push(`${plan.strategy} is disruptive and it is peak hours`);

  if (settings.maintenanceOnlyLevels.includes(plan.level) && !critical) {
    const open = settings.maintenanceWindows.some(
      (w) => matchAnyGlob(w.services, plan.service) && isInAnyWindow([w], now),
    );
    if (!open) reasons.push(`${plan.level} changes to ${plan.service} wait for a maintenance window`);
  }

  const saturation = diagnosis.metrics.saturation ?? 0;
  if (strategy.resourceHungry && !movesOnlyLostReplicas(plan, diagnosis) && saturation >= settings.stressSaturation)
    reasons.push(
      `${plan.service} is under stress (saturation ${saturation.toFixed(2)} ≥ ${settings.stressSaturation}) and ${plan.strategy} takes capacity away`,
    );

  reasons.push(...budgetViolations(plan, settings.budgets, history, now));
  return reasons;
}

/**
 * A drain of the diagnosed node or a failover of the diagnosed zone whose replicas there are
 * all already down: the service loses no serving capacity while they move, so the stress rule
 * (which guards against taking capacity away) does not apply.
 */
export function movesOnlyLostReplicas(plan: PlanProposal, diagnosis: Diagnosis): boolean {
  const p = diagnosis.placement;
  if (p === undefined || p.replicas === 0 || p.unready < p.replicas || plan.actions.length === 0) return false;
  return plan.actions.every(
    (a) =>
      a.target.service === diagnosis.service &&
      ((a.kind === "drain-node" && diagnosis.node !== undefined && a.target.node === diagnosis.node) ||
        (a.kind === "failover-zone" && diagnosis.zone !== undefined && a.target.zone === diagnosis.zone)),
  );
}

/**
 * Budgets the plan would overrun if all its actions ran now. Actions count against the
 * service they target (a circuit breaker counts against the service it isolates); a plan is
 * refused whole, never truncated. The gate calls this again when execution starts.
 */
export function budgetViolations(
  plan: PlanProposal,
  budgets: readonly Budget[],
  history: readonly ActionRecord[],
  now: number,
): string[] {
  const reasons: string[] = [];
  for (const budget of budgets) {
    const counted = plan.actions.filter((a) => matchAnyGlob(budget.services, a.target.service));
    const groups =
      budget.scope === "global"
        ? [{ service: plan.service, needed: counted.length }]
        : [...new Set(counted.map((a) => a.target.service))].map((service) => ({
            service,
            needed: counted.filter((a) => a.target.service === service).length,
          }));
    for (const { service, needed } of groups) {
      if (needed === 0) continue;
      const used = actionsInBudget(budget, service, history, now);
      if (used + needed > budget.maxActions)
        reasons.push(
          `budget ${budget.id}${budget.scope === "service" ? ` (${service})` : ""}: ${used} of ${budget.maxActions} actions used in ${budget.windowMinutes} min, the plan needs ${needed}`,
        );
    }
  }
  return reasons;
}
