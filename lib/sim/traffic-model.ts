import type { FleetState, ServiceState } from "./fleet-types";
import { isPlacedDown, isReady, profileOf, type StepEffects } from "./fault-dynamics";
import { anyOf, queueingFactor, timeoutFraction } from "./latency-math";
import type { Call } from "./topology-schema";

/** Requests beyond this many seconds of queued work are shed (fail fast). Kept below the
 * callers' timeouts: a queue longer than the timeout only serves requests nobody waits for. */
const maxQueueSeconds = 0.25;
/** A request waiting this long for a pooled connection gives up with an error. */
const poolTimeoutMs = 1_000;
/** Clients pinned to endpoints in a lost zone or node keep failing until traffic is moved. */
const misroutedShare = 0.5;
const latencyCapMs = 60_000;

/** Requests per second offered to and accepted by a service, its capacity, and how much
 * slower than nominal its ready replicas run (version and GC pressure). */
type Load = { offered: number; accepted: number; capacity: number; slowdown: number };

/** Computes this step's traffic, latency, errors and resource metrics for every service
 * (mutates `next`, a fresh copy). Demand flows callers-first using last step's failure
 * probabilities (retries amplify load: the retry storm); latency and errors then flow
 * callees-first, so a slow or failing service shows up in its callers within the step. */
export function computeTraffic(next: FleetState, dtMs: number, nowMs: number, effects: StepEffects, jitter: number[]): void {
  const { topology, services } = next;
  const index = new Map(services.map((s, i) => [s.name, i]));
  const incoming = services.map(() => 0);
  const loads: Load[] = services.map(() => ({ offered: 0, accepted: 0, capacity: 0, slowdown: 1 }));

  for (const i of next.order) {
    const spec = topology.services[i]!;
    const svc = services[i]!;
    const load = loads[i]!;
    const ready = svc.replicas.filter((r) => isReady(r, nowMs, next));
    load.slowdown = ready.length === 0 ? 1 : mean(ready.map((r) => profileOf(svc, r.version).latencyFactor * gcFactor(r.memory)));
    load.capacity = (ready.length * spec.capacityPerReplica * svc.limitsFactor) / load.slowdown;
    load.offered = (next.load.externalRps * spec.trafficShare + (incoming[i] ?? 0)) * svc.demandFactor;
    load.accepted = Math.min(load.offered * (1 - svc.shed), load.capacity);
    spec.calls.forEach((call, e) => {
      if (skipsCall(svc, call)) return;
      const j = index.get(call.service)!;
      const p = svc.edgeFailure[e] ?? 0;
      incoming[j] = (incoming[j] ?? 0) + load.accepted * call.perRequest * missShare(next, index, call) * Math.min(attempts(p, call.retries), 1 + call.retryBudget);
    });
  }

  for (let k = next.order.length - 1; k >= 0; k--) {
    const i = next.order[k]!;
    updateService(next, index, i, loads[i]!, dtMs, nowMs, effects.extraLatencyMs[i] ?? 0, jitter[i] ?? 0);
  }
}

