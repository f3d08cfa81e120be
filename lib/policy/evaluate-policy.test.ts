import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCandidates } from "@/lib/plan/build-candidates";
import { makeDiagnosis } from "@/lib/plan/make-diagnosis";
import { failureClasses, type ActionRecord, type PlanProposal } from "@/lib/plan/types";
import { defaultPolicyYaml } from "./default-policy";
import { evaluatePolicy } from "./evaluate-policy";
import type { Policy } from "./policy-schema";
import { validatePolicy } from "./validate-policy";

const load = (text: string): Policy => {
  const r = validatePolicy(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
};
const defaultPolicy = load(defaultPolicyYaml);
// Tuesday 2026-11-24 03:00 UTC: outside peak hours and outside the Sunday maintenance window.
const night = Date.parse("2026-11-24T03:00:00Z");
const noon = Date.parse("2026-11-24T12:00:00Z");
const sundayNight = Date.parse("2026-11-29T02:00:00Z");

const verdictOf = (plans: ReturnType<typeof evaluatePolicy>, strategy: string) =>
  plans.verdicts.find((v) => v.plan.strategy === strategy);

describe("evaluatePolicy with the default policy", () => {
  it("auto-approves restarting one replica of a non-critical service, by rule", () => {
    const d = makeDiagnosis();
    const e = evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), [], night);
    const restart = verdictOf(e, "restart-replica");
    expect(restart?.allowed).toBe(true);
    expect(restart?.plan.approval).toMatchObject({ auto: true, approvers: 1 });
    expect(restart?.plan.policy).toEqual({ ruleId: "restart-non-critical", policyVersion: 1 });
    expect(verdictOf(e, "reallocate-resources")?.plan.approval.auto).toBe(false);
  });

  it("needs a human for a critical-tier service", () => {
    const d = makeDiagnosis({ labels: { tier: "critical" } });
    const e = evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), [], night);
    const restart = verdictOf(e, "restart-replica");
    expect(restart?.plan.approval).toMatchObject({ auto: false, approvers: 1 });
    expect(restart?.plan.policy?.ruleId).toBe("human-approved-remediation");
  });

  it("stops auto-approving after three in an hour, then resumes", () => {
    const d = makeDiagnosis();
    const auto = (at: number): ActionRecord => ({
      service: "x",
      strategy: "restart-replica",
      kind: "restart",
      at,
      replicas: 1,
      autoRuleId: "restart-non-critical",
    });
    const history = [auto(night - 50 * 60_000), auto(night - 20 * 60_000), auto(night - 60_000)];
    const e = evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), history, night);
    expect(verdictOf(e, "restart-replica")?.plan.approval.auto).toBe(false);
    const later = evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), history, night + 11 * 60_000);
    expect(verdictOf(later, "restart-replica")?.plan.approval.auto).toBe(true);
  });

  it("requires two approvers above 30% of traffic and never auto-approves them", () => {
    const d = makeDiagnosis({
      blastRadius: { services: ["checkout", "web"], trafficShare: 0.9 },
      metrics: { replicas: 2, saturation: 0.2 },
    });
    const e = evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), [], night);
    const restart = verdictOf(e, "restart-replica");
    expect(restart?.plan.blastRadius.trafficShare).toBeCloseTo(0.45);
    expect(restart?.plan.approval).toMatchObject({ auto: false, approvers: 2 });
  });

  it("needs two approvers when any matching rule asks for two, even without allowing anything", () => {
    const strict = load(
      defaultPolicyYaml.replace(
        "rules:\n",
        "rules:\n  - id: payments-two-eyes\n    match: { services: [payments] }\n    approvers: 2\n",
      ),
    );
    const d = makeDiagnosis({ service: "payments" });
    const restart = verdictOf(
      evaluatePolicy(strict, d, buildCandidates(d, {}), [], night),
      "restart-replica",
    );
    expect(restart?.plan.approval).toEqual({
      auto: false,
      approvers: 2,
      reason: "rule payments-two-eyes requires two approvers",
    });
    expect(restart?.plan.policy?.ruleId).toBe("restart-non-critical");
  });

  it("keeps regulated services in their region", () => {
    const d = makeDiagnosis({
      failureClass: "zone-loss",
      zone: "eu-1",
      severity: "critical",
      labels: { regulated: "true" },
    });
    const e = evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), [], night);
    expect(verdictOf(e, "failover-zone")).toMatchObject({
      allowed: false,
      reasons: ["rule regulated-stays-in-region denies failover-zone"],
    });
    expect(verdictOf(e, "degrade")?.allowed).toBe(true);
  });

  it("holds infrastructure changes for the maintenance window unless critical", () => {
    const d = makeDiagnosis({ failureClass: "node-loss", node: "n1" });
    const replace = (now: number, severity: "warning" | "critical") => {
      const dd = { ...d, severity };
      return verdictOf(evaluatePolicy(defaultPolicy, dd, buildCandidates(dd, {}), [], now), "replace-node");
    };
    expect(replace(night, "warning")?.allowed).toBe(false);
    expect(replace(sundayNight, "warning")?.allowed).toBe(true);
    expect(replace(night, "critical")?.allowed).toBe(true);
  });

  it("blocks disruptive strategies in peak hours and resource-hungry ones under stress", () => {
    const d = makeDiagnosis({ failureClass: "load-surge", metrics: { replicas: 4, saturation: 0.95 } });
    const e = evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), [], noon);
    expect(verdictOf(e, "degrade")?.reasons).toEqual(["degrade is disruptive and it is peak hours"]);
    expect(verdictOf(e, "reallocate-resources")?.reasons[0]).toMatch(/under stress/);
    expect(verdictOf(e, "scale-out")?.allowed).toBe(true);
  });

  it("refuses wildcard targets unless the rule allows them", () => {
    const d = makeDiagnosis();
    const [plan] = buildCandidates(d, {});
    if (plan === undefined) throw new Error("no plan");
    const wild: PlanProposal = {
      ...plan,
      actions: [{ kind: "restart", target: { service: "*", replicas: 1 }, params: {} }],
    };
    expect(evaluatePolicy(defaultPolicy, d, [wild], [], night).verdicts[0]?.reasons).toContain(
      "wildcard targets are not allowed by the rule",
    );
    const lax = load(
      defaultPolicyYaml.replace(
        "    allow: [restart-replica]\n",
        "    allow: [restart-replica]\n    allowWildcardTargets: true\n",
      ),
    );
    const v = evaluatePolicy(lax, d, [wild], [], night).verdicts[0];
    expect(v?.allowed).toBe(true);
    expect(v?.plan.approval.auto).toBe(false);
  });
});

