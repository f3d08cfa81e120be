import type { FailureClass } from "@/lib/plan/types";
import type { InfraLoss } from "./find-infra-loss";
import { callersOf, rolledOutVersion, type Inventory } from "./inventory";
import type { MetricShift } from "./metric-shift";

// The failure class of an incident, from the shape of the evidence alone (never from a fault
// label). Each rule names the pattern an SRE would read off a dashboard:
// - replicas of several services gone on one node / every node of a zone → node / zone loss;
// - a service on a freshly rolled-out version: memory climbing → leak, disk climbing → disk
//   filling, errors or latency up → bad deploy;
// - connections in use climbing before latency moved → pool exhaustion;
// - a service whose request rate jumped far more than its callers', on calls made only on a
//   cache's misses → that cache failed (the stampede);
// - request rate and saturation up together → load surge;
// - memory or disk climbing without a rollout → leak or disk filling;
// - only latency (and what follows from it) up → the service is a slow dependency.

export type Classification = {
  failureClass: FailureClass;
  /** Where the remedy acts: the root service, or the cache in front of it. */
  service: string;
  /** Belief in the class, 0..1: how cleanly the pattern matched. */
  confidence: number;
  reasons: string[];
  zone?: string;
  node?: string;
};

export type ClassifyInput = {
  root: string;
  /** Shifts per service (at least the root and its callers). */
  shifts: ReadonlyMap<string, readonly MetricShift[]>;
  inventory: Inventory;
  infra: InfraLoss | null;
  /** Services with a deploy signal during the incident's window. */
  deployed?: ReadonlySet<string>;
};

const moved = (shifts: readonly MetricShift[] | undefined, metric: string): MetricShift | undefined =>
  shifts?.find((s) => s.metric === metric && s.shifted);

const describe = (s: MetricShift): string => `${s.service} ${s.metric} ${fmt(s.baseline)} → ${fmt(s.recent)} (z ${fmt(s.z)})`;
const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

export function classifyFailure(input: ClassifyInput): Classification {
  const { root, shifts, inventory, infra } = input;
  if (infra !== null) {
    const where = infra.kind === "zone-loss" ? `zone ${infra.zone}` : `node ${infra.nodes[0]}`;
    return {
      failureClass: infra.kind,
      service: root,
      confidence: Math.min(1, 0.5 + 0.1 * infra.services.length),
      reasons: [`replicas of ${infra.services.length} services not ready on ${where}: ${infra.services.map((s) => `${s.service} ${s.lost}/${s.total}`).join(", ")}`],
      zone: infra.zone,
      node: infra.kind === "node-loss" ? infra.nodes[0] : undefined,
    };
  }

  const cache = cacheStampede(input);
  if (cache) return cache;

  const own = shifts.get(root);
  const svc = inventory.services.find((s) => s.name === root);
  const version = svc ? rolledOutVersion(svc) : undefined;
  const memory = moved(own, "memory");
  const disk = moved(own, "disk_use");
  const pool = moved(own, "pool_use");
  const errors = moved(own, "error_rate");
  const latency = moved(own, "latency_p50") ?? moved(own, "latency_p99");
  const rate = moved(own, "request_rate");
  const saturation = moved(own, "saturation");
  const result = (failureClass: FailureClass, confidence: number, ...evidence: (MetricShift | string | undefined)[]): Classification => ({
    failureClass,
    service: root,
    confidence,
    reasons: evidence.flatMap((e) => (e === undefined ? [] : [typeof e === "string" ? e : describe(e)])),
  });

  const deployed = input.deployed?.has(root) ?? false;
  if (version !== undefined || deployed) {
    const rollout = version !== undefined ? `${root} runs ${version} (previously ${svc?.previousVersion})` : `${root} was deployed during the incident's window`;
    if (memory) return result("memory-leak", 0.9, rollout, memory);
    if (disk) return result("disk-filling", 0.9, rollout, disk);
    if (errors || latency) return result("bad-deploy", 0.9, rollout, errors, latency);
    return result("bad-deploy", 0.5, rollout, "no metric of its own moved yet");
  }
  if (pool && (latency === undefined || (pool.onset ?? Infinity) < (latency.onset ?? Infinity))) return result("pool-exhaustion", 0.8, pool, latency ?? "latency moved after the pool filled");
  if (rate && saturation) {
    const flatCallers = callersOf(inventory, root).every((c) => !moved(shifts.get(c.name), "request_rate"));
    return result("load-surge", flatCallers ? 0.85 : 0.7, rate, saturation);
  }
  if (memory) return result("memory-leak", 0.6, memory, "no rollout: a restart is the stopgap");
  if (disk) return result("disk-filling", 0.6, disk);
  if (latency) {
    const slowest = slowestCallee(input, root, latency);
    if (slowest) return { ...result("slow-dependency", 0.75, slowest, `${root} waits on ${slowest.service}`), service: slowest.service };
    return result("slow-dependency", errors ? 0.6 : 0.75, latency, errors);
  }
  if (rate) return result("load-surge", 0.5, rate);
  return result("unknown", 0.3, errors, "no pattern matched");
}

/** A service taking calls that are made only on a cache's misses, whose request rate jumped
 * while its callers' did not: the cache stopped hitting. */
function cacheStampede({ shifts, inventory }: ClassifyInput): Classification | null {
  for (const target of inventory.services) {
    const rate = moved(shifts.get(target.name), "request_rate");
    if (!rate) continue;
    const missCallers = inventory.services.filter((s) => s.calls.some((c) => c.service === target.name && c.onMissOf !== undefined));
    if (missCallers.length === 0) continue;
    // Callers may see more requests too (their own callers retry the failures), but far less
    // than the calls they now pass on: a third of the target's rise at most.
    const callerRise = Math.max(0, ...callersOf(inventory, target.name).map((c) => {
      const m = shifts.get(c.name)?.find((x) => x.metric === "request_rate");
      return m ? relativeRise(m) : 0;
    }));
    if (callerRise > relativeRise(rate) / 3) continue;
    const cache = missCallers[0]!.calls.find((c) => c.service === target.name)!.onMissOf!;
    return {
      failureClass: "cache-failure",
      service: cache,
      confidence: 0.8,
      reasons: [describe(rate), `${missCallers.map((c) => c.name).join(", ")} call ${target.name} on ${cache} misses; its callers' own request rate rose ${Math.round(100 * callerRise)}% at most`],
    };
  }
  return null;
}

const relativeRise = (m: MetricShift): number => (m.recent - m.baseline) / Math.max(Math.abs(m.baseline), 1e-9);

/** Follows slow calls down the graph: the callee whose own latency rose the most (relatively,
 * and more than its caller's) is where the time goes. */
function slowestCallee({ shifts, inventory }: ClassifyInput, root: string, rootLatency: MetricShift): MetricShift | null {
  let best: MetricShift | null = null;
  let current = root;
  let rise = relativeRise(rootLatency);
  for (let hops = 0; hops < inventory.services.length; hops++) {
    const calls = inventory.services.find((s) => s.name === current)?.calls ?? [];
    const next = calls
      .flatMap((c) => {
        const m = moved(shifts.get(c.service), "latency_p50");
        return m && relativeRise(m) > rise ? [m] : [];
      })
      .sort((a, b) => relativeRise(b) - relativeRise(a))[0];
    if (!next) break;
    best = next;
    current = next.service;
    rise = relativeRise(next);
  }
  return best;
}
