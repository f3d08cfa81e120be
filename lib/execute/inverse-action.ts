import type { PlanAction } from "@/lib/plan/types";

// What undoes an action when verification finds it made things worse. Only actions with a
// well-defined opposite are reversible; a restart, a pool reset or a cache warm-up cannot be
// taken back, and moving traffic off a zone or node is undone by the platform when it heals.

/**
 * The action that undoes `action`, or null when there is none. `before` is what the loop
 * recorded just before the action: the service's version and replica count. Replica counts
 * follow lib/sim: a scale-out without `replicas` doubles the service, a scale-in without it
 * removes one.
 */
export function inverseAction(
  action: PlanAction,
  before: { version?: string; replicas?: number } = {},
): PlanAction | null {
  const { target, params } = action;
  switch (action.kind) {
    case "scale-out": {
      const added = target.replicas ?? before.replicas;
      return added === undefined
        ? null
        : { kind: "scale-in", target: { ...target, replicas: added }, params: {} };
    }
    case "scale-in":
      return { kind: "scale-out", target: { ...target, replicas: target.replicas ?? 1 }, params: {} };
    case "open-circuit-breaker":
      return { kind: "close-circuit-breaker", target, params };
    case "close-circuit-breaker":
      return { kind: "open-circuit-breaker", target, params };
    case "degrade":
      return { kind: "degrade", target, params: { shed: 0 } };
    case "rollback":
      return before.version === undefined
        ? null
        : { kind: "rollback", target, params: { to: before.version } };
    case "restart":
    case "reset-pool":
    case "warm-cache":
    case "failover-zone":
    case "drain-node":
      return null;
  }
}
