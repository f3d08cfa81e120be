import { describe, expect, it } from "vitest";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { makeDiagnosis } from "./make-diagnosis";
import { planCycle } from "./plan-cycle";

const parsed = validatePolicy(defaultPolicyYaml);
if (!parsed.ok) throw new Error("default policy invalid");
const policy = parsed.policy;
const now = Date.parse("2026-11-29T02:00:00Z");
const context = { stats: {}, activeRemediations: [] };

describe("planCycle", () => {
  it("remediates the root cause and suppresses its upstream symptoms in the same cycle", () => {
    const db = makeDiagnosis({
      service: "db",
      failureClass: "pool-exhaustion",
      blastRadius: { services: ["api", "web"], trafficShare: 0.5 },
    });
    const api = makeDiagnosis({
      service: "api",
      failureClass: "slow-dependency",
      dependency: "db",
      rootCause: { service: "db", ranking: [{ service: "db", score: 1 }] },
    });
    const steps = planCycle({
      diagnoses: [api, db],
      attemptsByService: {},
      actions: [],
      policy,
      now,
      context,
    });
    expect(steps.map((s) => [s.service, s.step.kind])).toEqual([
      ["db", "propose"],
      ["api", "suppressed"],
    ]);
  });

  it("counts earlier plans of the cycle against the budgets of later ones", () => {
    const tight = validatePolicy(defaultPolicyYaml.replace("maxActions: 20", "maxActions: 2"));
    if (!tight.ok) throw new Error("invalid");
    const diagnoses = ["a", "b", "c"].map((service) => makeDiagnosis({ service }));
    const steps = planCycle({
      diagnoses,
      attemptsByService: {},
      actions: [],
      policy: tight.policy,
      now,
      context,
    });
    expect(steps.map((s) => s.step.kind)).toEqual(["propose", "propose", "wait"]);
    const last = steps[2]?.step;
    expect(last?.kind === "wait" && last.reason).toContain("budget fleet-hourly");
  });
});
