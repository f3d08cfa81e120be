import type { FleetState } from "@/lib/sim/fleet-types";
import { isReady } from "@/lib/sim/fault-dynamics";
import type { Inventory } from "./inventory";

/** The simulated fleet's inventory at `nowMs`: call graph, placement, readiness and versions.
 * The stable version is what a rollout history calls the previous one when replicas run
 * another; the fleet's fault records are not read. */
export function inventoryFromFleet(fleet: FleetState, nowMs: number): Inventory {
  return {
    services: fleet.services.map((svc, i) => {
      const spec = fleet.topology.services[i]!;
      const rolled = svc.replicas.some((r) => r.version !== svc.stableVersion);
      return {
        name: svc.name,
        kind: spec.kind,
        labels: { tier: spec.tier, criticality: spec.criticality },
        critical: spec.criticality === "critical",
        entry: spec.trafficShare > 0,
        calls: spec.calls.map((c) => ({ service: c.service, optional: c.optional, onMissOf: c.onMissOf })),
        previousVersion: rolled ? svc.stableVersion : undefined,
        replicas: svc.replicas.map((r) => ({ id: r.id, zone: r.zone, node: r.node, ready: isReady(r, nowMs, fleet), version: r.version })),
      };
    }),
  };
}
