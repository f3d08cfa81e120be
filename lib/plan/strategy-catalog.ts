import type { Diagnosis, FailureClass, PlanAction, RemediationLevel, StrategyId } from "./types";

/**
 * One remediation strategy. `handles` maps the failure classes it can heal to the catalog's
 * prior belief in its success (a probability, turned into a Beta prior worth a few
 * observations, so Knowledge overrides it quickly). `actions` returns null when the diagnosis
 * lacks what the strategy needs (a previous version, a node, a zone, a dependency).
 */
export type Strategy = {
  id: StrategyId;
  level: RemediationLevel;
  summary: string;
  handles: Partial<Record<FailureClass, number>>;
  /** Takes capacity away while it runs: refused on a service under stress. */
  resourceHungry: boolean;
  /** Visible to users while it runs: refused in peak hours unless the diagnosis is critical. */
  disruptive: boolean;
  actions: (d: Diagnosis) => PlanAction[] | null;
  /** Fraction of the service's own traffic at risk while the strategy runs, 0..1. */
  disruption: (d: Diagnosis) => number;
  timeToRecoverSeconds: number;
  /** Replica-hour equivalents: capacity added or lost (see PlanProposal.cost). */
  cost: (d: Diagnosis) => number;
};

const oneReplica = (d: Diagnosis): number => 1 / Math.max(1, d.metrics.replicas);
/** Scale out by half again, at least one replica: enough headroom for a surge without doubling. */
const scaleOutStep = (d: Diagnosis): number => Math.max(1, Math.ceil(d.metrics.replicas / 2));

