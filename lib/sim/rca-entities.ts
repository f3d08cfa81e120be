import type { Sample } from "@/lib/monitor/types";
import type { FleetState } from "./fleet-types";
import { isPlacedDown, isReady } from "./fault-dynamics";
import type { Topology } from "./topology-schema";

// What the fleet exposes beyond per-service metrics, in the shape an RCA input takes: nodes and
// zones as entities of their own (a lost node or zone is the root cause, not one of the
// services on it), with the metrics a cluster's exporters give (node readiness and running
// pods, as kube-state-metrics reports them), and a cache's hit ratio and misses (as a Redis
// exporter's keyspace hits and misses give). Entity names carry a prefix so they cannot clash
// with service names, which the topology restricts to lower-case letters, digits and dashes.

export const nodeEntity = (node: string): string => `node:${node}`;
export const zoneEntity = (zone: string): string => `zone:${zone}`;

/** Every node the topology's placement can use, with its zone (the same names replicas get). */
export function topologyNodes(topology: Topology): { node: string; zone: string }[] {
  return topology.zones.flatMap((zone) =>
    Array.from({ length: topology.nodesPerZone }, (_, k) => ({ node: `${zone}-n${k + 1}`, zone })),
  );
}

/** Node and zone entity names, nodes first, in placement order. */
export function infrastructureEntities(topology: Topology): string[] {
  return [...topologyNodes(topology).map((n) => nodeEntity(n.node)), ...topology.zones.map(zoneEntity)];
}

/** Per node: `ready` (1 when the node is up, else 0), `pods_running` (ready replicas on it) and
 * `cpu_cores` (CPU in use by them, each replica's service CPU as a fraction of one core, as
 * node-exporter reports a node's busy CPU); per zone: `nodes_ready`, `pods_running` and
 * `cpu_cores` summed over its nodes. Stamped `nowMs`. */
export function infrastructureSamples(state: FleetState, nowMs: number): Sample[] {
  const running = new Map<string, number>();
  const cores = new Map<string, number>();
  for (const svc of state.services) {
    for (const r of svc.replicas) {
      if (!isReady(r, nowMs, state)) continue;
      running.set(r.node, (running.get(r.node) ?? 0) + 1);
      cores.set(r.node, (cores.get(r.node) ?? 0) + svc.metrics.cpu);
    }
  }
  const out: Sample[] = [];
  const zones = new Map(state.topology.zones.map((z) => [z, { nodesReady: 0, pods: 0, cores: 0 }]));
  for (const { node, zone } of topologyNodes(state.topology)) {
    const ready = isPlacedDown(state, { zone, node }) ? 0 : 1;
    const pods = running.get(node) ?? 0;
    const used = cores.get(node) ?? 0;
    const z = zones.get(zone)!;
    z.nodesReady += ready;
    z.pods += pods;
    z.cores += used;
    out.push({ service: nodeEntity(node), metric: "cpu_cores", t: nowMs, v: used });
    out.push({ service: nodeEntity(node), metric: "ready", t: nowMs, v: ready });
    out.push({ service: nodeEntity(node), metric: "pods_running", t: nowMs, v: pods });
  }
  for (const [zone, z] of zones) {
    out.push({ service: zoneEntity(zone), metric: "nodes_ready", t: nowMs, v: z.nodesReady });
    out.push({ service: zoneEntity(zone), metric: "pods_running", t: nowMs, v: z.pods });
    out.push({ service: zoneEntity(zone), metric: "cpu_cores", t: nowMs, v: z.cores });
  }
  return out;
}

/** Per cache service: `hit_ratio` (0..1) and `misses_per_second` (its request rate times the
 * miss ratio). Stamped `nowMs`. */
export function cacheSamples(state: FleetState, nowMs: number): Sample[] {
  return state.services.flatMap((svc, i) =>
    state.topology.services[i]?.kind === "cache"
      ? [
          { service: svc.name, metric: "hit_ratio", t: nowMs, v: svc.hitRatio },
          { service: svc.name, metric: "misses_per_second", t: nowMs, v: svc.metrics.request_rate * (1 - svc.hitRatio) },
        ]
      : [],
  );
}

/** Dependency edges (dependent → dependency) to the infrastructure: each service to every node
 * and every zone one of its replicas is placed in now (a workload depends on its zone's power
 * and network directly, not only through one node), and each node to its zone. */
export function infrastructureEdges(state: FleetState): [string, string][] {
  const edges: [string, string][] = [];
  for (const svc of state.services) {
    for (const node of new Set(svc.replicas.map((r) => r.node))) edges.push([svc.name, nodeEntity(node)]);
    for (const zone of new Set(svc.replicas.map((r) => r.zone))) edges.push([svc.name, zoneEntity(zone)]);
  }
  for (const { node, zone } of topologyNodes(state.topology)) edges.push([nodeEntity(node), zoneEntity(zone)]);
  return edges;
}

/** The cache-aside relation as dependency edges: [backend, cache] for every backend that some
 * service reads on that cache's misses (a call with `onMissOf`). Edges point from dependent to
 * dependency, the way an anomaly travels up them: the backend's load depends on the cache's hit
 * ratio (a cache that stops hitting sends its reads there), while nothing the backend does
 * lowers the cache's hit ratio (in cache-aside the application, not the cache, reads the
 * backend). The topology already declares the relation on the miss calls, so it is derived
 * here rather than declared twice. */
export function cacheBackingEdges(topology: Topology): [string, string][] {
  const seen = new Set<string>();
  const edges: [string, string][] = [];
  for (const s of topology.services) {
    for (const c of s.calls) {
      if (c.onMissOf === undefined) continue;
      const key = `${c.service}\u0000${c.onMissOf}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push([c.service, c.onMissOf]);
    }
  }
  return edges;
}
