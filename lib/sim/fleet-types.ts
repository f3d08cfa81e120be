import type { FleetMetric } from "@/lib/monitor/types";
import type { ActionKind, FailureClass } from "@/lib/plan/types";
import type { Topology } from "./topology-schema";

/** The fault catalog. Kinds are the Planner's failure classes, so a diagnosis can be scored
 * against the ground truth by equality. */
export const faultKinds = [
  "memory-leak",
  "bad-deploy",
  "load-surge",
  "slow-dependency",
  "node-loss",
  "zone-loss",
  "pool-exhaustion",
  "cache-failure",
  "disk-filling",
] as const satisfies readonly FailureClass[];
export type FaultKind = (typeof faultKinds)[number];

/** Remediations are the Planner's action kinds (lib/plan/types `actionKinds`). */
export type RemediationKind = ActionKind;

/** What a version of a service does differently from the stable one (per replica on it). */
export type VersionProfile = {
  /** Added to the per-request error probability. */
  errorRate: number;
  /** Multiplies own processing latency. */
  latencyFactor: number;
  /** Memory growth, fraction of the limit per hour. */
  leakPerHour: number;
  /** Disk growth, fraction of the volume per hour. */
  diskPerHour: number;
};

export type Replica = {
  id: string;
  zone: string;
  node: string;
  version: string;
  /** Fraction of the memory limit; an OOM kill restarts the replica at 1. */
  memory: number;
  /** Not serving during [downFromMs, readyAtMs): a restart or a reschedule. */
  downFromMs: number;
  readyAtMs: number;
};

export type ServiceMetrics = Record<FleetMetric, number>;

export type ServiceState = {
  name: string;
  stableVersion: string;
  versionProfiles: Record<string, VersionProfile>;
  replicas: Replica[];
  /** Callee names whose edge from this service has an open circuit breaker. */
  openBreakers: string[];
  /** Fraction of each replica's connection pool held by leaked connections. */
  poolLeaked: number;
  /** Current hit ratio (caches only). */
  hitRatio: number;
  /** A cache warm-up (preloading hot keys) runs until this time. */
  warmUntilMs: number;
  disk: number;
  /** Requests waiting, summed over replicas. */
  queue: number;
  /** Extra demand multiplier from surges. */
  demandFactor: number;
  /** Resource limits relative to the topology's (a restart with `limitsFactor`): scales
   * per-replica capacity and the memory limit. */
  limitsFactor: number;
  /** Fraction of incoming requests refused on purpose (`degrade`); optional calls are skipped too. */
  shed: number;
  /** Probability that one attempt of each outgoing call fails, as seen last step (aligned with the topology's calls). */
  edgeFailure: number[];
  metrics: ServiceMetrics;
};

export type FaultTarget = { service: string | null; zone?: string; node?: string };

export type Fault = FaultTarget & {
  id: string;
  kind: FaultKind;
  onsetMs: number;
  params: Record<string, number | string>;
  /** Remediation kinds that heal this fault when aimed at its target. */
  heals: RemediationKind[];
  /** Set when a healing remediation was applied; the fault's effect stops then, except for external causes (see `fault-catalog.ts`). */
  mitigatedAtMs: number | null;
  mitigatedBy: string | null;
  /** Set when the cause ends by itself (a surge with a duration). */
  endedAtMs: number | null;
};

export type RemediationResult = {
  status: "applied" | "duplicate" | "rejected";
  reason?: string;
  healedFaultIds: string[];
};

export type FleetState = {
  topology: Topology;
  nowMs: number;
  services: ServiceState[];
  /** Service indices with every caller before its callees. */
  order: number[];
  load: { noise: number; burstFactor: number; burstUntilMs: number; externalRps: number };
  downZones: string[];
  downNodes: string[];
  faults: Fault[];
  appliedActions: Record<string, RemediationResult>;
};
