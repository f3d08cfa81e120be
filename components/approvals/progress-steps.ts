import type { PlanDto } from "@/lib/validations/plan";

export type ProgressStep = {
  label: string;
  /** ISO time the step was reached; null while it has not been. */
  at: string | null;
  /** done: reached and passed; current: where the plan is now; bad: ended badly; pending: not yet. */
  state: "done" | "current" | "pending" | "bad" | "good";
};

const outcomes: Record<string, { label: string; state: ProgressStep["state"] }> = {
  healed: { label: "verified healthy", state: "good" },
  rolled_back: { label: "rolled back", state: "bad" },
  failed: { label: "failed", state: "bad" },
};

/** An approved plan's way through execution, as UI.md's progress strip shows it: approved →
 * executing → verifying → healthy / rolled back, each step with the time it was reached. */
export function progressSteps(plan: PlanDto): ProgressStep[] {
  const approval = plan.decisions.filter((d) => d.kind === "approve" || d.kind === "auto_approve").at(-1);
  const run = plan.execution;
  const outcome = outcomes[plan.status];
  const failedRun = run?.status === "failed" && !outcome;
  const step = (label: string, at: string | null, current: boolean): ProgressStep => ({ label, at, state: current ? "current" : at ? "done" : "pending" });
  return [
    step(plan.autoRuleId && approval?.kind === "auto_approve" ? "auto-approved" : "approved", approval?.at ?? null, plan.status === "approved" && !run),
    step("executing", run?.startedAt ?? null, plan.status === "executing" || (plan.status === "approved" && !!run && !run.finishedAt)),
    step("verifying", run?.finishedAt ?? null, plan.status === "verifying"),
    outcome ? { label: outcome.label, at: plan.updatedAt, state: outcome.state } : failedRun ? { label: "failed", at: run.finishedAt, state: "bad" } : { label: "outcome", at: null, state: "pending" },
  ];
}
