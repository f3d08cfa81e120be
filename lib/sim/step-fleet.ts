import type { FleetState, ServiceState } from "./fleet-types";
import { advanceFaults } from "./fault-dynamics";
import { advanceLoad } from "./load-curve";
import type { Rng } from "./random";
import { computeTraffic } from "./traffic-model";

/** Advances the fleet by `dtMs` of virtual time ending at `nowMs` and returns the new state;
 * `state` is not modified. Steps of 1–5 s keep the queue and retry dynamics smooth. The rng is
 * drawn a fixed number of times per step (5 + one per service), independent of faults and
 * remediations, so a faulted fleet and a healthy control on the same seed see identical
 * traffic. */
export function stepFleet(state: FleetState, dtMs: number, nowMs: number, rng: Rng): FleetState {
  if (!(dtMs > 0)) throw new Error(`stepFleet: dtMs must be positive, got ${dtMs}`);
  const next = cloneFleet(state);
  next.nowMs = nowMs;
  next.load = advanceLoad(state.load, state.topology.peakRps, dtMs, nowMs, rng);
  const jitter = next.services.map(() => rng.normal());
  const effects = advanceFaults(next, dtMs, nowMs);
  computeTraffic(next, dtMs, nowMs, effects, jitter);
  return next;
}

/** Advances the fleet to `toMs` in steps of at most `maxStepMs` (for a fleet hosted in real
 * time: call it with the clock's time on each tick). After a long pause (a sleeping laptop)
 * at most `maxSteps` steps are taken, each longer, so catching up stays cheap. */
export function advanceFleet(state: FleetState, toMs: number, rng: Rng, maxStepMs = 5_000, maxSteps = 720): FleetState {
  const gap = toMs - state.nowMs;
  if (gap <= 0) return state;
  const n = Math.min(maxSteps, Math.ceil(gap / maxStepMs));
  let s = state;
  for (let k = 1; k <= n; k++) s = stepFleet(s, gap / n, state.nowMs + (gap * k) / n, rng);
  return s;
}

/** A copy deep enough that mutating it leaves the original untouched (the topology and the
 * idempotency record are shared: both are replaced, never mutated). */
export function cloneFleet(state: FleetState): FleetState {
  return {
    ...state,
    services: state.services.map(cloneService),
    load: { ...state.load },
    downZones: [...state.downZones],
    downNodes: [...state.downNodes],
    faults: state.faults.map((f) => ({ ...f, params: { ...f.params }, heals: [...f.heals] })),
  };
}

function cloneService(s: ServiceState): ServiceState {
  return {
    ...s,
    versionProfiles: { ...s.versionProfiles },
    replicas: s.replicas.map((r) => ({ ...r })),
    openBreakers: [...s.openBreakers],
    edgeFailure: [...s.edgeFailure],
    metrics: { ...s.metrics },
  };
}
