import type { FleetMetric } from "@/lib/monitor/types";
import { applyRemediation, type RemediationAction } from "./apply-remediation";
import { createFleet } from "./create-fleet";
import { defaultTopology } from "./default-topology";
import { injectFault, type FaultSpec } from "./fault-catalog";
import type { Fault, FleetState, RemediationResult } from "./fleet-types";
import { createRng, type Rng } from "./random";
import { stepFleet } from "./step-fleet";

/** A weekday at 15:00 UTC, near the daily peak, when capacity margins are thinnest. */
export const peakStartMs = Date.UTC(2026, 0, 14, 15, 0, 0);
const stepMs = 5_000;

/** A faulted fleet and a healthy control on the same seed, stepped in lockstep: both see the
 * same traffic, so any difference is the fault's (or the remediation's) doing. Test helper. */
export class Twin {
  faulted: FleetState;
  control: FleetState;
  now: number;
  private rngF: Rng;
  private rngC: Rng;
  private actions = 0;

  constructor(seed = 7, startMs = peakStartMs) {
    this.faulted = createFleet(defaultTopology, startMs);
    this.control = createFleet(defaultTopology, startMs);
    this.rngF = createRng(seed);
    this.rngC = createRng(seed);
    this.now = startMs;
  }

  run(ms: number): this {
    for (let t = 0; t < ms; t += stepMs) {
      this.now += stepMs;
      this.faulted = stepFleet(this.faulted, stepMs, this.now, this.rngF);
      this.control = stepFleet(this.control, stepMs, this.now, this.rngC);
    }
    return this;
  }

  inject(spec: Parameters<typeof injectFault>[1]): Fault {
    const { state, fault } = injectFault(this.faulted, spec, this.now);
    this.faulted = state;
    return fault;
  }

  apply(action: Omit<RemediationAction, "idempotencyKey" | "params"> & { params?: RemediationAction["params"] }, key = `action-${++this.actions}`): RemediationResult {
    const { state, result } = applyRemediation(this.faulted, { ...action, idempotencyKey: key }, this.now);
    this.faulted = state;
    return result;
  }

  metric(service: string, metric: FleetMetric): { f: number; c: number } {
    const find = (s: FleetState) => s.services.find((x) => x.name === service)!.metrics[metric];
    return { f: find(this.faulted), c: find(this.control) };
  }
}

export type { FaultSpec };
