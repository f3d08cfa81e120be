import { fleetMetrics } from "@/lib/monitor/types";
import type { FleetState, Replica, ServiceMetrics, ServiceState } from "./fleet-types";
import type { ServiceSpec, Topology } from "./topology-schema";

/** A fresh fleet at `startMs`: every replica ready, caches warm, no faults. Metrics are zero
 * until the first `stepFleet`. */
export function createFleet(topology: Topology, startMs: number): FleetState {
  return {
    topology,
    nowMs: startMs,
    services: topology.services.map((spec) => createService(topology, spec)),
    order: callersFirst(topology),
    load: { noise: 0, burstFactor: 1, burstUntilMs: startMs, externalRps: 0 },
    downZones: [],
    downNodes: [],
    faults: [],
    appliedActions: {},
  };
}

function createService(topology: Topology, spec: ServiceSpec): ServiceState {
  const replicas: Replica[] = [];
  for (let i = 0; i < spec.replicas; i++) replicas.push(placeReplica(topology, spec, i, i, spec.version));
  return {
    name: spec.name,
    stableVersion: spec.version,
    versionProfiles: {},
    replicas,
    openBreakers: [],
    poolLeaked: 0,
    hitRatio: spec.kind === "cache" ? spec.hitRatio : 0,
    warmUntilMs: 0,
    disk: spec.diskBaseline,
    queue: 0,
    demandFactor: 1,
    limitsFactor: 1,
    shed: 0,
    edgeFailure: spec.calls.map(() => 0),
    metrics: zeroMetrics(),
  };
}

/** Spreads replicas round-robin over zones, then over the nodes of each zone. */
export function placeReplica(topology: Topology, spec: ServiceSpec, slot: number, serial: number, version: string): Replica {
  const zone = topology.zones[slot % topology.zones.length] ?? "zone";
  const node = `${zone}-n${(Math.floor(slot / topology.zones.length) % topology.nodesPerZone) + 1}`;
  return { id: `${spec.name}-${serial}`, zone, node, version, memory: spec.memoryBaseline, downFromMs: 0, readyAtMs: 0 };
}

export function zeroMetrics(): ServiceMetrics {
  const m = {} as ServiceMetrics;
  for (const k of fleetMetrics) m[k] = 0;
  return m;
}

/** Kahn's algorithm over the call graph (a DAG, checked by the topology schema). */
function callersFirst(topology: Topology): number[] {
  const index = new Map(topology.services.map((s, i) => [s.name, i]));
  const inDegree = topology.services.map(() => 0);
  for (const s of topology.services) for (const c of s.calls) inDegree[index.get(c.service) ?? 0]! += 1;
  const ready = inDegree.flatMap((d, i) => (d === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    const i = ready.shift()!;
    order.push(i);
    for (const c of topology.services[i]?.calls ?? []) {
      const j = index.get(c.service) ?? 0;
      inDegree[j]! -= 1;
      if (inDegree[j] === 0) ready.push(j);
    }
  }
  return order;
}
