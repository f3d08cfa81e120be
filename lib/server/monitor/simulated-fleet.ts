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
 * random stream and scenario events waiting for their time. Callers pass wall-clock times;
 * with `speed` above 1 the fleet's own (virtual) time runs that many times faster from the
 * start, and its samples are stamped with the wall-clock time they were read at. */
export class SimulatedFleet {
  private state: FleetState;
  private readonly rng: Rng;
  private pending: PendingEvent[] = [];
  readonly seed: number;
  private readonly startMs: number;
  private readonly speed: number;

  constructor(options: { seed: number; nowMs: number; topology?: Topology; speed?: number }) {
    this.seed = options.seed;
    this.startMs = options.nowMs;
    this.speed = options.speed ?? 1;
    this.rng = createRng(options.seed);
    this.state = createFleet(options.topology ?? defaultTopology, options.nowMs);
  }

  get current(): FleetState {
    return this.state;
  }

  /** The fleet's own time at wall-clock time `nowMs`. */
  virtual(nowMs: number): number {
    return this.startMs + (nowMs - this.startMs) * this.speed;
  }

  /** Moves the model to `nowMs`, firing scenario events that came due on the way. */
  advanceTo(realMs: number): void {
    const nowMs = this.virtual(realMs);
    for (;;) {
      const next = this.pending[0];
      if (!next || next.atMs > nowMs) break;
      this.pending.shift();
      this.state = advanceFleet(this.state, next.atMs, this.rng);
      if (next.fault) this.state = injectFault(this.state, next.fault, next.atMs).state;
      if (next.remediate) this.state = applyRemediation(this.state, next.remediate, next.atMs).state;
    }
    this.state = advanceFleet(this.state, nowMs, this.rng);
  }

  inject(spec: Parameters<typeof injectFault>[1], realMs: number): Fault {
    const { state, fault } = injectFault(this.state, spec, this.virtual(realMs));
    this.state = state;
    return fault;
  }

  remediate(action: RemediationAction, realMs: number): RemediationResult {
    const { state, result } = applyRemediation(this.state, action, this.virtual(realMs));
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
  samples(realMs: number): Sample[] {
    if (this.state.nowMs <= this.startMs) return [];
    const samples = fleetSamples(this.state, this.state.nowMs);
    if (this.speed !== 1) for (const s of samples) s.t = realMs;
    return samples;
  }

  populationSamples(realMs: number) {
    const samples = fleetPopulationSamples(this.state, this.state.nowMs);
    if (this.speed !== 1) for (const s of samples) s.t = realMs;
    return samples;
  }
}
