import { describe, expect, it } from "vitest";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import { makeDiagnosis } from "@/lib/plan/make-diagnosis";
import { nextRemediationStep } from "@/lib/plan/next-remediation-step";
import { backtestPolicy } from "@/lib/policy/backtest-policy";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { recordedCycleSchema } from "@/lib/policy/recorded-cycle";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { compactCycles, incidentDigestSchema } from "./compact-cycles";
import { recordOutcome, successPosterior, toKnowledgeStats, type OutcomeStats } from "./outcome-stats";
import { toRecordedCycle } from "./to-recorded-cycle";

const parsed = validatePolicy(defaultPolicyYaml);
if (!parsed.ok) throw new Error("default policy invalid");
const policy = parsed.policy;
const now = Date.parse("2026-11-29T02:00:00Z");

describe("outcome stats", () => {
  it("counts each outcome without touching the input", () => {
    const empty: OutcomeStats = {};
    const one = recordOutcome(empty, { strategy: "rollback", failureClass: "bad-deploy", outcome: "succeeded" });
    const two = recordOutcome(one, { strategy: "rollback", failureClass: "bad-deploy", outcome: "rolled-back" });
    const three = recordOutcome(two, { strategy: "rollback", failureClass: "bad-deploy", outcome: "vetoed" });
    expect(empty).toEqual({});
    expect(one.rollback?.["bad-deploy"]).toEqual({ succeeded: 1, failed: 0, rolledBack: 0, vetoed: 0 });
    expect(three.rollback?.["bad-deploy"]).toEqual({ succeeded: 1, failed: 0, rolledBack: 1, vetoed: 1 });
  });

  it("gives the Planner rollbacks as failures and leaves vetoes out", () => {
    let stats: OutcomeStats = {};
    for (const outcome of ["succeeded", "succeeded", "failed", "rolled-back", "vetoed"] as const)
      stats = recordOutcome(stats, { strategy: "scale-out", failureClass: "load-surge", outcome });
    expect(toKnowledgeStats(stats)).toEqual({ "scale-out": { "load-surge": { successes: 2, failures: 2 } } });
  });

  it("moves the posterior toward what happened, from the catalog's prior", () => {
    const prior = successPosterior({}, "rollback", "bad-deploy");
    let stats: OutcomeStats = {};
    for (let i = 0; i < 10; i++) stats = recordOutcome(stats, { strategy: "rollback", failureClass: "bad-deploy", outcome: "failed" });
    const after = successPosterior(stats, "rollback", "bad-deploy");
    expect(prior.mean).toBeCloseTo(0.9, 5);
    expect(after.mean).toBeLessThan(0.3);
    expect(after.observations).toBe(10);
    expect(after.low).toBeLessThan(after.mean);
    expect(after.high).toBeGreaterThan(after.mean);
  });
});

function cycleWithPlan(at: number, incidentId: string): CycleRecord {
  const diagnosis = makeDiagnosis({ service: "checkout", failureClass: "bad-deploy", severity: "critical", detectedAt: at });
  const step = nextRemediationStep({ attempts: [], actions: [] }, diagnosis, policy, at);
  if (step.kind !== "propose") throw new Error("expected a proposal");
  return {
    seq: 1,
    at,
    observed: { samples: 144, services: 12, scores: [{ service: "checkout", score: 0.9 }], burst: false },
    anomalies: [{ service: "checkout", score: 0.9, confidence: 0.8, urgency: "high", sources: ["ensemble"], drivers: [] }],
    forecasts: [],
    canaries: [],
    incidents: [{ id: incidentId, status: "open", openedAt: at, onset: at - 20_000, resolvedAt: null, services: ["checkout"], rootCause: "checkout", failureClass: "bad-deploy", planIds: ["p1"] }],
    analyses: [],
    diagnoses: [{ ...diagnosis, incidentId }],
    plans: [{ planId: `${incidentId}-p1`, incidentId, proposal: step.plan }],
    steps: [],
    verifications: [],
  };
}

describe("toRecordedCycle", () => {
  it("gives the backtest a valid recorded cycle with the decision and the outcome", () => {
    const cycle = cycleWithPlan(now, "inc-1");
    const recorded = toRecordedCycle(cycle, [{ planId: "inc-1-p1", kind: "approved", at: now + 60_000 }], [{ planId: "inc-1-p1", startedAt: now + 61_000, finishedAt: now + 120_000, outcome: "succeeded" }]);
    expect(recordedCycleSchema.safeParse(recorded).success).toBe(true);
    expect(recorded.incidentId).toBe("inc-1");
    expect(recorded.plans[0]?.decision).toEqual({ kind: "approved", at: now + 60_000 });
    expect(recorded.plans[0]?.execution?.outcome).toBe("succeeded");
    const report = backtestPolicy(policy, [recorded]);
    expect(report).toBeDefined();
  });

  it("leaves decision and execution null when none happened", () => {
    const recorded = toRecordedCycle(cycleWithPlan(now, "inc-2"), [], []);
    expect(recorded.plans[0]?.decision).toBeNull();
    expect(recorded.plans[0]?.execution).toBeNull();
  });
});

describe("compactCycles", () => {
  it("folds old incidents into one summary, drops quiet old cycles, keeps recent ones", () => {
    const quiet: CycleRecord = { ...cycleWithPlan(now - 3_000, "x"), incidents: [], diagnoses: [], plans: [], anomalies: [] };
    const old = [cycleWithPlan(now, "inc-old"), { ...cycleWithPlan(now + 10_000, "inc-old"), plans: [] }];
    const recent = [cycleWithPlan(now + 86_400_000, "inc-new")];
    const result = compactCycles([quiet, ...old, ...recent], now + 3_600_000);
    expect(result.kept.map((c) => c.at)).toEqual([now + 86_400_000]);
    expect(result.dropped).toBe(1);
    expect(result.summaries).toHaveLength(1);
    const summary = result.summaries[0]!;
    expect(incidentDigestSchema.safeParse(summary).success).toBe(true);
    expect(summary).toMatchObject({ incidentId: "inc-old", cycles: 2, rootCause: "checkout", failureClass: "bad-deploy" });
    expect(summary.plans.map((p) => p.strategy)).toEqual(["rollback"]);
  });

  it("keeps an incident whole while any of its cycles is recent", () => {
    const result = compactCycles([cycleWithPlan(now, "inc-1"), cycleWithPlan(now + 7_200_000, "inc-1")], now + 3_600_000);
    expect(result.kept).toHaveLength(2);
    expect(result.summaries).toEqual([]);
  });
});
