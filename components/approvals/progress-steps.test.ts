import { describe, expect, it } from "vitest";
import type { PlanDto } from "@/lib/validations/plan";
import { progressSteps } from "./progress-steps";

const base = {
  status: "approved",
  autoRuleId: null,
  decisions: [{ kind: "approve", decider: "user:ann", comment: null, at: "2026-11-27T12:00:00.000Z" }],
  execution: null,
  updatedAt: "2026-11-27T12:00:00.000Z",
} as unknown as PlanDto;

const states = (plan: PlanDto) => progressSteps(plan).map((s) => `${s.label}:${s.state}`);

describe("progressSteps", () => {
  it("follows an approved plan through execution and verification to its outcome", () => {
    expect(states(base)).toEqual(["approved:current", "executing:pending", "verifying:pending", "outcome:pending"]);
    const running = { ...base, status: "executing", execution: { status: "running", startedAt: "2026-11-27T12:00:05.000Z", finishedAt: null } };
    expect(states(running)).toEqual(["approved:done", "executing:current", "verifying:pending", "outcome:pending"]);
    const verifying = { ...running, status: "verifying", execution: { ...running.execution, status: "succeeded", finishedAt: "2026-11-27T12:00:09.000Z" } };
    expect(states(verifying)).toEqual(["approved:done", "executing:done", "verifying:current", "outcome:pending"]);
    expect(progressSteps(verifying)[2]?.at).toBe("2026-11-27T12:00:09.000Z");
    const healed = { ...verifying, status: "healed", updatedAt: "2026-11-27T12:03:30.000Z" };
    expect(progressSteps(healed).at(-1)).toEqual({ label: "verified healthy", at: "2026-11-27T12:03:30.000Z", state: "good" });
    expect(progressSteps({ ...healed, status: "rolled_back" }).at(-1)).toMatchObject({ label: "rolled back", state: "bad" });
  });

  it("names an auto-approval by its rule and shows a run that failed before verification", () => {
    const auto = { ...base, autoRuleId: "restart-one-replica", decisions: [{ kind: "auto_approve", decider: "rule:restart-one-replica@3", comment: null, at: "2026-11-27T12:00:00.000Z" }] };
    expect(progressSteps(auto)[0]?.label).toBe("auto-approved");
    const failed = { ...base, status: "failed", execution: { status: "failed", startedAt: "2026-11-27T12:00:05.000Z", finishedAt: "2026-11-27T12:00:06.000Z" } };
    expect(progressSteps(failed).at(-1)).toMatchObject({ label: "failed", state: "bad" });
  });
});
