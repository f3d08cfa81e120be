import { autopilotPolicyYaml } from "@/lib/policy/autopilot-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { deriveSeed } from "@/lib/sim/random";
import type { FaultKind } from "@/lib/sim/fleet-types";
import { faultScenario } from "./fault-scenarios";
import { runLoopOnFleet, type FleetRun } from "./run-loop-on-fleet";

const parsed = validatePolicy(autopilotPolicyYaml);
if (!parsed.ok) throw new Error("autopilot policy invalid");
export const autopilot = parsed.policy;

/** A short virtual-time run for tests: 18 min of warm-up (the detectors learn in 10, the loop opens incidents after a 16.5 min baseline), then the
 * fault of kind `kind` (target `i` of its rotation) for up to `runMin` minutes. */
export function runFault(kind: FaultKind, i: number, runMin = 8): FleetRun {
  return runLoopOnFleet({ seed: deriveSeed(i + 1, kind), fault: faultScenario(kind, i), policy: autopilot, warmupMs: 18 * 60_000, runMs: runMin * 60_000, stopWhenResolved: true });
}
