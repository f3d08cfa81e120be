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
  z.object({ ...base, kind: z.literal("memory-leak"), service, leakPerHour: z.number().positive().max(100).default(0.6), version: z.string().min(1).optional() }),
  z.object({
    ...base,
    kind: z.literal("bad-deploy"),
    service,
    version: z.string().min(1).optional(),
    errorRate: z.number().min(0).max(1).default(0.2),
    latencyFactor: z.number().min(1).max(100).default(1),
    /** Share of the replicas that get the new version; below 1 it is a canary. */
    canaryFraction: z.number().gt(0).max(1).default(1),
  }),
  z.object({ ...base, kind: z.literal("load-surge"), service, factor: z.number().gt(1).max(100).default(3), durationMs: z.number().positive().optional() }),
  z.object({ ...base, kind: z.literal("slow-dependency"), service, latencyMs: z.number().positive().max(60_000).default(1_500) }),
  /** `durationMs`: the node is replaced (or the zone back) after this long; without it, never. */
  z.object({ ...base, kind: z.literal("node-loss"), service, node: z.string().min(1).optional(), durationMs: z.number().positive().optional() }),
  z.object({ ...base, kind: z.literal("zone-loss"), zone: z.string().min(1), service: service.optional(), durationMs: z.number().positive().optional() }),
  z.object({ ...base, kind: z.literal("pool-exhaustion"), service, leakPerMinute: z.number().positive().max(10).default(0.2) }),
  z.object({ ...base, kind: z.literal("cache-failure"), service: service.optional() }),
  z.object({ ...base, kind: z.literal("disk-filling"), service, growthPerHour: z.number().positive().max(100).default(0.5), version: z.string().min(1).optional() }),
]);
export type FaultSpec = z.infer<typeof faultSpecSchema>;
type FaultSpecInput = z.input<typeof faultSpecSchema>;

export const healsByKind: Record<FaultKind, RemediationKind[]> = {
  "memory-leak": ["rollback"],
  "bad-deploy": ["rollback"],
  "load-surge": ["scale-out"],
  "slow-dependency": ["open-circuit-breaker"],
  "node-loss": ["drain-node"],
  "zone-loss": ["failover-zone"],
  "pool-exhaustion": ["reset-pool", "restart"],
  "cache-failure": ["warm-cache"],
  "disk-filling": ["rollback"],
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
    case "memory-leak":
    case "bad-deploy":
    case "disk-filling": {
      const svc = find(spec.service);
      const profile: VersionProfile = { errorRate: 0, latencyFactor: 1, leakPerHour: 0, diskPerHour: 0 };
      const suffix = { "memory-leak": "leak", "bad-deploy": "bad", "disk-filling": "verbose-logging" }[spec.kind];
      const version = spec.version ?? `${svc.stableVersion}-${suffix}`;
      if (version === svc.stableVersion) throw new Error(`${spec.kind}: version must differ from the stable "${version}"`);
      let share = 1;
      if (spec.kind === "memory-leak") profile.leakPerHour = spec.leakPerHour;
      if (spec.kind === "disk-filling") profile.diskPerHour = spec.growthPerHour;
      if (spec.kind === "bad-deploy") {
        profile.errorRate = spec.errorRate;
        profile.latencyFactor = spec.latencyFactor;
        share = spec.canaryFraction;
      }
      svc.versionProfiles[version] = profile;
      const n = Math.max(1, Math.round(share * svc.replicas.length));
      svc.replicas.slice(0, n).forEach((r) => (r.version = version));
      fault.service = svc.name;
      fault.params = { version, replicas: n, ...numbers(spec) };
      if (spec.kind === "disk-filling") {
        // Ground truth for forecasters: when the volume fills at this rate.
        fault.params.exhaustsAtMs = nowMs + ((1 - svc.disk) / spec.growthPerHour) * 3_600_000;
      }
      break;
    }
    case "load-surge":
    case "slow-dependency":
    case "pool-exhaustion":
      fault.service = find(spec.service).name;
      fault.params = numbers(spec);
      break;
    case "node-loss": {
      const svc = find(spec.service);
      const node = spec.node ?? svc.replicas[0]!.node;
      if (!next.services.some((s) => s.replicas.some((r) => r.node === node))) throw new Error(`node-loss: no replica runs on node "${node}"`);
      Object.assign(fault, { service: svc.name, node, params: { node, ...numbers(spec) } });
      break;
    }
    case "zone-loss":
      if (!next.topology.zones.includes(spec.zone)) throw new Error(`zone-loss: unknown zone "${spec.zone}"`);
      Object.assign(fault, { service: spec.service === undefined ? null : find(spec.service).name, zone: spec.zone, params: { zone: spec.zone, ...numbers(spec) } });
      break;
    case "cache-failure": {
      const name = spec.service ?? next.topology.services.find((s) => s.kind === "cache")?.name;
      if (name === undefined) throw new Error("cache-failure: the topology has no cache service");
      const i = next.services.indexOf(find(name));
      if (next.topology.services[i]?.kind !== "cache") throw new Error(`cache-failure: "${name}" is not a cache`);
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
