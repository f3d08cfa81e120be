import { describe, expect, it } from "vitest";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { healsByKind } from "@/lib/sim/fault-catalog";
import { faultKinds } from "@/lib/sim/fleet-types";
import { makeDiagnosis } from "./make-diagnosis";
import { nextRemediationStep } from "./next-remediation-step";

// The Planner's first proposal for each fault the simulated fleet injects must be one the
// fleet's ground truth says heals it (lib/sim/fault-catalog.ts healsByKind). Critical, on a
// Sunday night: nothing waits for a window.

const parsed = validatePolicy(defaultPolicyYaml);
if (!parsed.ok) throw new Error("default policy invalid");
const policy = parsed.policy;
const sundayNight = Date.parse("2026-11-29T02:00:00Z");

describe("first proposals heal the fleet's faults", () => {
  it.each(faultKinds)("%s", (kind) => {
    const d = makeDiagnosis({
      service: "orders",
      failureClass: kind,
      severity: "critical",
      node: "node-1",
      zone: "zone-a",
    });
    const step = nextRemediationStep({ attempts: [], actions: [] }, d, policy, sundayNight);
    if (step.kind !== "propose") throw new Error(`no proposal: ${step.kind}`);
    const healing = step.plan.actions.filter((a) => healsByKind[kind].includes(a.kind));
    expect(healing, `${step.plan.strategy} does not heal ${kind}`).not.toEqual([]);
  });
});