export const strategyCatalog: readonly Strategy[] = [
  {
    id: "restart-replica",
    level: "light",
    summary: "Restart one replica",
    // A stopgap for a leak: memory climbs again on the same version.
    handles: { "memory-leak": 0.6, "pool-exhaustion": 0.5, "cache-failure": 0.3, unknown: 0.3 },
    resourceHungry: true,
    disruptive: false,
    actions: (d) => [{ kind: "restart", target: { service: d.service, replicas: 1 }, params: {} }],
    disruption: oneReplica,
    timeToRecoverSeconds: 60,
    cost: () => 0.02,
  },
  {
    id: "reset-pool",
    level: "light",
    summary: "Reset the connection pool",
    handles: { "pool-exhaustion": 0.8, "slow-dependency": 0.3 },
    resourceHungry: false,
    disruptive: false,
    actions: (d) => [{ kind: "reset-pool", target: { service: d.service }, params: {} }],
    disruption: () => 0.05,
    timeToRecoverSeconds: 20,
    cost: () => 0,
  },
  {
    id: "warm-cache",
    level: "light",
    summary: "Clear and warm the cache",
    handles: { "cache-failure": 0.8 },
    resourceHungry: true,
    disruptive: false,
    actions: (d) => [{ kind: "warm-cache", target: { service: d.service }, params: { clear: true } }],
    disruption: () => 0.1,
    timeToRecoverSeconds: 120,
    cost: () => 0.05,
  },
  {
    id: "rollback",
    level: "light",
    summary: "Roll back to the previous version",
    // Leaks and runaway disk use usually ship with a version; rolling back removes the cause.
    handles: { "bad-deploy": 0.9, "memory-leak": 0.8, "disk-filling": 0.7 },
    resourceHungry: true,
    disruptive: false,
    actions: (d) =>
      d.version.previous === undefined
        ? null
        : [
            {
              kind: "rollback",
              target: { service: d.service },
              params: { to: d.version.previous, from: d.version.current ?? "unknown" },
            },
          ],
    // A rolling rollback replaces one replica at a time.
    disruption: oneReplica,
    timeToRecoverSeconds: 180,
    cost: (d) => 0.05 * d.metrics.replicas,
  },
  {
    id: "scale-out",
    level: "resource",
    summary: "Add replicas",
    handles: {
      "load-surge": 0.85,
      "slow-dependency": 0.3,
      "node-loss": 0.4,
      "pool-exhaustion": 0.4,
      unknown: 0.3,
    },
    resourceHungry: false,
    disruptive: false,
    actions: (d) => [
      { kind: "scale-out", target: { service: d.service, replicas: scaleOutStep(d) }, params: {} },
    ],
    disruption: () => 0,
    timeToRecoverSeconds: 90,
    cost: (d) => scaleOutStep(d),
  },
  {
    id: "scale-in",
    level: "resource",
    summary: "Remove idle replicas",
    handles: {},
    resourceHungry: true,
    disruptive: false,
    actions: (d) =>
      d.metrics.replicas <= 1
        ? null
        : [{ kind: "scale-in", target: { service: d.service, replicas: 1 }, params: {} }],
    disruption: oneReplica,
    timeToRecoverSeconds: 60,
    cost: () => 0,
  },
  {
    id: "reallocate-resources",
    level: "resource",
    summary: "Raise CPU and memory limits (a rolling restart with larger limits)",
    handles: { "memory-leak": 0.6, "load-surge": 0.5, "disk-filling": 0.3 },
    resourceHungry: true,
    disruptive: false,
    actions: (d) => [
      {
        kind: "restart",
        target: { service: d.service, replicas: d.metrics.replicas },
        params: { limitsFactor: 1.5 },
      },
    ],
    disruption: oneReplica,
    timeToRecoverSeconds: 240,
    cost: (d) => 0.5 * d.metrics.replicas,
  },
  {
    id: "rebalance-load",
    level: "resource",
    summary: "Move replicas off the hot or failing node",
    handles: { "load-surge": 0.4, "node-loss": 0.7, "disk-filling": 0.4 },
    resourceHungry: true,
    disruptive: false,
    actions: (d) =>
      d.node === undefined
        ? null
        : [{ kind: "drain-node", target: { service: d.service, node: d.node }, params: { cordon: false } }],
    disruption: oneReplica,
    timeToRecoverSeconds: 180,
    cost: () => 0.2,
  },
  {
    id: "replace-node",
    level: "infrastructure",
    summary: "Cordon, drain and replace the node",
    handles: { "node-loss": 0.85, "disk-filling": 0.5 },
    resourceHungry: true,
    disruptive: true,
    actions: (d) =>
      d.node === undefined
        ? null
        : [
            {
              kind: "drain-node",
              target: { service: d.service, node: d.node },
              params: { cordon: true, replace: true },
            },
          ],
    disruption: () => 0.3,
    timeToRecoverSeconds: 600,
    cost: () => 2,
  },
  {
    id: "isolate-dependency",
    level: "infrastructure",
    summary: "Open the circuit breakers in front of the slow service",
    handles: { "slow-dependency": 0.8, "pool-exhaustion": 0.4 },
    resourceHungry: false,
    disruptive: true,
    // The breaker isolates `target.service` from its callers (all of them, or the one caller
    // in `params.callers` when a symptom service was diagnosed with its slow dependency).
    actions: (d): PlanAction[] => [
      d.dependency === undefined
        ? { kind: "open-circuit-breaker", target: { service: d.service }, params: {} }
        : {
            kind: "open-circuit-breaker",
            target: { service: d.dependency },
            params: { callers: d.service },
          },
    ],
    // Requests needing the dependency fail fast instead of slowly: a partial outage by design.
    disruption: () => 0.3,
    timeToRecoverSeconds: 30,
    cost: () => 0,
  },
  {
    id: "failover-zone",
    level: "infrastructure",
    summary: "Fail over to another zone",
    handles: { "zone-loss": 0.85, "node-loss": 0.4 },
    resourceHungry: true,
    disruptive: true,
    actions: (d) =>
      d.zone === undefined
        ? null
        : [{ kind: "failover-zone", target: { service: d.service, zone: d.zone }, params: {} }],
    disruption: () => 0.5,
    timeToRecoverSeconds: 300,
    cost: (d) => d.metrics.replicas,
  },
  {
    id: "degrade",
    level: "emergency",
    summary: "Degrade gracefully: shed optional features and a fifth of the load",
    handles: {
      "load-surge": 0.6,
      "slow-dependency": 0.5,
      "zone-loss": 0.4,
      "pool-exhaustion": 0.4,
      unknown: 0.3,
    },
    resourceHungry: false,
    disruptive: true,
    actions: (d) => [{ kind: "degrade", target: { service: d.service }, params: { shed: 0.2 } }],
    disruption: () => 0.2,
    timeToRecoverSeconds: 30,
    cost: () => 0,
  },
  {
    id: "emergency-drain",
    level: "emergency",
    summary: "Drain the service's traffic away from the failing node or zone",
    handles: { "node-loss": 0.6, "zone-loss": 0.6, "disk-filling": 0.5, unknown: 0.2 },
    resourceHungry: true,
    disruptive: true,
    actions: (d) => {
      if (d.zone !== undefined)
        return [
          {
            kind: "failover-zone",
            target: { service: d.service, zone: d.zone },
            params: { emergency: true },
          },
        ];
      if (d.node !== undefined)
        return [
          {
            kind: "drain-node",
            target: { service: d.service, node: d.node },
            params: { emergency: true, force: true },
          },
        ];
      return null;
    },
    disruption: () => 1,
    timeToRecoverSeconds: 120,
    cost: (d) => d.metrics.replicas,
  },
];

export function findStrategy(id: StrategyId): Strategy {
  const s = strategyCatalog.find((x) => x.id === id);
  if (s === undefined) throw new Error(`unknown strategy ${id}`);
  return s;
}
