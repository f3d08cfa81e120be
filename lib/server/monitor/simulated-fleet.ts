import { applyRemediation, type RemediationAction } from "@/lib/sim/apply-remediation";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import { injectFault, type FaultSpec } from "@/lib/sim/fault-catalog";
import { fleetPopulationSamples, fleetSamples } from "@/lib/sim/fleet-samples";
import type { Fault, FleetState, RemediationResult } from "@/lib/sim/fleet-types";
import { createRng, type Rng } from "@/lib/sim/random";
import type { Scenario } from "@/lib/sim/scenario-schema";
import { advanceFleet } from "@/lib/sim/step-fleet";
import type { Topology } from "@/lib/sim/topology-schema";
import type { Sample } from "@/lib/monitor/types";

type PendingEvent = {
  atMs: number;
  fault: FaultSpec | undefined;
  remediate: RemediationAction | undefined;
  scenario: string;
};

/** The simulated fleet hosted in real time: the pure model plus its clock position, its
 * random stream and scenario events waiting for their time. */
export class SimulatedFleet {
  private state: FleetState;
  private readonly rng: Rng;
  private pending: PendingEvent[] = [];
  readonly seed: number;
  private readonly startMs: number;

  constructor(options: { seed: number; nowMs: number; topology?: Topology }) {
    this.seed = options.seed;
    this.startMs = options.nowMs;
    this.rng = createRng(options.seed);
    this.state = createFleet(options.topology ?? defaultTopology, options.nowMs);
  }

  get current(): FleetState {
    return this.state;
  }

  /** Moves the model to `nowMs`, firing scenario events that came due on the way. */
  advanceTo(nowMs: number): void {
    for (;;) {
      const next = this.pending[0];
      if (!next || next.atMs > nowMs) break;
      this.pending.shift();
      this.state = advanceFleet(this.state, next.atMs, this.rng);
      if (next.fault) this.inject(next.fault, next.atMs);
      if (next.remediate) this.remediate(next.remediate, next.atMs);
    }
    this.state = advanceFleet(this.state, nowMs, this.rng);
  }

  inject(spec: FaultSpec, nowMs: number): Fault {
    const { state, fault } = injectFault(this.state, spec, nowMs);
    this.state = state;
    return fault;
  }

  remediate(action: RemediationAction, nowMs: number): RemediationResult {
    const { state, result } = applyRemediation(this.state, action, nowMs);
    this.state = state;
    return result;
  }

  /** Schedules a scenario's events relative to `startMs` (its own start and seed are for
   * virtual-time runs; here it plays against the live fleet). */
  schedule(scenario: Scenario, startMs: number): number {
    const events = scenario.events.map((e, i): PendingEvent => ({
      atMs: startMs + e.at,
      fault: e.fault,
      remediate: e.remediate && {
        ...e.remediate,
        idempotencyKey: e.remediate.idempotencyKey ?? `${scenario.name}@${startMs}#${i}`,
      },
      scenario: scenario.name,
    }));
    this.pending = [...this.pending, ...events].sort((a, b) => a.atMs - b.atMs);
    return events.length;
  }

  pendingEvents(): readonly PendingEvent[] {
    return this.pending;
  }

  /** The fleet's metrics at `nowMs`; none before its first step (it has no traffic yet). */
  samples(nowMs: number): Sample[] {
    return this.state.nowMs > this.startMs ? fleetSamples(this.state, nowMs) : [];
  }

  populationSamples(nowMs: number) {
    return fleetPopulationSamples(this.state, nowMs);
  }
}
