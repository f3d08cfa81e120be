import { describe, expect, it } from "vitest";
import type { FaultKind } from "@/lib/sim/fleet-types";
import { faultStory } from "./fault-story";
import { runFault } from "./fleet-run-fixture";

// End to end in virtual time under the autopilot policy: the loop flags the fault, names its
// root and class, proposes a plan the fleet's ground truth says heals it, verifies the
// recovery, and the stored cycle records alone tell that story. Node and zone losses are shown
// on seeds whose load leaves every service below the policy's stress level: when a service
// left with one of two replicas passes it, the policy refuses its (resource-hungry) drain or
// failover, and the lost place never empties (docs/benchmarks-loop.md).
const cases: [FaultKind, number][] = [["node-loss", 3], ["zone-loss", 0], ["pool-exhaustion", 2], ["cache-failure", 0]];

describe.each(cases)("the loop on %s (target %i)", (kind, i) => {
  it("detects, finds the root, heals, verifies, and records it", { timeout: 20_000 }, () => {
    const story = faultStory(runFault(kind, i));
    expect(story.detected).toBe(true);
    expect(story.ttd).toBeLessThanOrEqual(120_000);
    expect(story.rootCorrect).toBe(true);
    expect(story.classCorrect).toBe(true);
    expect(story.planHeals).toBe(true);
    expect(story.ttr).not.toBeNull();
    expect(story.recordsValid).toBe(true);
    expect(story.analysisNamesRoot).toBe(true);
    expect(story.planRecorded).toBe(true);
    expect(story.healedRecorded).toBe(true);
    expect(story.largestCycleBytes).toBeLessThan(40_000);
  });
});
