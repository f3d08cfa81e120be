import { applyRemediation, type RemediationAction } from "./apply-remediation";
import { createFleet } from "./create-fleet";
import { defaultTopology } from "./default-topology";
import { injectFault } from "./fault-catalog";
import type { Fault, FleetState, RemediationResult } from "./fleet-types";
import { createRng } from "./random";
import type { Scenario } from "./scenario-schema";
import { stepFleet } from "./step-fleet";
import type { Topology } from "./topology-schema";

export type ServiceRunSummary = {
  service: string;
  peakErrorRate: number;
  peakErrorAtMs: number;
  peakP99Ms: number;
  peakP99AtMs: number;
  peakSaturation: number;
  meanRequestRate: number;
  finalErrorRate: number;
  finalP99Ms: number;
};

export type ScenarioRun = {
  name: string;
  seed: number;
  startMs: number;
  endMs: number;
  steps: number;
  /** Ground truth of every injected fault, as it stands at the end. */
  faults: Fault[];
  actions: { atMs: number; action: RemediationAction; result: RemediationResult }[];
  services: ServiceRunSummary[];
  state: FleetState;
};

/** Runs a scenario in virtual time, as fast as the CPU allows. Events fire at the first step
 * boundary at or after their offset, in file order for equal offsets. A string `topology` in
 * the scenario is a file path: the caller loads it and passes it as `options.topology`.
 * `onStep` sees every state (e.g. to feed a monitor); it must not keep mutating it. */
export function runScenario(scenario: Scenario, options: { topology?: Topology; onStep?: (state: FleetState) => void } = {}): ScenarioRun {
  const topology = options.topology ?? (typeof scenario.topology === "object" ? scenario.topology : undefined) ?? defaultTopology;
  if (typeof scenario.topology === "string" && !options.topology) {
    throw new Error(`scenario "${scenario.name}": load the topology file "${scenario.topology}" and pass it as options.topology`);
  }
  const rng = createRng(scenario.seed);
  const endMs = scenario.start + scenario.duration;
  const events = scenario.events.map((e, index) => ({ e, index })).sort((a, b) => a.e.at - b.e.at || a.index - b.index);
  const actions: ScenarioRun["actions"] = [];
  const acc = topology.services.map((s) => ({
    service: s.name, peakErrorRate: 0, peakErrorAtMs: scenario.start, peakP99Ms: 0, peakP99AtMs: scenario.start,
    peakSaturation: 0, meanRequestRate: 0, finalErrorRate: 0, finalP99Ms: 0,
  }));

  let state = createFleet(topology, scenario.start);
  let next = 0;
  let steps = 0;
  while (state.nowMs < endMs) {
    while (next < events.length && scenario.start + events[next]!.e.at <= state.nowMs) {
      const { e, index } = events[next++]!;
      try {
        if (e.fault) state = injectFault(state, e.fault, state.nowMs).state;
        else if (e.remediate) {
          const action = { ...e.remediate, idempotencyKey: e.remediate.idempotencyKey ?? `${scenario.name}/event-${index}` };
          const applied = applyRemediation(state, action, state.nowMs);
          state = applied.state;
          actions.push({ atMs: state.nowMs, action, result: applied.result });
        }
      } catch (err) {
        throw new Error(`scenario "${scenario.name}", events[${index}]: ${(err as Error).message}`);
      }
    }
    const dt = Math.min(scenario.step, endMs - state.nowMs);
    state = stepFleet(state, dt, state.nowMs + dt, rng);
    steps++;
    options.onStep?.(state);
    state.services.forEach((svc, i) => {
      const a = acc[i]!;
      const m = svc.metrics;
      if (m.error_rate > a.peakErrorRate) Object.assign(a, { peakErrorRate: m.error_rate, peakErrorAtMs: state.nowMs });
      if (m.latency_p99 > a.peakP99Ms) Object.assign(a, { peakP99Ms: m.latency_p99, peakP99AtMs: state.nowMs });
      a.peakSaturation = Math.max(a.peakSaturation, m.saturation);
      a.meanRequestRate += (m.request_rate - a.meanRequestRate) / steps;
      a.finalErrorRate = m.error_rate;
      a.finalP99Ms = m.latency_p99;
    });
  }
  return { name: scenario.name, seed: scenario.seed, startMs: scenario.start, endMs, steps, faults: state.faults, actions, services: acc, state };
}
