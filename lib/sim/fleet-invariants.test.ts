import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionKinds } from "@/lib/plan/types";
import { applyRemediation } from "./apply-remediation";
import { createFleet } from "./create-fleet";
import { defaultTopology } from "./default-topology";
import { faultKinds, type FleetState } from "./fleet-types";
import { injectFault } from "./fault-catalog";
import { fleetSamples } from "./fleet-samples";
import { createRng } from "./random";
import { stepFleet } from "./step-fleet";
import { peakStartMs } from "./test-twin";

const services = defaultTopology.services.map((s) => s.name);
const nodes = defaultTopology.zones.flatMap((z) => [`${z}-n1`, `${z}-n2`]);

const event = fc.oneof(
  fc.record({ fault: fc.constantFrom(...faultKinds), service: fc.constantFrom(...services), zone: fc.constantFrom(...defaultTopology.zones) }),
  fc.record({
    action: fc.constantFrom(...actionKinds),
    service: fc.constantFrom(...services, "*"),
    zone: fc.constantFrom(...defaultTopology.zones),
    node: fc.constantFrom(...nodes),
    replicas: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  }),
);

type Event = typeof event extends fc.Arbitrary<infer T> ? T : never;

/** Applies an arbitrary event; a remediation that does not fit the fleet is refused, never corrupts it. */
function apply(state: FleetState, e: Event, k: number): FleetState {
  if ("fault" in e) {
    const spec = e.fault === "zone-loss" ? { kind: e.fault, zone: e.zone } : e.fault === "cache-failure" ? { kind: e.fault } : { kind: e.fault, service: e.service };
    return injectFault(state, spec, state.nowMs).state;
  }
  const target = { service: e.service, zone: e.zone, node: e.node, replicas: e.replicas };
  return applyRemediation(state, { kind: e.action, target, idempotencyKey: `k${k}` }, state.nowMs).state;
}

describe("fleet invariants under arbitrary faults and remediations", () => {
  it("keeps every metric finite and in range, and stays deterministic", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), (events, seed) => {
        const run = () => {
          let s = createFleet(defaultTopology, peakStartMs);
          const rng = createRng(seed);
          events.forEach((e, k) => {
            s = apply(s, e, k);
            for (let j = 0; j < 12; j++) s = stepFleet(s, 5000, s.nowMs + 5000, rng);
          });
          return s;
        };
        const s = run();
        for (const x of fleetSamples(s, s.nowMs)) {
          expect(Number.isFinite(x.v), `${x.service}.${x.metric}`).toBe(true);
          expect(x.v, `${x.service}.${x.metric}`).toBeGreaterThanOrEqual(0);
          if (["error_rate", "pool_use", "disk_use"].includes(x.metric)) expect(x.v).toBeLessThanOrEqual(1);
        }
        for (const svc of s.services) expect(svc.replicas.length).toBeGreaterThanOrEqual(1);
        expect(fleetSamples(run(), s.nowMs)).toEqual(fleetSamples(s, s.nowMs));
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
