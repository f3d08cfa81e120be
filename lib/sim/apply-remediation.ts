import { z } from "zod";
import { placeReplica } from "./create-fleet";
import { remediationKinds, type Fault, type FleetState, type RemediationResult, type Replica, type ServiceState } from "./fleet-types";
import { cloneFleet } from "./step-fleet";

export const remediationFieldsSchema = z.object({
  kind: z.enum(remediationKinds),
  /** Required except for fail_over_zone (fleet-wide) and drain_node (every replica on the node). */
  service: z.string().min(1).optional(),
  idempotencyKey: z.string().min(1).max(200),
  /** scale_out: replicas to add (default: as many as there are); scale_in: to remove (default 1). */
  replicas: z.number().int().min(1).max(1000).optional(),
  zone: z.string().min(1).optional(),
  node: z.string().min(1).optional(),
  /** Circuit breakers: only these callers' edges (default: every caller of `service`). */
  callers: z.array(z.string().min(1)).optional(),
});

/** Every action names its target: a zone, a node, or a service. */
export function requireTarget(a: { kind: string; service?: string; zone?: string; node?: string }, ctx: z.RefinementCtx): void {
  const need = (field: "service" | "zone" | "node") => {
    if (a[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: `${a.kind} needs a ${field}` });
  };
  if (a.kind === "fail_over_zone") need("zone");
  else if (a.kind === "drain_node") need("node");
  else need("service");
}

export const remediationActionSchema = remediationFieldsSchema.superRefine(requireTarget);
export type RemediationAction = z.infer<typeof remediationActionSchema>;

/** Applies a remediation at `nowMs`. Pure: returns the new state and the result. Applying an
 * idempotency key a second time returns the first result with status "duplicate" and the state
 * unchanged. A remediation heals the active faults whose `heals` list its kind and whose target
 * it hits; any other remediation still changes the fleet (and can hurt: a restart costs
 * capacity while replicas start, a cache restart empties the cache). */
export function applyRemediation(state: FleetState, input: z.input<typeof remediationActionSchema>, nowMs: number): { state: FleetState; result: RemediationResult } {
  const action = remediationActionSchema.parse(input);
  const previous = state.appliedActions[action.idempotencyKey];
  if (previous) return { state, result: { ...previous, status: "duplicate" } };
  const next = cloneFleet(state);
  const reason = act(next, action, nowMs);
  const healed = reason === null ? heal(next.faults, action, nowMs) : [];
  const result: RemediationResult = reason === null ? { status: "applied", healedFaultIds: healed } : { status: "rejected", reason, healedFaultIds: [] };
  next.appliedActions = { ...state.appliedActions, [action.idempotencyKey]: result };
  return { state: next, result };
}

/** Changes the fleet; returns null when applied or the reason for refusing. */
function act(next: FleetState, a: RemediationAction, nowMs: number): string | null {
  const i = a.service === undefined ? -1 : next.services.findIndex((s) => s.name === a.service);
  if (a.service !== undefined && i < 0) return `unknown service "${a.service}"`;
  const svc = next.services[i];
  const spec = next.topology.services[i];
  switch (a.kind) {
    case "restart":
      if (!svc || !spec) return "no service";
      rollingRestart(svc.replicas, spec.startupMs, nowMs, spec.memoryBaseline);
      svc.poolLeaked = 0;
      svc.queue = 0;
      if (spec.kind === "cache") svc.hitRatio = 0;
      return null;
    case "scale_out": {
      if (!svc || !spec) return "no service";
      const n = a.replicas ?? svc.replicas.length;
      const version = majorityVersion(svc);
      const serial = nextSerial(svc);
      for (let k = 0; k < n; k++) {
        const r = placeReplica(next.topology, spec, svc.replicas.length, serial + k, version);
        moveToHealthy(next, r, nowMs, spec.startupMs);
        r.downFromMs = nowMs;
        r.readyAtMs = nowMs + spec.startupMs;
        svc.replicas.push(r);
      }
      return null;
    }
    case "scale_in": {
      if (!svc) return "no service";
      const n = a.replicas ?? 1;
      if (n >= svc.replicas.length) return `cannot remove ${n} of ${svc.replicas.length} replicas`;
      svc.replicas.splice(svc.replicas.length - n, n);
      return null;
    }
    case "rollback": {
      if (!svc || !spec) return "no service";
      const off = svc.replicas.filter((r) => r.version !== svc.stableVersion);
      if (off.length === 0) return `every replica already runs the stable version "${svc.stableVersion}"`;
      for (const r of off) r.version = svc.stableVersion;
      rollingRestart(off, spec.startupMs, nowMs, spec.memoryBaseline);
      return null;
    }
    case "open_circuit_breaker":
    case "close_circuit_breaker": {
      const callers = next.services.filter((s, k) => next.topology.services[k]!.calls.some((c) => c.service === a.service) && (a.callers?.includes(s.name) ?? true));
      if (callers.length === 0) return `no caller of "${a.service}" matches`;
      for (const c of callers) {
        c.openBreakers = c.openBreakers.filter((n) => n !== a.service);
        if (a.kind === "open_circuit_breaker") c.openBreakers.push(a.service!);
      }
      return null;
    }
    case "fail_over_zone":
    case "drain_node": {
      const zones = next.topology.zones;
      if (a.kind === "fail_over_zone" && !zones.includes(a.zone!)) return `unknown zone "${a.zone}"`;
      const hit = (r: Replica) => (a.kind === "fail_over_zone" ? r.zone === a.zone : r.node === a.node);
      const targets = next.services.flatMap((s, k) => (svc && s !== svc ? [] : s.replicas.filter(hit).map((r) => ({ r, k }))));
      if (targets.length === 0) return `no replica runs in ${a.zone ?? a.node}`;
      const avoid = a.kind === "fail_over_zone" ? { zone: a.zone } : { node: a.node };
      for (const { r, k } of targets) {
        if (!moveToHealthy(next, r, nowMs, next.topology.services[k]!.startupMs, avoid)) return "no healthy zone or node left to move to";
      }
      return null;
    }
    case "reset_pool":
      if (!svc || !spec) return "no service";
      if (spec.poolSize === 0) return `"${svc.name}" has no connection pool`;
      svc.poolLeaked = 0;
      return null;
    case "warm_cache":
      if (!svc || !spec) return "no service";
      if (spec.kind !== "cache") return `"${svc.name}" is not a cache`;
      svc.warmUntilMs = nowMs + 5 * 60_000;
      return null;
  }
}

