import type { ServiceSignal } from "@/lib/monitor/types";
import type { FleetState } from "./fleet-types";

export type ServiceVersions = { current: string; previous?: string; replicasByVersion: Record<string, number> };

/** Versions per service as a deploy system would report them: `current` is the newest version
 * rolled out (to some or all replicas), `previous` the stable one it replaced, if any. */
export function serviceVersions(state: FleetState): Record<string, ServiceVersions> {
  const out: Record<string, ServiceVersions> = {};
  for (const svc of state.services) {
    const replicasByVersion: Record<string, number> = {};
    for (const r of svc.replicas) replicasByVersion[r.version] = (replicasByVersion[r.version] ?? 0) + 1;
    const rolledOut = Object.keys(replicasByVersion).filter((v) => v !== svc.stableVersion);
    // Versions are rolled out in fault order; the last one named is the newest.
    const newest = [...state.faults].reverse().find((f) => f.service === svc.name && rolledOut.includes(String(f.params.version)));
    const current = newest ? String(newest.params.version) : (rolledOut[0] ?? svc.stableVersion);
    out[svc.name] = current === svc.stableVersion ? { current, replicasByVersion } : { current, previous: svc.stableVersion, replicasByVersion };
  }
  return out;
}

/** Deploy events in (sinceMs, nowMs]: what a CD pipeline would announce. They say that a
 * version shipped, not that it is bad (that is for Analyze to find out). */
export function deploySignals(state: FleetState, sinceMs: number, nowMs: number): ServiceSignal[] {
  return state.faults
    .filter((f) => typeof f.params.version === "string" && f.service !== null && f.onsetMs > sinceMs && f.onsetMs <= nowMs)
    .map((f) => {
      const replicas = Number(f.params.replicas);
      const total = state.services.find((s) => s.name === f.service)?.replicas.length ?? replicas;
      const canary = replicas < total ? ` (canary: ${replicas} of ${total} replicas)` : "";
      return {
        service: f.service!,
        kind: "deploy",
        t: f.onsetMs,
        severity: "info",
        summary: `deployed ${String(f.params.version)}${canary}`,
        labels: { version: String(f.params.version) },
      };
    });
}
