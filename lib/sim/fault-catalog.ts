import { z } from "zod";
import type { Fault, FaultKind, FleetState, RemediationKind, VersionProfile } from "./fleet-types";
import { cloneFleet } from "./step-fleet";

// The fault catalog. Each fault is injected at `nowMs` and records its ground truth: root
// cause, onset, parameters and the remediation kinds that heal it. Version-borne faults
// (leak, bad deploy, disk fill) ship a new version to some replicas, so a rollback removes the
// cause; the others change fleet state that their remediation resets.

const service = z.string().min(1);
const base = { id: z.string().min(1).optional() };

export const faultSpecSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("memory_leak"), service, leakPerHour: z.number().positive().max(100).default(0.6), version: z.string().min(1).optional() }),
  z.object({
    ...base,
    kind: z.literal("bad_deploy"),
    service,
    version: z.string().min(1).optional(),
    errorRate: z.number().min(0).max(1).default(0.2),
    latencyFactor: z.number().min(1).max(100).default(1),
    /** Share of the replicas that get the new version; below 1 it is a canary. */
    canaryFraction: z.number().gt(0).max(1).default(1),
  }),
  z.object({ ...base, kind: z.literal("load_surge"), service, factor: z.number().gt(1).max(100).default(3), durationMs: z.number().positive().optional() }),
  z.object({ ...base, kind: z.literal("slow_dependency"), service, latencyMs: z.number().positive().max(60_000).default(1_500) }),
  z.object({ ...base, kind: z.literal("node_loss"), service, node: z.string().min(1).optional() }),
  z.object({ ...base, kind: z.literal("zone_loss"), zone: z.string().min(1), service: service.optional() }),
  z.object({ ...base, kind: z.literal("pool_exhaustion"), service, leakPerMinute: z.number().positive().max(10).default(0.2) }),
  z.object({ ...base, kind: z.literal("cache_failure"), service: service.optional() }),
  z.object({ ...base, kind: z.literal("disk_fill"), service, growthPerHour: z.number().positive().max(100).default(0.5), version: z.string().min(1).optional() }),
]);
export type FaultSpec = z.infer<typeof faultSpecSchema>;
type FaultSpecInput = z.input<typeof faultSpecSchema>;

export const healsByKind: Record<FaultKind, RemediationKind[]> = {
  memory_leak: ["rollback"],
  bad_deploy: ["rollback"],
  load_surge: ["scale_out"],
  slow_dependency: ["open_circuit_breaker"],
  node_loss: ["drain_node"],
  zone_loss: ["fail_over_zone"],
  pool_exhaustion: ["reset_pool", "restart"],
  cache_failure: ["warm_cache"],
  disk_fill: ["rollback"],
};

/** Injects a fault and returns the new state and its ground-truth record. Throws an Error
 * naming the problem when the target does not exist in this fleet. */
export function injectFault(state: FleetState, input: FaultSpecInput, nowMs: number): { state: FleetState; fault: Fault } {
  const spec = faultSpecSchema.parse(input);
  const next = cloneFleet(state);
  const id = spec.id ?? `fault-${next.faults.length + 1}`;
  if (next.faults.some((f) => f.id === id)) throw new Error(`fault id "${id}" already exists`);
  const fault: Fault = {
    id, kind: spec.kind, service: null, onsetMs: nowMs, params: {}, heals: [...healsByKind[spec.kind]],
    mitigatedAtMs: null, mitigatedBy: null, endedAtMs: null,
  };
  const find = (name: string) => {
    const i = next.services.findIndex((s) => s.name === name);
    if (i < 0) throw new Error(`${spec.kind}: unknown service "${name}"`);
    return next.services[i]!;
  };

  switch (spec.kind) {
    case "memory_leak":
    case "bad_deploy":
    case "disk_fill": {
      const svc = find(spec.service);
      const profile: VersionProfile = { errorRate: 0, latencyFactor: 1, leakPerHour: 0, diskPerHour: 0 };
      const suffix = { memory_leak: "leak", bad_deploy: "bad", disk_fill: "verbose-logging" }[spec.kind];
      const version = spec.version ?? `${svc.stableVersion}-${suffix}`;
      if (version === svc.stableVersion) throw new Error(`${spec.kind}: version must differ from the stable "${version}"`);
      let share = 1;
      if (spec.kind === "memory_leak") profile.leakPerHour = spec.leakPerHour;
      if (spec.kind === "disk_fill") profile.diskPerHour = spec.growthPerHour;
      if (spec.kind === "bad_deploy") {
        profile.errorRate = spec.errorRate;
        profile.latencyFactor = spec.latencyFactor;
        share = spec.canaryFraction;
      }
      svc.versionProfiles[version] = profile;
      const n = Math.max(1, Math.round(share * svc.replicas.length));
      svc.replicas.slice(0, n).forEach((r) => (r.version = version));
      fault.service = svc.name;
      fault.params = { version, replicas: n, ...numbers(spec) };
      if (spec.kind === "disk_fill") {
        // Ground truth for forecasters: when the volume fills at this rate.
        fault.params.exhaustsAtMs = nowMs + ((1 - svc.disk) / spec.growthPerHour) * 3_600_000;
      }
      break;
    }
    case "load_surge":
    case "slow_dependency":
    case "pool_exhaustion":
      fault.service = find(spec.service).name;
      fault.params = numbers(spec);
      break;
    case "node_loss": {
      const svc = find(spec.service);
      const node = spec.node ?? svc.replicas[0]!.node;
      if (!next.services.some((s) => s.replicas.some((r) => r.node === node))) throw new Error(`node_loss: no replica runs on node "${node}"`);
      Object.assign(fault, { service: svc.name, node, params: { node } });
      break;
    }
    case "zone_loss":
      if (!next.topology.zones.includes(spec.zone)) throw new Error(`zone_loss: unknown zone "${spec.zone}"`);
      Object.assign(fault, { service: spec.service === undefined ? null : find(spec.service).name, zone: spec.zone, params: { zone: spec.zone } });
      break;
    case "cache_failure": {
      const name = spec.service ?? next.topology.services.find((s) => s.kind === "cache")?.name;
      if (name === undefined) throw new Error("cache_failure: the topology has no cache service");
      const i = next.services.indexOf(find(name));
      if (next.topology.services[i]?.kind !== "cache") throw new Error(`cache_failure: "${name}" is not a cache`);
      fault.service = name;
      break;
    }
  }
  next.faults.push(fault);
  return { state: next, fault };
}

function numbers(spec: FaultSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(spec)) if (typeof v === "number") out[k] = v;
  return out;
}