function updateService(
  next: FleetState,
  index: Map<string, number>,
  i: number,
  load: Load,
  dtMs: number,
  nowMs: number,
  extraLatencyMs: number,
  jitter: number,
): void {
  const spec = next.topology.services[i]!;
  const svc = next.services[i]!;
  const dt = dtMs / 1000;
  const ready = svc.replicas.filter((r) => isReady(r, nowMs, next));

  const maxQueue = spec.replicas * spec.capacityPerReplica * maxQueueSeconds;
  // Requests refused on purpose (degrade) never queue.
  const admitted = load.offered * (1 - svc.shed);
  const backlog = svc.queue + (admitted - load.capacity) * dt;
  const overflow = Math.max(0, backlog - maxQueue);
  svc.queue = Math.min(Math.max(backlog, 0), maxQueue);
  const shed = load.offered > 0 ? Math.min(1, overflow / (load.offered * dt)) : 0;
  const waitMs = load.capacity > 0 ? (svc.queue / load.capacity) * 1000 : latencyCapMs;
  const rho = load.capacity > 0 ? admitted / load.capacity : admitted > 0 ? 10 : 0;

  const versionError = ready.length === 0 ? 0 : mean(ready.map((r) => profileOf(svc, r.version).errorRate));
  const ownP50 = spec.baseLatencyMs * load.slowdown * queueingFactor(rho) * (1 + 0.03 * jitter) + extraLatencyMs + waitMs;
  let p50 = ownP50;
  let p99 = ownP50 * 3.5;
  let dependencyError = 0;
  let pooledMs = ownP50;

  spec.calls.forEach((call, e) => {
    const j = index.get(call.service)!;
    const share = missShare(next, index, call);
    if (skipsCall(svc, call)) {
      // No calls, so no failures observed: retries start afresh when the breaker closes.
      svc.edgeFailure[e] = 0;
      // Fail fast: harmless where a fallback exists, an outage where the call is required.
      if (!call.optional) dependencyError = anyOf(dependencyError, share > 0 ? 1 : 0);
      return;
    }
    const m = next.services[j]!.metrics;
    const cost = callCost(m.latency_p50, m.latency_p99, m.error_rate, call);
    svc.edgeFailure[e] = cost.attemptFailure;
    p50 += call.perRequest * share * cost.meanMs;
    p99 += Math.min(1, call.perRequest * share) * cost.tailMs;
    if (next.topology.services[j]?.kind === "database") pooledMs += call.perRequest * share * cost.meanMs;
    // n calls per request: below one it is the share of requests that make the call; above,
    // a request fails when any of its calls fails for good.
    const n = call.perRequest * share;
    const failed = n <= 1 ? n * cost.finalFailure : 1 - (1 - cost.finalFailure) ** n;
    if (!call.optional) dependencyError = anyOf(dependencyError, failed);
  });

  let poolError = 0;
  let poolUse = 0;
  if (spec.poolSize > 0) {
    const free = ready.length * spec.poolSize * (1 - svc.poolLeaked);
    // Little's law: connections held = arrival rate × holding time.
    const demand = free > 0 ? (load.accepted * pooledMs) / 1000 / free : load.accepted > 0 ? Infinity : 0;
    poolUse = svc.poolLeaked + (1 - svc.poolLeaked) * Math.min(1, demand);
    poolError = demand > 1 ? 1 - 1 / demand : 0;
    p50 += poolError * poolTimeoutMs;
    if (poolError > 0.01) p99 += poolTimeoutMs;
  }

  const placedDown = svc.replicas.filter((r) => isPlacedDown(next, r)).length;
  const misrouted = (misroutedShare * placedDown) / svc.replicas.length;
  const diskError = svc.disk >= 1 ? 0.9 : 0;
  const errorRate = ready.length === 0 ? (load.offered > 0 ? 1 : 0) : anyOf(spec.baseErrorRate, versionError, svc.shed, shed, dependencyError, poolError, misrouted, diskError);

  p50 = Math.min(p50, latencyCapMs);
  p99 = Math.min(Math.max(p99, p50), latencyCapMs);
  const m = svc.metrics;
  m.request_rate = load.offered;
  m.latency_p50 = p50;
  m.latency_p95 = p50 + 0.55 * (p99 - p50);
  m.latency_p99 = p99;
  m.error_rate = errorRate;
  m.cpu = ready.length === 0 ? 0 : 0.05 + 0.85 * Math.min(rho, 1.5);
  m.memory = ready.length === 0 ? spec.memoryBaseline : mean(ready.map((r) => r.memory));
  m.saturation = Math.min(rho, 10);
  m.replicas_ready = ready.length;
  m.pool_use = poolUse;
  m.queue_depth = svc.queue;
  m.disk_use = svc.disk;
}

/** Calls not made: an open breaker, or an optional feature switched off while degraded. */
function skipsCall(svc: ServiceState, call: Call): boolean {
  return svc.openBreakers.includes(call.service) || (call.optional && svc.shed > 0);
}

/** Expected attempts per call with `retries` retries when each attempt fails with probability p. */
function attempts(p: number, retries: number): number {
  let sum = 0;
  let pk = 1;
  for (let k = 0; k <= retries; k++) {
    sum += pk;
    pk *= p;
  }
  return sum;
}

function callCost(p50: number, p99: number, errorRate: number, call: Call) {
  const timedOut = timeoutFraction(p50, p99, call.timeoutMs);
  const attemptFailure = anyOf(errorRate, timedOut);
  const n = Math.min(attempts(attemptFailure, call.retries), 1 + call.retryBudget);
  const attemptMs = (1 - timedOut) * Math.min(p50, call.timeoutMs) + timedOut * call.timeoutMs;
  return {
    attemptFailure,
    finalFailure: attemptFailure ** (call.retries + 1),
    meanMs: n * attemptMs,
    tailMs: n * Math.min(p99, call.timeoutMs),
  };
}

function missShare(next: FleetState, index: Map<string, number>, call: Call): number {
  if (call.onMissOf === undefined) return 1;
  const cache: ServiceState | undefined = next.services[index.get(call.onMissOf) ?? -1];
  return cache ? 1 - cache.hitRatio : 1;
}

/** Garbage-collection pressure: a heap above 85% of its limit slows the process. */
function gcFactor(memory: number): number {
  return memory > 0.85 ? 1 + 8 * (memory - 0.85) : 1;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