/** Marks the active faults this action heals; returns their ids. */
function heal(faults: Fault[], a: RemediationAction, nowMs: number): string[] {
  const healed: string[] = [];
  for (const f of faults) {
    if (f.mitigatedAtMs !== null || f.endedAtMs !== null || !f.heals.includes(a.kind)) continue;
    const hits = f.kind === "zone_loss" ? a.zone === f.zone : f.kind === "node_loss" ? a.node === f.node : a.service === f.service;
    if (!hits) continue;
    f.mitigatedAtMs = nowMs;
    f.mitigatedBy = a.idempotencyKey;
    healed.push(f.id);
  }
  return healed;
}

/** One replica at a time, each down for the service's start-up time; restarted heaps start at baseline. */
function rollingRestart(replicas: Replica[], startupMs: number, nowMs: number, memoryBaseline: number): void {
  replicas.forEach((r, k) => {
    r.downFromMs = nowMs + k * startupMs;
    r.readyAtMs = nowMs + (k + 1) * startupMs;
    r.memory = memoryBaseline;
  });
}

/** Re-places a replica on a node that is neither lost nor avoided, preferring its own zone and
 * the least-used node; it serves again after start-up. Returns false when nowhere is healthy. */
function moveToHealthy(next: FleetState, r: Replica, nowMs: number, startupMs: number, avoid: { zone?: string; node?: string } = {}): boolean {
  const { zones, nodesPerZone } = next.topology;
  const usable = (zone: string, node: string) => zone !== avoid.zone && node !== avoid.node && !next.downZones.includes(zone) && !next.downNodes.includes(node);
  if (usable(r.zone, r.node) && avoid.zone === undefined && avoid.node === undefined) return true;
  const used = new Map<string, number>();
  for (const s of next.services) for (const x of s.replicas) used.set(x.node, (used.get(x.node) ?? 0) + 1);
  let best: { zone: string; node: string; score: number } | null = null;
  for (const zone of zones) {
    for (let n = 1; n <= nodesPerZone; n++) {
      const node = `${zone}-n${n}`;
      if (!usable(zone, node)) continue;
      const score = (used.get(node) ?? 0) + (zone === r.zone ? 0 : 1000);
      if (!best || score < best.score) best = { zone, node, score };
    }
  }
  if (!best) return false;
  Object.assign(r, { zone: best.zone, node: best.node, downFromMs: nowMs, readyAtMs: nowMs + startupMs });
  return true;
}

function majorityVersion(svc: ServiceState): string {
  const counts = new Map<string, number>();
  for (const r of svc.replicas) counts.set(r.version, (counts.get(r.version) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? svc.stableVersion;
}

function nextSerial(svc: ServiceState): number {
  return svc.replicas.reduce((m, r) => Math.max(m, Number(r.id.slice(r.id.lastIndexOf("-") + 1)) + 1), 0);
}
