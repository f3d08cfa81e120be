import type { FleetState, Replica, ServiceState, VersionProfile } from "./fleet-types";
import type { ServiceSpec } from "./topology-schema";

const hourMs = 3_600_000;
/** A cold cache refills on its own in ~15 min (reads repopulate it); a warm-up job in ~20 s. */
const naturalRefillTauMs = 15 * 60_000;
const warmRefillTauMs = 20_000;
/** Log retention frees disk at this rate once growth stops, fraction per hour. */
const diskCleanupPerHour = 3;

export const stableProfile: VersionProfile = { errorRate: 0, latencyFactor: 1, leakPerHour: 0, diskPerHour: 0 };

export function profileOf(svc: ServiceState, version: string): VersionProfile {
  return svc.versionProfiles[version] ?? stableProfile;
}

/** Whether a place (a replica's zone and node) is in a lost zone or on a lost node. */
export function isPlacedDown(state: Pick<FleetState, "downZones" | "downNodes">, at: { zone: string; node: string }): boolean {
  return state.downZones.includes(at.zone) || state.downNodes.includes(at.node);
}

export function isReady(r: Replica, nowMs: number, state: Pick<FleetState, "downZones" | "downNodes">): boolean {
  if (nowMs >= r.downFromMs && nowMs < r.readyAtMs) return false;
  return !isPlacedDown(state, r);
}

/** Per-service effects that the traffic model reads this step. */
export type StepEffects = { extraLatencyMs: number[] };

/** Advances the state that faults and time change by themselves (mutates `next`, a fresh
 * copy): surges, lost zones and nodes, leaking pools, cold caches, memory and disk growth,
 * OOM kills. Runs before the traffic model of the same step. */
export function advanceFaults(next: FleetState, dtMs: number, nowMs: number): StepEffects {
  const index = new Map(next.services.map((s, i) => [s.name, i]));
  const extraLatencyMs = next.services.map(() => 0);
  const downZones = new Set<string>();
  const downNodes = new Set<string>();
  const coldCaches = new Set<number>();
  for (const s of next.services) s.demandFactor = 1;

  for (const fault of next.faults) {
    if (fault.endedAtMs !== null) continue;
    const duration = fault.params.durationMs;
    if (typeof duration === "number" && nowMs >= fault.onsetMs + duration) {
      fault.endedAtMs = nowMs;
      continue;
    }
    const i = fault.service === null ? -1 : (index.get(fault.service) ?? -1);
    const svc = next.services[i];
    const live = fault.mitigatedAtMs === null;
    switch (fault.kind) {
      case "load-surge":
        if (svc) svc.demandFactor *= Number(fault.params.factor);
        break;
      case "slow-dependency":
        // The dependency stays slow after its callers open their breakers: that is the point.
        if (svc) extraLatencyMs[i] = (extraLatencyMs[i] ?? 0) + Number(fault.params.latencyMs);
        break;
      case "zone-loss":
        if (fault.zone) downZones.add(fault.zone);
        break;
      case "node-loss":
        if (fault.node) downNodes.add(fault.node);
        break;
      case "pool-exhaustion":
        if (svc && live) svc.poolLeaked = Math.min(1, svc.poolLeaked + (Number(fault.params.leakPerMinute) * dtMs) / 60_000);
        break;
      case "cache-failure":
        if (live) coldCaches.add(i);
        break;
      default:
        break;
    }
  }
  next.downZones = [...downZones];
  next.downNodes = [...downNodes];

  next.services.forEach((svc, i) => {
    const spec = next.topology.services[i]!;
    if (spec.kind === "cache") advanceCache(svc, spec, coldCaches.has(i), dtMs, nowMs);
    advanceReplicas(svc, spec, dtMs, nowMs);
  });
  return { extraLatencyMs };
}

function advanceCache(svc: ServiceState, spec: ServiceSpec, cold: boolean, dtMs: number, nowMs: number): void {
  if (cold) {
    svc.hitRatio = 0;
    return;
  }
  const tau = nowMs < svc.warmUntilMs ? warmRefillTauMs : naturalRefillTauMs;
  svc.hitRatio = spec.hitRatio - (spec.hitRatio - svc.hitRatio) * Math.exp(-dtMs / tau);
}

function advanceReplicas(svc: ServiceState, spec: ServiceSpec, dtMs: number, nowMs: number): void {
  let diskGrowth = 0;
  svc.replicas.forEach((r, k) => {
    const profile = profileOf(svc, r.version);
    diskGrowth += profile.diskPerHour / svc.replicas.length;
    const running = !(nowMs >= r.downFromMs && nowMs < r.readyAtMs);
    if (!running) return;
    // Replicas leak at slightly different rates (their traffic differs), so OOM kills stagger.
    const spread = 0.85 + 0.3 * ((k * 0.6180339887) % 1);
    r.memory += (profile.leakPerHour * spread * dtMs) / hourMs / svc.limitsFactor;
    if (r.memory >= 1) {
      // OOM kill: the container restarts with a fresh heap.
      r.memory = spec.memoryBaseline / svc.limitsFactor;
      r.downFromMs = nowMs;
      r.readyAtMs = nowMs + spec.startupMs;
    }
  });
  if (diskGrowth > 0) svc.disk = Math.min(1, svc.disk + (diskGrowth * dtMs) / hourMs);
  else if (svc.disk > spec.diskBaseline) svc.disk = Math.max(spec.diskBaseline, svc.disk - (diskCleanupPerHour * dtMs) / hourMs);
}
