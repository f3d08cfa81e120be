import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCandidates } from "@/lib/plan/build-candidates";
import { makeDiagnosis } from "@/lib/plan/make-diagnosis";
import { failureClasses } from "@/lib/plan/types";
import { backtestPolicy } from "./backtest-policy";
import { backtestReportSchema } from "./backtest-report";
import { defaultPolicyYaml } from "./default-policy";
import { generateRecordedWeek, weekStart } from "./generate-recorded-week";
import type { Policy } from "./policy-schema";
import type { RecordedCycle, RecordedPlan } from "./recorded-cycle";
import { validatePolicy } from "./validate-policy";

const load = (text: string): Policy => {
  const r = validatePolicy(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
};

// 168 hourly incidents: 56 memory leaks (14 on the critical "payments"), auto-approved and
// healed in 60 s; 56 bad deploys approved by a human after 300 s and healed 180 s later;
// 56 zone losses vetoed. See generate-recorded-week.ts.
const week = generateRecordedWeek();

const permissive = `version: 2
name: permissive
rules:
  - id: auto-fix
    allow: [restart-replica, rollback]
    autoApprove: { strategies: [restart-replica, rollback], maxReplicas: all, maxActions: 10 }
`;

describe("backtestPolicy over a recorded week", () => {
  it("replays the default policy: critical-tier restarts now wait for a human", () => {
    const r = backtestPolicy(load(defaultPolicyYaml), week);
    expect(r.cycles).toBe(10_080);
    expect(r.plans).toBe(168);
    expect(r.draft).toEqual({
      proposed: 168,
      autoExecuted: 42,
      needsApproval: 126,
      twoApprovers: 56,
      blocked: 0,
    });
    expect(r.recorded).toEqual({ autoApproved: 56, approved: 56, vetoed: 56, undecided: 0, executed: 112 });
    expect(r.autoExecutedOutcomes).toEqual({ succeeded: 42, failed: 0, rolledBack: 0, notExecuted: 0 });
    // The 14 auto-approved restarts of the critical "payments" now go to a person.
    expect(r.changes).toMatchObject({ total: 14, autoGained: 0, autoLost: 14 });
    expect(r.changes.plans[0]).toMatchObject({
      planId: "plan-0",
      at: weekStart,
      service: "payments",
      strategy: "restart-replica",
      before: "auto",
      after: "approval",
    });
    expect(r.changes.plans[0]!.ruleId).not.toBeNull();
    expect(r.firstChoice).toEqual({
      incidents: 168,
      same: 168,
      different: 0,
      onlyDraft: 0,
      onlyRecorded: 0,
      examples: [],
    });
    expect(r.agreement).toMatchObject({
      approvals: { total: 56, agreed: 56 },
      vetoes: { total: 56, agreed: 56, blocked: 0 },
      rate: 1,
      disagreements: [],
    });
    // Recorded: (56·60 s + 56·480 s)/112 = 270 s. The 14 payments restarts gain the median
    // human delay of 300 s: +14·300/112 = +37.5 s.
    expect(r.timeToRemediate).toEqual({
      incidents: 112,
      recordedMeanSeconds: 270,
      estimatedMeanSeconds: 307.5,
      meanChangeSeconds: 37.5,
      notRemediatedByDraft: 0,
    });
  });

  it("replays a permissive draft: rollbacks run at once, failovers are never proposed", () => {
    const r = backtestPolicy(load(permissive), week);
    expect(r.draft).toEqual({
      proposed: 112,
      autoExecuted: 112,
      needsApproval: 0,
      twoApprovers: 0,
      blocked: 56,
    });
    expect(r.blockedReasons).toEqual([{ reason: "no matching rule allows failover-zone", count: 56 }]);
    // Rollbacks gain auto-execution; failovers, put to people before, are now blocked.
    expect(r.changes).toMatchObject({ total: 112, autoGained: 56, autoLost: 0 });
    expect(r.changes.plans).toHaveLength(50);
    expect(r.changes.plans[0]).toMatchObject({ service: "checkout", strategy: "rollback", before: "approval", after: "auto", ruleId: "auto-fix" });
    expect(r.changes.plans[1]).toMatchObject({
      strategy: "failover-zone",
      after: "blocked",
      ruleId: null,
      reason: "no matching rule allows failover-zone",
    });
    expect(r.firstChoice).toMatchObject({ incidents: 168, same: 112, onlyRecorded: 56 });
    expect(r.firstChoice.examples[0]).toEqual({
      incidentId: "incident-2",
      service: "cart",
      draft: null,
      recorded: "failover-zone",
    });
    expect(r.agreement).toMatchObject({
      approvals: { total: 56, agreed: 56 },
      vetoes: { total: 56, agreed: 56, blocked: 56 },
      rate: 1,
    });
    // The 56 rollbacks skip the 300 s wait: −56·300/112 = −150 s.
    expect(r.timeToRemediate).toMatchObject({
      incidents: 112,
      recordedMeanSeconds: 270,
      estimatedMeanSeconds: 120,
      meanChangeSeconds: -150,
    });
  });

  it("counts disagreement when a draft would auto-run what humans vetoed", () => {
    // Failovers touch 40% of traffic: above the default 30% they would need two approvers,
    // which rules out auto-approval, so this draft also raises the threshold.
    const reckless = load(
      `${permissive.replaceAll("rollback]", "rollback, failover-zone]")}approvals: { twoApproversAboveBlastRadius: 0.5 }\n`,
    );
    const r = backtestPolicy(reckless, week, { maxDisagreements: 5 });
    expect(r.agreement.vetoes).toEqual({ total: 56, agreed: 0, blocked: 0 });
    expect(r.agreement.rate).toBeCloseTo(56 / 112);
    expect(r.agreement.disagreements).toHaveLength(5);
    expect(r.agreement.disagreements[0]).toMatchObject({
      planId: "plan-2",
      human: "vetoed",
      draft: "auto",
      strategy: "failover-zone",
    });
  });

  it("names the rule that denies a plan it would block", () => {
    const noRollbacks = load(`${permissive}  - id: no-rollbacks\n    deny: [rollback]\n`);
    const r = backtestPolicy(noRollbacks, week);
    const rollback = r.changes.plans.find((c) => c.strategy === "rollback");
    expect(rollback).toMatchObject({ before: "approval", after: "blocked", ruleId: "no-rollbacks" });
    expect(rollback?.reason).toContain("rule no-rollbacks denies rollback");
  });

  it("applies the draft's budgets to the actions the draft itself would run", () => {
    const oneADay = load(
      `${permissive}constraints:\n  budgets:\n    - { id: daily, scope: global, windowMinutes: 1440, maxActions: 1 }\n`,
    );
    const r = backtestPolicy(oneADay, week);
    // Hour 0 of each day is a payments restart, auto-run; everything else that day is over budget.
    expect(r.draft).toMatchObject({ proposed: 7, autoExecuted: 7, blocked: 161 });
    expect(r.timeToRemediate.notRemediatedByDraft).toBe(105);
  });

  it("is independent of the order the cycles are given in", () => {
    const reversed = [...week].reverse();
    expect(backtestPolicy(load(defaultPolicyYaml), reversed)).toEqual(
      backtestPolicy(load(defaultPolicyYaml), week),
    );
  });

  it("blocks plans whose diagnosis is missing from the record", () => {
    const [first] = week;
    if (!first) throw new Error("empty week");
    const r = backtestPolicy(load(defaultPolicyYaml), [{ ...first, diagnoses: [] }]);
    expect(r.blockedReasons).toEqual([{ reason: "no diagnosis recorded for the plan's service", count: 1 }]);
  });
});

describe("backtest report shape", () => {
  it("parses with the report schema the API returns", () => {
    expect(backtestReportSchema.safeParse(backtestPolicy(load(defaultPolicyYaml), week)).success).toBe(true);
  });
});

describe("backtestPolicy with noise", () => {
  it("judges the incident plans the same when every cycle also carries undecided noise", () => {
    const noisy = generateRecordedWeek({ cycles: 6 * 60, noisy: true });
    const r = backtestPolicy(load(defaultPolicyYaml), noisy);
    const quiet = backtestPolicy(load(defaultPolicyYaml), generateRecordedWeek({ cycles: 6 * 60 }));
    expect(r.firstChoice).toEqual(quiet.firstChoice);
    expect(r.agreement).toEqual(quiet.agreement);
    expect(r.timeToRemediate).toEqual(quiet.timeToRemediate);
    expect(r.recorded.undecided).toBe(r.plans - 6);
  });
});

describe("backtest report invariants", () => {
  const cycleArb = fc.record({
    service: fc.constantFrom("payments", "checkout", "search"),
    failureClass: fc.constantFrom(...failureClasses),
    severity: fc.constantFrom("info" as const, "warning" as const, "critical" as const),
    pick: fc.nat(),
    decision: fc.constantFrom("auto-approved", "approved", "vetoed", "expired", null),
    outcome: fc.constantFrom("succeeded", "failed", "rolled-back", null),
    gapMinutes: fc.integer({ min: 0, max: 90 }),
    delaySeconds: fc.integer({ min: 0, max: 900 }),
  });

  it("adds up, whatever the record", () => {
    fc.assert(
      fc.property(fc.array(cycleArb, { maxLength: 40 }), (specs) => {
        let at = weekStart;
        const cycles: RecordedCycle[] = specs.map((s, i) => {
          at += s.gapMinutes * 60_000;
          const d = makeDiagnosis({
            service: s.service,
            failureClass: s.failureClass,
            severity: s.severity,
            node: "n",
            zone: "z",
            detectedAt: at,
          });
          const candidates = buildCandidates(d, {});
          const proposal = candidates[s.pick % Math.max(1, candidates.length)];
          const decided = s.decision === null ? null : { kind: s.decision, at: at + s.delaySeconds * 1000 };
          const ran = s.outcome !== null && (s.decision === "approved" || s.decision === "auto-approved");
          const plans: RecordedPlan[] = proposal
            ? [
                {
                  id: `p${i}`,
                  proposal,
                  proposedAt: at,
                  decision: decided,
                  execution: ran
                    ? {
                        startedAt: decided?.at ?? at,
                        finishedAt: (decided?.at ?? at) + 60_000,
                        outcome: s.outcome!,
                      }
                    : null,
                },
              ]
            : [];
          return { at, incidentId: `i${i % 5}`, diagnoses: [d], plans };
        });
        const r = backtestPolicy(load(defaultPolicyYaml), cycles);
        expect(r.draft.proposed + r.draft.blocked).toBe(r.plans);
        expect(r.draft.autoExecuted + r.draft.needsApproval).toBe(r.draft.proposed);
        expect(r.draft.twoApprovers).toBeLessThanOrEqual(r.draft.needsApproval);
        const rec = r.recorded;
        expect(rec.autoApproved + rec.approved + rec.vetoed + rec.undecided).toBe(r.plans);
        expect(r.agreement.approvals.total).toBe(rec.approved);
        expect(r.agreement.vetoes.total).toBe(rec.vetoed);
        const o = r.autoExecutedOutcomes;
        expect(o.succeeded + o.failed + o.rolledBack + o.notExecuted).toBe(r.draft.autoExecuted);
        expect(r.blockedReasons.reduce((n, b) => n + b.count, 0)).toBeGreaterThanOrEqual(r.draft.blocked);
        const fc1 = r.firstChoice;
        expect(fc1.same + fc1.different + fc1.onlyDraft + fc1.onlyRecorded).toBe(fc1.incidents);
        expect(r.timeToRemediate.notRemediatedByDraft).toBeLessThanOrEqual(r.timeToRemediate.incidents);
        const ch = r.changes;
        expect(ch.autoGained - ch.autoLost).toBe(r.draft.autoExecuted - rec.autoApproved);
        expect(ch.autoGained + ch.autoLost).toBeLessThanOrEqual(ch.total);
        expect(ch.plans.length).toBe(Math.min(ch.total, 50));
      }),
      { numRuns: 50 },
    );
  });
});
