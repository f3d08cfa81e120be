import { z } from "zod";
import { planProposalSchema } from "@/lib/plan/types";
import type { LoopConfig } from "./loop-config";
import type { LoopState } from "./loop-state";

/** A plan the loop did not propose (a person proposed it by hand) that the gate approved and
 * the host executed: the loop verifies it like one of its own. */
export const adoptedPlanSchema = z.object({
  planId: z.string(),
  proposal: planProposalSchema.pick({ strategy: true, level: true, service: true, failureClass: true, actions: true }),
  proposedAt: z.number(),
  /** When its actions finished (ms): verification measures from here. */
  executedAt: z.number(),
});
export type AdoptedPlan = z.infer<typeof adoptedPlanSchema>;

/**
 * Takes executed plans the loop did not propose into its state, to be verified (mutates
 * `state`). A plan on a service of an open incident joins that incident as one more attempt,
 * verified against the incident's baseline, so the loop's next step knows a person already
 * tried it. A plan with no incident is verified against its service's own last `baselineMs`
 * before the action: it must leave the service no worse than it was. Plans whose baseline lies
 * before the loop's first tick are left out: without the data a verdict would be a guess, and
 * "unconfirmed" would roll back a healthy action. Returns the ids it took.
 */
export function adoptPlans(state: LoopState, adopted: readonly AdoptedPlan[], config: LoopConfig): string[] {
  const taken: string[] = [];
  for (const a of adopted) {
    if (state.plans[a.planId]) continue;
    const { strategy, level, service, failureClass, actions } = a.proposal;
    const incident = state.incidents.find((i) => i.status === "open" && (i.services.includes(service) || i.rootCause === service));
    const baseline = incident?.baseline ?? { from: a.executedAt - config.baselineGapMs - config.baselineMs, to: a.executedAt - config.baselineGapMs };
    if (state.startedAt === null || baseline.from < state.startedAt) continue;
    state.plans[a.planId] = {
      id: a.planId, incidentId: incident?.id ?? "", service, strategy, level, failureClass, actions, ruleId: null,
      proposedAt: a.proposedAt, status: "verifying", executedAt: a.executedAt, finishedAt: null,
      ...(incident ? {} : { baseline }),
    };
    if (incident) {
      incident.planIds.push(a.planId);
      (incident.attempts[service] ??= []).push({ strategy, level, proposedAt: a.proposedAt, outcome: "pending" });
    }
    taken.push(a.planId);
  }
  return taken;
}
