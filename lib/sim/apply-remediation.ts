import { z } from "zod";
import { actionKindSchema, actionTargetSchema } from "@/lib/plan/types";
import { placeReplica } from "./create-fleet";
import type { FleetState, RemediationResult, Replica, ServiceState } from "./fleet-types";
import { isPlacedDown } from "./fault-dynamics";
import { cloneFleet } from "./step-fleet";

/** A Planner action (lib/plan/types `PlanAction`) plus its idempotency key. `target.service`
 * "*" means every service, for failover-zone and drain-node only. Params the fleet reads:
 * restart `limitsFactor` (new resource limits relative to the topology's), rollback `to`
 * (default: the stable version), open/close-circuit-breaker `callers` (comma-separated;
 * default: every caller), degrade `shed` (fraction of requests refused, default 0.2; 0 undoes). */
export const remediationFieldsSchema = z.object({
  kind: actionKindSchema,
  target: actionTargetSchema,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export const remediationActionSchema = remediationFieldsSchema.extend({ idempotencyKey: z.string().min(1).max(200) }).superRefine(requireTarget);
export type RemediationAction = z.infer<typeof remediationActionSchema>;

/** failover-zone needs a zone and drain-node a node. */
export function requireTarget(a: { kind: string; target: { zone?: string; node?: string } }, ctx: z.RefinementCtx): void {
  if (a.kind === "failover-zone" && a.target.zone === undefined) ctx.addIssue({ code: "custom", path: ["target", "zone"], message: "failover-zone needs a zone" });
  if (a.kind === "drain-node" && a.target.node === undefined) ctx.addIssue({ code: "custom", path: ["target", "node"], message: "drain-node needs a node" });
}

/** Applies a remediation at `nowMs`. Pure: returns the new state and the result. Applying an
 * idempotency key a second time returns the first result with status "duplicate" and the state
 * unchanged. A remediation heals the active faults whose `heals` list its kind and whose target
 * it hits (for a lost zone or node: once no replica is left there); any other remediation still
 * changes the fleet, and can hurt (a restart costs capacity while replicas start, a restarted
 * cache is empty). */
export function applyRemediation(state: FleetState, input: z.input<typeof remediationActionSchema>, nowMs: number): { state: FleetState; result: RemediationResult } {
  const action = remediationActionSchema.parse(input);
  const previous = state.appliedActions[action.idempotencyKey];
  if (previous) return { state, result: { ...previous, status: "duplicate" } };
  const next = cloneFleet(state);
  const reason = act(next, action, nowMs);
  const healed = reason === null ? heal(next, action, nowMs) : [];
  const result: RemediationResult = reason === null ? { status: "applied", healedFaultIds: healed } : { status: "rejected", reason, healedFaultIds: [] };
  next.appliedActions = { ...state.appliedActions, [action.idempotencyKey]: result };
  return { state: next, result };
}

/** Changes the fleet; returns null when applied or the reason for refusing. */
function act(next: FleetState, a: RemediationAction, nowMs: number): string | null {
  const { service: name, replicas } = a.target;
  if (name === "*") return a.kind === "failover-zone" || a.kind === "drain-node" ? move(next, a, null, nowMs) : `${a.kind} does not take a wildcard target`;
  const i = next.services.findIndex((s) => s.name === name);
  const svc = next.services[i];
  const spec = next.topology.services[i];
  if (!svc || !spec) return `unknown service "${name}"`;
  switch (a.kind) {
    case "restart": {
      const n = Math.min(replicas ?? svc.replicas.length, svc.replicas.length);
      if (n === 0) return "no replica to restart";
      const limits = a.params.limitsFactor;
      if (limits !== undefined && !(typeof limits === "number" && limits >= 0.25 && limits <= 8)) return "limitsFactor must be a number in 0.25..8";
      // The fullest heaps first: restarting one replica is the stopgap for a leak.
      const chosen = [...svc.replicas].sort((x, y) => y.memory - x.memory).slice(0, n);
      if (typeof limits === "number") svc.limitsFactor = limits;
      rollingRestart(chosen, spec.startupMs, nowMs, spec.memoryBaseline / svc.limitsFactor);
      const share = n / svc.replicas.length;
      svc.poolLeaked *= 1 - share;
      svc.queue *= 1 - share;
      if (spec.kind === "cache") svc.hitRatio *= 1 - share;
      return null;
    }
    case "scale-out": {
      const n = replicas ?? svc.replicas.length;
      if (n === 0) return "nothing to add";
      const version = majorityVersion(svc);
      const serial = nextSerial(svc);
      for (let k = 0; k < n; k++) {
        const r = placeReplica(next.topology, spec, svc.replicas.length, serial + k, version);
        r.memory = spec.memoryBaseline / svc.limitsFactor;
        if (!moveToHealthy(next, r, nowMs, spec.startupMs)) return "no healthy zone or node to place replicas on";
        Object.assign(r, { downFromMs: nowMs, readyAtMs: nowMs + spec.startupMs });
        svc.replicas.push(r);
      }
      return null;
    }
    case "scale-in": {
      const n = replicas ?? 1;
      if (n === 0) return "nothing to remove";
      if (n >= svc.replicas.length) return `cannot remove ${n} of ${svc.replicas.length} replicas`;
      svc.replicas.splice(svc.replicas.length - n, n);
      return null;
    }
    case "rollback": {
      const to = typeof a.params.to === "string" ? a.params.to : svc.stableVersion;
      if (to !== svc.stableVersion && !(to in svc.versionProfiles)) return `unknown version "${to}"`;
      const off = svc.replicas.filter((r) => r.version !== to);
      if (off.length === 0) return `every replica already runs "${to}"`;
      for (const r of off) r.version = to;
      rollingRestart(off, spec.startupMs, nowMs, spec.memoryBaseline / svc.limitsFactor);
      return null;
    }
    case "open-circuit-breaker":
    case "close-circuit-breaker": {
      const only = typeof a.params.callers === "string" ? a.params.callers.split(",").map((c) => c.trim()) : null;
      const callers = next.services.filter((s, k) => next.topology.services[k]!.calls.some((c) => c.service === name) && (only?.includes(s.name) ?? true));
      if (callers.length === 0) return `no caller of "${name}" matches`;
      for (const c of callers) {
        c.openBreakers = c.openBreakers.filter((n) => n !== name);
        if (a.kind === "open-circuit-breaker") c.openBreakers.push(name);
      }
      return null;
    }
    case "failover-zone":
    case "drain-node":
      return move(next, a, svc, nowMs);
    case "reset-pool":
      if (spec.poolSize === 0) return `"${name}" has no connection pool`;
      svc.poolLeaked = 0;
      return null;
    case "warm-cache":
      if (spec.kind !== "cache") return `"${name}" is not a cache`;
      svc.warmUntilMs = nowMs + 5 * 60_000;
      return null;
    case "degrade": {
      const shed = a.params.shed ?? 0.2;
      if (typeof shed !== "number" || shed < 0 || shed > 0.9) return "shed must be a number in 0..0.9";
      svc.shed = shed;
      return null;
    }
    default: {
      const unsupported: never = a.kind;
      return `unsupported action "${String(unsupported)}"`;
    }
  }
}

/** failover-zone / drain-node: re-places the replicas (of one service, or all) found in the
 * zone or on the node onto healthy nodes, preferring the same zone and the emptiest node. */
function move(next: FleetState, a: RemediationAction, only: ServiceState | null, nowMs: number): string | null {
  const { zone, node } = a.target;
  if (a.kind === "failover-zone" && !next.topology.zones.includes(zone!)) return `unknown zone "${zone}"`;
  const hit = (r: Replica) => (a.kind === "failover-zone" ? r.zone === zone : r.node === node);
  const targets = next.services.flatMap((s, k) => (only && s !== only ? [] : s.replicas.filter(hit).map((r) => ({ r, k }))));
  if (targets.length === 0) return `no replica ${only ? `of "${only.name}" ` : ""}runs in ${zone ?? node}`;
  const avoid = a.kind === "failover-zone" ? { zone } : { node };
  for (const { r, k } of targets) {
    if (!moveToHealthy(next, r, nowMs, next.topology.services[k]!.startupMs, avoid)) return "no healthy zone or node left to move to";
  }
  return null;
}

/** Marks the active faults this action heals; returns their ids. */
function heal(next: FleetState, a: RemediationAction, nowMs: number): string[] {
  const healed: string[] = [];
  const nothingOn = (hit: (r: Replica) => boolean) => next.services.every((s) => !s.replicas.some(hit));
  for (const f of next.faults) {
    if (f.mitigatedAtMs !== null || f.endedAtMs !== null || !f.heals.includes(a.kind)) continue;
    const hits =
      f.kind === "zone-loss" ? a.target.zone === f.zone && nothingOn((r) => r.zone === f.zone)
      : f.kind === "node-loss" ? a.target.node === f.node && nothingOn((r) => r.node === f.node)
      : f.kind === "pool-exhaustion" && a.kind === "restart" ? a.target.service === f.service && (a.target.replicas ?? Infinity) >= replicaCount(next, f.service)
      : f.kind === "slow-dependency" ? a.target.service === f.service && allCallersBroken(next, f.service)
      : a.target.service === f.service;
    if (!hits) continue;
    f.mitigatedAtMs = nowMs;
    f.mitigatedBy = a.idempotencyKey;
    healed.push(f.id);
  }
  return healed;
}

function allCallersBroken(next: FleetState, service: string | null): boolean {
  return next.services.every((s, k) => !next.topology.services[k]!.calls.some((c) => c.service === service) || s.openBreakers.includes(service ?? ""));
}

function replicaCount(next: FleetState, service: string | null): number {
  return next.services.find((s) => s.name === service)?.replicas.length ?? 0;
}

/** Each replica down for the service's start-up time, one after another; heaps restart at baseline. */
function rollingRestart(replicas: Replica[], startupMs: number, nowMs: number, memory: number): void {
  replicas.forEach((r, k) => {
    r.downFromMs = nowMs + k * startupMs;
    r.readyAtMs = nowMs + (k + 1) * startupMs;
    r.memory = memory;
  });
}

/** Re-places a replica on a node that is neither lost nor avoided, preferring its own zone and
 * the least-used node; it serves again after start-up. Returns false when nowhere is healthy. */
function moveToHealthy(next: FleetState, r: Replica, nowMs: number, startupMs: number, avoid: { zone?: string; node?: string } = {}): boolean {
  const usable = (zone: string, node: string) => zone !== avoid.zone && node !== avoid.node && !isPlacedDown(next, { zone, node });
  if (usable(r.zone, r.node) && avoid.zone === undefined && avoid.node === undefined) return true;
  const used = new Map<string, number>();
  for (const s of next.services) for (const x of s.replicas) used.set(x.node, (used.get(x.node) ?? 0) + 1);
  let best: { zone: string; node: string; score: number } | null = null;
  for (const zone of next.topology.zones) {
    for (let n = 1; n <= next.topology.nodesPerZone; n++) {
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
