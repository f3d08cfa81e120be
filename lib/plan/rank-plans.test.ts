import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCandidates } from "./build-candidates";
import { makeDiagnosis } from "./make-diagnosis";
import { rankPlans } from "./rank-plans";
import { failureClasses, type KnowledgeStats } from "./types";

describe("buildCandidates", () => {
  it("proposes rollback for a bad deploy only when a previous version is known", () => {
    const withPrev = buildCandidates(makeDiagnosis({ failureClass: "bad-deploy" }), {});
    expect(withPrev.map((p) => p.strategy)).toEqual(["rollback"]);
    expect(withPrev[0]?.actions).toEqual([
      { kind: "rollback", target: { service: "checkout" }, params: { to: "v1", from: "v2" } },
    ]);
    expect(buildCandidates(makeDiagnosis({ failureClass: "bad-deploy", version: {} }), {})).toEqual([]);
  });

  it("isolates the slow service itself, or only its diagnosed caller's edge", () => {
    const isolate = (overrides: Parameters<typeof makeDiagnosis>[0]) =>
      buildCandidates(makeDiagnosis({ failureClass: "slow-dependency", ...overrides }), {}).find(
        (p) => p.strategy === "isolate-dependency",
      )?.actions;
    expect(isolate({ service: "db" })).toEqual([
      { kind: "open-circuit-breaker", target: { service: "db" }, params: {} },
    ]);
    expect(isolate({ service: "api", dependency: "db" })).toEqual([
      { kind: "open-circuit-breaker", target: { service: "db" }, params: { callers: "api" } },
    ]);
  });

  it("scales the blast radius by the share of the service a strategy disturbs", () => {
    const d = makeDiagnosis({ blastRadius: { services: ["checkout", "web"], trafficShare: 0.4 } });
    const restart = buildCandidates(d, {}).find((p) => p.strategy === "restart-replica");
    expect(restart?.blastRadius).toEqual({ services: ["checkout", "web"], trafficShare: 0.1 });
  });

  it("learns from Knowledge: a strategy that keeps failing loses its rank", () => {
    const d = makeDiagnosis({ failureClass: "memory-leak", version: { current: "v7" } });
    expect(rankPlans(buildCandidates(d, {}))[0]?.strategy).toBe("restart-replica");
    const stats: KnowledgeStats = { "restart-replica": { "memory-leak": { successes: 1, failures: 20 } } };
    expect(rankPlans(buildCandidates(d, stats))[0]?.strategy).toBe("reallocate-resources");
  });

  it("ranks the healing strategy first for each fault the fleet injects", () => {
    const top = (overrides: Parameters<typeof makeDiagnosis>[0]) =>
      rankPlans(buildCandidates(makeDiagnosis(overrides), {}))[0]?.strategy;
    expect(top({ failureClass: "bad-deploy" })).toBe("rollback");
    expect(top({ failureClass: "memory-leak" })).toBe("rollback");
    expect(top({ failureClass: "disk-filling" })).toBe("rollback");
    expect(top({ failureClass: "load-surge" })).toBe("scale-out");
    expect(top({ failureClass: "pool-exhaustion" })).toBe("reset-pool");
    expect(top({ failureClass: "slow-dependency", dependency: "db" })).toBe("isolate-dependency");
    expect(top({ failureClass: "node-loss", node: "n1" })).toBe("replace-node");
    expect(top({ failureClass: "zone-loss", zone: "a" })).toBe("failover-zone");
    expect(top({ failureClass: "cache-failure" })).toBe("warm-cache");
  });
});

describe("rankPlans", () => {
  const arb = fc.record({
    failureClass: fc.constantFrom(...failureClasses),
    replicas: fc.integer({ min: 1, max: 20 }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    s: fc.nat(30),
    f: fc.nat(30),
  });

  it("is deterministic and independent of input order", () => {
    fc.assert(
      fc.property(arb, fc.integer(), (a, seed) => {
        const d = makeDiagnosis({
          failureClass: a.failureClass,
          metrics: { replicas: a.replicas },
          blastRadius: { services: [], trafficShare: a.share },
          node: "n",
          zone: "z",
          dependency: "db",
        });
        const plans = buildCandidates(d, {
          "scale-out": { [a.failureClass]: { successes: a.s, failures: a.f } },
        });
        const shuffled = [...plans].sort(
          (x, y) => ((x.strategy.length * seed) % 7) - ((y.strategy.length * seed) % 7),
        );
        const once = rankPlans(plans);
        expect(rankPlans(shuffled)).toEqual(once);
        for (let i = 1; i < once.length; i++)
          expect(once[i - 1]!.score).toBeGreaterThanOrEqual(once[i]!.score);
      }),
    );
  });
});
