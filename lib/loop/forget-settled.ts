import type { LoopState, PlanState } from "./loop-state";

export const activePlan = (p: PlanState) => p.status === "proposed" || p.status === "approved" || p.status === "verifying";

/** Drops incidents resolved more than `historyMs` ago, and the settled plans no kept incident
 * refers to, so a loop that runs for months holds only what it can still act on. A plan still
 * waiting, approved or verifying is kept whatever its incident: its outcome has yet to arrive. */
export function forgetSettled(state: LoopState, now: number, historyMs: number): void {
  state.incidents = state.incidents.filter((i) => i.status === "open" || (i.resolvedAt !== null && now - i.resolvedAt < historyMs));
  const referenced = new Set(state.incidents.flatMap((i) => i.planIds));
  for (const [id, plan] of Object.entries(state.plans)) if (!activePlan(plan) && !referenced.has(id)) delete state.plans[id];
}