const diagnosisArb = fc
  .record({
    service: fc.constantFrom("checkout", "payments", "search"),
    failureClass: fc.constantFrom(...failureClasses),
    severity: fc.constantFrom("info" as const, "warning" as const, "critical" as const),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    replicas: fc.integer({ min: 1, max: 8 }),
    saturation: fc.double({ min: 0, max: 1.2, noNaN: true }),
    trafficShare: fc.double({ min: 0, max: 1, noNaN: true }),
    critical: fc.boolean(),
  })
  .map((a) =>
    makeDiagnosis({
      service: a.service,
      failureClass: a.failureClass,
      severity: a.severity,
      confidence: a.confidence,
      metrics: { replicas: a.replicas, saturation: a.saturation },
      blastRadius: { services: [a.service], trafficShare: a.trafficShare },
      labels: a.critical ? { tier: "critical" } : {},
      node: "n1",
      zone: "z1",
      dependency: "db",
    }),
  );

describe("evaluatePolicy properties", () => {
  it("an active hold always blocks every plan on its service", () => {
    const held = load(
      defaultPolicyYaml.replace(
        "holds: []",
        "holds:\n  - service: pay*\n    reason: quarter close\n    from: 2026-11-20T00:00:00Z\n    until: 2026-12-01T00:00:00Z",
      ),
    );
    fc.assert(
      fc.property(
        diagnosisArb,
        fc.integer({ min: Date.parse("2026-11-20T00:00:00Z"), max: Date.parse("2026-12-01T00:00:00Z") - 1 }),
        (d0, now) => {
          const d = { ...d0, service: "payments" };
          for (const v of evaluatePolicy(held, d, buildCandidates(d, {}), [], now).verdicts) {
            expect(v.allowed).toBe(false);
            expect(v.reasons[0]).toMatch(/quarter close/);
          }
        },
      ),
    );
  });

  it("allowed plans never exceed a budget when executed in turn", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(diagnosisArb, fc.integer({ min: 0, max: 10 * 60_000 })), { maxLength: 60 }),
        (steps) => {
          const history: ActionRecord[] = [];
          let now = night;
          for (const [d, gap] of steps) {
            now += gap;
            const allowed = evaluatePolicy(
              defaultPolicy,
              d,
              buildCandidates(d, {}),
              history,
              now,
            ).verdicts.find((v) => v.allowed);
            if (allowed === undefined) continue;
            for (const a of allowed.plan.actions)
              history.push({
                service: a.target.service,
                strategy: allowed.plan.strategy,
                kind: a.kind,
                at: now,
                replicas: a.target.replicas,
                autoRuleId: allowed.plan.approval.auto ? allowed.plan.policy?.ruleId : undefined,
              });
            const hour = history.filter((a) => a.at > now - 3_600_000);
            expect(hour.length).toBeLessThanOrEqual(20);
            for (const s of ["checkout", "payments", "search"])
              expect(hour.filter((a) => a.service === s).length).toBeLessThanOrEqual(4);
            expect(hour.filter((a) => a.autoRuleId === "restart-non-critical").length).toBeLessThanOrEqual(3);
          }
        },
      ),
    );
  });

  it("auto-approval always names a rule that allows the strategy and needs one approver", () => {
    fc.assert(
      fc.property(diagnosisArb, (d) => {
        for (const v of evaluatePolicy(defaultPolicy, d, buildCandidates(d, {}), [], night).verdicts) {
          if (!v.plan.approval.auto) continue;
          const rule = defaultPolicy.rules.find((r) => r.id === v.plan.policy?.ruleId);
          expect(rule?.autoApprove?.strategies).toContain(v.plan.strategy);
          expect(v.plan.approval.approvers).toBe(1);
          expect(d.labels.tier).not.toBe("critical");
        }
      }),
    );
  });
});
