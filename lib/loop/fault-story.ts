import type { Fault } from "@/lib/sim/fleet-types";
import { cycleRecordSchema } from "./cycle-record";
import type { FleetRun } from "./run-loop-on-fleet";
import { scoreFleetRun, type RunScore } from "./score-fleet-run";

/** What a test checks of one run: the score, and whether the stored cycles alone tell the
 * story (flag → analysis naming the root and class → plan → healed verification). */
export type FaultStory = RunScore & {
  recordsValid: boolean;
  analysisNamesRoot: boolean;
  planRecorded: boolean;
  healedRecorded: boolean;
  largestCycleBytes: number;
};

const rootOf = (fault: Fault, incident: { rootCause: string | null; zone?: string; node?: string }): boolean =>
  fault.kind === "node-loss" ? incident.node === fault.node : fault.kind === "zone-loss" ? incident.zone === fault.zone : incident.rootCause === fault.service;

export function faultStory(run: FleetRun): FaultStory {
  const score = scoreFleetRun(run);
  const fault = run.fault!;
  const cycles = run.cycles.filter((c) => c.at >= run.onset);
  const expectedRoot = fault.kind === "node-loss" || fault.kind === "zone-loss" ? undefined : fault.service;
  return {
    ...score,
    recordsValid: run.cycles.every((c) => cycleRecordSchema.safeParse(JSON.parse(JSON.stringify(c))).success),
    analysisNamesRoot: cycles.some((c) => c.analyses.some((a) => a.classification.failureClass === fault.kind && (expectedRoot === undefined || a.classification.service === expectedRoot))),
    planRecorded: cycles.some((c) => c.plans.length > 0 && c.incidents.some((i) => rootOf(fault, i))),
    healedRecorded: cycles.some((c) => c.verifications.some((v) => v.verdict === "healed")),
    largestCycleBytes: Math.max(...run.cycles.map((c) => JSON.stringify(c).length)),
  };
}
