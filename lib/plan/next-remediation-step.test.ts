import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { makeDiagnosis } from "./make-diagnosis";
import { nextRemediationStep, type RemediationAttempt } from "./next-remediation-step";
import { failureClasses, levelRank } from "./types";

const parsed = validatePolicy(defaultPolicyYaml);
if (!parsed.ok) throw new Error("default policy invalid");
const policy = parsed.policy;
// Sunday 02:00 UTC: inside the maintenance window and outside peak hours, so nothing waits.
const t0 = Date.parse("2026-11-29T02:00:00Z");
const noHistory = { attempts: [], actions: [] };

describe("nextRemediationStep", () => {
  // A leak in a long-running version: no previous version to roll back to.
  const d = makeDiagnosis({ failureClass: "memory-leak", version: { current: "v7" } });

  it("rolls back a leak that came with a deploy before restarting anything", () => {
    const deployed = makeDiagnosis({ failureClass: "memory-leak" });
    expect(nextRemediationStep(noHistory, deployed, policy, t0)).toMatchObject({
      kind: "propose",
      plan: { strategy: "rollback", actions: [{ kind: "rollback", params: { to: "v1" } }] },
      alternatives: [{ strategy: "restart-replica" }],
    });
  });

  it("starts light, backs off after a failure, then escalates, then asks a human", () => {
    const first = nextRemediationStep(noHistory, d, policy, t0);
    expect(first).toMatchObject({ kind: "propose", plan: { strategy: "restart-replica", level: "light" } });

    const failedRestart: RemediationAttempt = {
      strategy: "restart-replica",
      level: "light",
      proposedAt: t0,
      finishedAt: t0 + 60_000,
      outcome: "failed",
    };
    const h1 = { attempts: [failedRestart], actions: [] };
    expect(nextRemediationStep(h1, d, policy, t0 + 90_000)).toEqual({
      kind: "wait",
      until: t0 + 180_000,
      reason: "backing off after restart-replica failed",
    });
    const second = nextRemediationStep(h1, d, policy, t0 + 180_000);
    expect(second).toMatchObject({
      kind: "propose",
      plan: { strategy: "reallocate-resources", level: "resource" },
    });

    const failedRealloc: RemediationAttempt = {
      strategy: "reallocate-resources",
      level: "resource",
      proposedAt: t0 + 200_000,
      finishedAt: t0 + 500_000,
      outcome: "rolled-back",
    };
    const h2 = { attempts: [failedRestart, failedRealloc], actions: [] };
    const end = nextRemediationStep(h2, d, policy, t0 + 900_000);
    expect(end).toMatchObject({ kind: "needs-human", evidence: { attempts: h2.attempts } });
  });

  it("skips long shots when a plausible fix exists at a later level", () => {
    const slow = makeDiagnosis({ service: "db", failureClass: "slow-dependency" });
    expect(nextRemediationStep(noHistory, slow, policy, t0)).toMatchObject({
      kind: "propose",
      plan: { strategy: "isolate-dependency", level: "infrastructure" },
    });
    const unknown = makeDiagnosis({ failureClass: "unknown" });
    expect(nextRemediationStep(noHistory, unknown, policy, t0)).toMatchObject({
      kind: "propose",
      plan: { level: "light" },
    });
  });

  it("waits for a pending attempt and stops after a success", () => {
    const pending: RemediationAttempt = {
      strategy: "restart-replica",
      level: "light",
      proposedAt: t0,
      outcome: "pending",
    };
    expect(nextRemediationStep({ attempts: [pending], actions: [] }, d, policy, t0).kind).toBe("wait");
    expect(
      nextRemediationStep(
        { attempts: [{ ...pending, outcome: "succeeded", finishedAt: t0 }], actions: [] },
        d,
        policy,
        t0,
      ).kind,
    ).toBe("done");
  });

  it("offers the next alternative at the same level after a veto, without backoff", () => {
    const pool = makeDiagnosis({ failureClass: "pool-exhaustion" });
    const first = nextRemediationStep(noHistory, pool, policy, t0);
    expect(first).toMatchObject({ kind: "propose", plan: { strategy: "reset-pool" } });
    const vetoed: RemediationAttempt = {
      strategy: "reset-pool",
      level: "light",
      proposedAt: t0,
      finishedAt: t0,
      outcome: "vetoed",
    };
    expect(nextRemediationStep({ attempts: [vetoed], actions: [] }, pool, policy, t0)).toMatchObject({
      kind: "propose",
      plan: { strategy: "restart-replica", level: "light" },
    });
  });

  it("does not remediate a symptom while its root cause is being remediated", () => {
    const web = makeDiagnosis({ service: "web", failureClass: "slow-dependency" });
    const step = nextRemediationStep(noHistory, web, policy, t0, {
      stats: {},
      activeRemediations: [{ rootService: "db", upstream: ["api", "web"] }],
    });
    expect(step).toMatchObject({ kind: "suppressed", rootService: "db" });
    const root = makeDiagnosis({ service: "db", failureClass: "slow-dependency" });
    expect(
      nextRemediationStep(noHistory, root, policy, t0, {
        stats: {},
        activeRemediations: [{ rootService: "db", upstream: ["api", "web"] }],
      }).kind,
    ).not.toBe("suppressed");
  });

  it("asks a human with the evidence when the policy allows nothing", () => {
    const held = makeDiagnosis({ severity: "info", confidence: 0.1 });
    const step = nextRemediationStep(noHistory, held, policy, t0);
    expect(step.kind).toBe("needs-human");
    if (step.kind === "needs-human") expect(step.evidence.blocked.length).toBeGreaterThan(0);
  });

  it("waits out a hold instead of escalating or handing over", () => {
    const held = validatePolicy(
      defaultPolicyYaml.replace(
        "holds: []",
        "holds:\n  - { service: checkout, reason: launch freeze, from: 2026-11-28T00:00:00Z, until: 2026-11-30T00:00:00Z }",
      ),
    );
    if (!held.ok) throw new Error("invalid");
    const step = nextRemediationStep(noHistory, d, held.policy, t0);
    expect(step).toMatchObject({ kind: "wait", until: null });
    expect(step.kind === "wait" && step.reason).toContain("launch freeze");
    expect(nextRemediationStep(noHistory, d, held.policy, Date.parse("2026-11-30T00:00:00Z")).kind).toBe(
      "propose",
    );
  });

  it("never proposes a strategy twice, never goes down a level, and always ends", () => {
    const outcome = fc.constantFrom("failed" as const, "rolled-back" as const, "vetoed" as const);
    fc.assert(
      fc.property(
        fc.constantFrom(...failureClasses),
        fc.array(outcome, { minLength: 20, maxLength: 20 }),
        fc.constantFrom("warning" as const, "critical" as const),
        (failureClass, outcomes, severity) => {
          const diag = makeDiagnosis({ failureClass, severity, node: "n1", zone: "z1", dependency: "db" });
          const attempts: RemediationAttempt[] = [];
          let now = t0;
          for (const o of outcomes) {
            const step = nextRemediationStep({ attempts, actions: [] }, diag, policy, now);
            if (step.kind === "wait") {
              now = step.until ?? now;
              continue;
            }
            if (step.kind !== "propose") {
              expect(step.kind).toBe("needs-human");
              return;
            }
            expect(attempts.map((a) => a.strategy)).not.toContain(step.plan.strategy);
            const prev = attempts.at(-1);
            if (prev) expect(levelRank(step.plan.level)).toBeGreaterThanOrEqual(levelRank(prev.level));
            attempts.push({
              strategy: step.plan.strategy,
              level: step.plan.level,
              proposedAt: now,
              finishedAt: now + 60_000,
              outcome: o,
            });
            now += 60_000;
          }
          expect(nextRemediationStep({ attempts, actions: [] }, diag, policy, now + 86_400_000).kind).toBe(
            "needs-human",
          );
        },
      ),
    );
  });
});
