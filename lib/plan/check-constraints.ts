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
  if (strategy.resourceHungry && saturation >= settings.stressSaturation)
    reasons.push(
      `${plan.service} is under stress (saturation ${saturation.toFixed(2)} ≥ ${settings.stressSaturation}) and ${plan.strategy} takes capacity away`,
    );

  for (const budget of settings.budgets) {
    if (!matchAnyGlob(budget.services, plan.service)) continue;
    const used = actionsInBudget(budget, plan.service, history, now);
    if (used + plan.actions.length > budget.maxActions)
      reasons.push(
        `budget ${budget.id}: ${used} of ${budget.maxActions} actions used in ${budget.windowMinutes} min, the plan needs ${plan.actions.length}`,
      );
  }
  return reasons;
}
