import { describe, expect, it } from "vitest";
import { makeDiagnosis } from "@/lib/plan/make-diagnosis";
import { nextRemediationStep } from "@/lib/plan/next-remediation-step";
import { failureClasses } from "@/lib/plan/types";
import { autopilotPolicyYaml } from "./autopilot-policy";
import { validatePolicy } from "./validate-policy";

describe("autopilot policy", () => {
  it("auto-approves the first proposal for every failure class, even at peak on a weekday", () => {
    const r = validatePolicy(autopilotPolicyYaml);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const tuesdayNoon = Date.parse("2026-11-24T12:00:00Z");
    for (const failureClass of failureClasses) {
      const d = makeDiagnosis({ failureClass, severity: "warning", node: "n1", zone: "z1" });
      const step = nextRemediationStep({ attempts: [], actions: [] }, d, r.policy, tuesdayNoon);
      expect(step.kind === "propose" && step.plan.approval, failureClass).toMatchObject({ auto: true });
    }
  });
});
