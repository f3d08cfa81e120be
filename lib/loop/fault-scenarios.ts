import type { FaultSpec } from "@/lib/sim/fault-catalog";
import type { FaultKind } from "@/lib/sim/fleet-types";

// Targets per fault kind for the loop's tests and benchmark, rotated by seed. Slow
// dependencies are injected on the one service every caller reaches through an optional call
// (recommendations): opening the breakers in front of a required dependency fails its callers
// by design, so the fleet's ground truth only counts it healed for an optional one.
const targets: Record<FaultKind, (i: number) => FaultSpec> = {
  "memory-leak": (i) => ({ kind: "memory-leak", service: pick(["catalog", "users", "cart"], i), leakPerHour: 0.6 }),
  "bad-deploy": (i) => ({ kind: "bad-deploy", service: pick(["cart", "checkout", "catalog"], i), errorRate: 0.2, latencyFactor: 1, canaryFraction: i % 2 === 0 ? 1 : 0.5 }),
  "load-surge": (i) => ({ kind: "load-surge", service: pick(["search", "catalog", "cart"], i), factor: 3 }),
  "slow-dependency": (i) => ({ kind: "slow-dependency", service: "recommendations", latencyMs: pick([1_500, 800, 3_000], i) }),
  "node-loss": (i) => ({ kind: "node-loss", ...pick([{ service: "catalog", node: "zone-a-n1" }, { service: "payment", node: "zone-b-n1" }, { service: "users", node: "zone-c-n1" }], i) }),
  "zone-loss": (i) => ({ kind: "zone-loss", zone: pick(["zone-a", "zone-b", "zone-c"], i) }),
  "pool-exhaustion": (i) => ({ kind: "pool-exhaustion", service: pick(["users", "catalog", "inventory"], i), leakPerMinute: 0.2 }),
  "cache-failure": () => ({ kind: "cache-failure", service: "cache" }),
  "disk-filling": (i) => ({ kind: "disk-filling", service: pick(["database", "users", "catalog"], i), growthPerHour: 0.5 }),
};

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** The fault of kind `kind` for run number `i` (targets rotate with i). */
export function faultScenario(kind: FaultKind, i: number): FaultSpec {
  return targets[kind](i);
}
