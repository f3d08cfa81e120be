import type { KnowledgeStats, PlanAction } from "@/lib/plan/types";
import type { Policy } from "@/lib/policy/policy-schema";
import { applyRemediation } from "@/lib/sim/apply-remediation";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import { injectFault, type FaultSpec } from "@/lib/sim/fault-catalog";
import { fleetPopulationSamples, fleetSamples } from "@/lib/sim/fleet-samples";
import type { Fault, FleetState } from "@/lib/sim/fleet-types";
import { createRng } from "@/lib/sim/random";
import { stepFleet } from "@/lib/sim/step-fleet";
import type { CycleRecord } from "./cycle-record";
import type { Effect } from "./effects";
import { inventoryFromFleet } from "./inventory-from-fleet";
import { defaultLoopConfig, type LoopConfig } from "./loop-config";
import { createLoopState, type LoopState, type PlanDecision, type PlanExecution } from "./loop-state";
import { tick } from "./tick";

// The loop hosted on the simulated fleet in virtual time, with the host's part played here:
// the policy's auto-approvals are taken as the gate's decisions, approved plans are applied to
// the fleet with an idempotency key per action, and a verification that asks for a rollback
// undoes what has an inverse. For tests and the benchmark; the fault's ground truth is only
// returned, never shown to the loop.

export type FleetRunOptions = {
  seed: number;
  fault: FaultSpec | null;
  policy: Policy;
  /** Virtual time before the fault (detectors learn the baseline). */
  warmupMs: number;
  /** Virtual time after the onset. */
  runMs: number;
  /** Fleet step and tick period (ms). */
  stepMs?: number;
  tickMs?: number;
  /** The fault's onset (ms since epoch); the run starts `warmupMs` earlier. */
  onsetAt?: number;
  stats?: KnowledgeStats;
  config?: LoopConfig;
  /** Hand each tick a copy of the state that went through JSON, as a loop resumed from a
   * checkpoint sees it (the test that the state survives being stored). */
  roundTripState?: boolean;
  /** Stop once every incident is resolved and the fault is mitigated. */
  stopWhenResolved?: boolean;
};

export type ExecutedPlan = { planId: string; at: number; actions: PlanAction[]; healed: string[]; rejected: string[] };

export type FleetRun = {
  fault: Fault | null;
  onset: number;
  /** Cycles from the onset on (and those of the warm-up's last minute, for context). */
  cycles: CycleRecord[];
  effects: { at: number; effect: Effect }[];
  executed: ExecutedPlan[];
  fleet: FleetState;
  /** The loop's state at the end of the run. */
  state: LoopState;
};

/** A weekday at 15:00 UTC: near the daily peak, when margins are thinnest. */
export const defaultOnsetAt = Date.UTC(2026, 0, 14, 15, 0, 0);

export function runLoopOnFleet(o: FleetRunOptions): FleetRun {
  const stepMs = o.stepMs ?? 5_000;
  const tickMs = o.tickMs ?? 10_000;
  const onset = o.onsetAt ?? defaultOnsetAt;
  const config = o.config ?? defaultLoopConfig;
  const rng = createRng(o.seed);
  let now = onset - o.warmupMs;
  let fleet = createFleet(defaultTopology, now);
  let state = createLoopState();
  let fault: Fault | null = null;
  let samples: ReturnType<typeof fleetSamples> = [];
  let populations: ReturnType<typeof fleetPopulationSamples> = [];
  let decisions: PlanDecision[] = [];
  let executions: PlanExecution[] = [];
  const cycles: CycleRecord[] = [];
  const effects: FleetRun["effects"] = [];
  const executed: ExecutedPlan[] = [];
  const proposals = new Map<string, PlanAction[]>();
  let sinceTick = 0;
  const end = onset + o.runMs;
  while (now < end) {
    now += stepMs;
    fleet = stepFleet(fleet, stepMs, now, rng);
    if (o.fault && fault === null && now >= onset) ({ state: fleet, fault } = injectFault(fleet, o.fault, now));
    samples.push(...fleetSamples(fleet, now));
    populations.push(...fleetPopulationSamples(fleet, now));
    sinceTick += stepMs;
    if (sinceTick < tickMs) continue;
    sinceTick = 0;
    if (o.roundTripState) state = JSON.parse(JSON.stringify(state)) as LoopState;
    const result = tick(state, { samples, populationSamples: populations, inventory: inventoryFromFleet(fleet, now), decisions, executions, policy: o.policy, stats: o.stats ?? {} }, now, config);
    state = result.state;
    samples = [];
    populations = [];
    decisions = [];
    executions = [];
    if (now >= onset - 60_000) cycles.push(result.cycle);
    for (const effect of result.effects) {
      effects.push({ at: now, effect });
      if (effect.type === "propose-plan") {
        proposals.set(effect.planId, effect.plan.actions);
        if (!effect.approval.auto) continue;
        decisions.push({ planId: effect.planId, kind: "auto-approved", at: now });
        const run: ExecutedPlan = { planId: effect.planId, at: now, actions: effect.plan.actions, healed: [], rejected: [] };
        effect.plan.actions.forEach((action, i) => {
          const applied = applyRemediation(fleet, { ...action, idempotencyKey: `${effect.planId}:${i}` }, now);
          fleet = applied.state;
          run.healed.push(...applied.result.healedFaultIds);
          if (applied.result.status === "rejected") run.rejected.push(applied.result.reason ?? "rejected");
        });
        executed.push(run);
        executions.push({ planId: effect.planId, outcome: run.rejected.length > 0 ? "failed" : "succeeded", at: now });
      }
      if (effect.type === "verify" && effect.rollback) {
        (proposals.get(effect.planId) ?? []).forEach((action, i) => {
          const inverse = inverseOf(action);
          if (inverse) fleet = applyRemediation(fleet, { ...inverse, idempotencyKey: `${effect.planId}:${i}:rollback` }, now).state;
        });
        executions.push({ planId: effect.planId, outcome: "rolled-back", at: now });
      }
    }
    if (o.stopWhenResolved && fault !== null && (fault.mitigatedAtMs !== null || fault.endedAtMs !== null) && state.incidents.every((i) => i.status === "resolved") && state.incidents.length > 0) break;
    if (fault !== null) fault = fleet.faults.find((f) => f.id === fault!.id) ?? fault;
  }
  if (fault !== null) fault = fleet.faults.find((f) => f.id === fault!.id) ?? fault;
  return { fault, onset, cycles, effects, executed, fleet, state };
}

/** The action that undoes `a`, when the fleet has one. */
function inverseOf(a: PlanAction): PlanAction | null {
  switch (a.kind) {
    case "open-circuit-breaker":
      return { ...a, kind: "close-circuit-breaker" };
    case "scale-out":
      return { ...a, kind: "scale-in" };
    case "degrade":
      return { ...a, params: { shed: 0 } };
    default:
      return null;
  }
}
