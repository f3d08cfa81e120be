import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCandidates } from "./build-candidates";
import { budgetViolations, checkConstraints, constraintSettingsSchema, type Budget } from "./check-constraints";
import { makeDiagnosis } from "./make-diagnosis";
import type { ActionRecord, Diagnosis, PlanProposal } from "./types";

const now = 10 * 3_600_000;
const breaker = (): PlanProposal => {
  const plan = buildCandidates(
    makeDiagnosis({ service: "api", failureClass: "slow-dependency", dependency: "db" }),
    {},
  ).find((p) => p.strategy === "isolate-dependency");
  if (!plan) throw new Error("no breaker plan");
  return plan;
};
const done = (service: string, minutesAgo: number): ActionRecord => ({
  service,
  strategy: "restart-replica",
  kind: "restart",
  at: now - minutesAgo * 60_000,
});

describe("budgetViolations", () => {
  const perService: Budget = {
    id: "svc",
    scope: "service",
    services: ["*"],
    windowMinutes: 60,
    maxActions: 2,
  };

  it("counts an action against the service it targets", () => {
    expect(budgetViolations(breaker(), [perService], [done("api", 5), done("api", 10)], now)).toEqual([]);
    expect(budgetViolations(breaker(), [perService], [done("db", 5), done("db", 10)], now)).toEqual([
      "budget svc (db): 2 of 2 actions used in 60 min, the plan needs 1",
    ]);
  });

  it("forgets actions once they leave the window", () => {
    expect(budgetViolations(breaker(), [perService], [done("db", 60), done("db", 61)], now)).toEqual([]);
  });

  it("never lets the actions in any window exceed a budget", () => {
    const global: Budget = { id: "all", scope: "global", services: ["*"], windowMinutes: 30, maxActions: 3 };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 * 60_000 }), { maxLength: 80 }), (gaps) => {
        const history: ActionRecord[] = [];
        let t = now;
        const plan = breaker();
        for (const gap of gaps) {
          t += gap;
          if (budgetViolations(plan, [global], history, t).length > 0) continue;
          history.push({ ...done("db", 0), at: t });
          expect(history.filter((a) => a.at > t - 30 * 60_000).length).toBeLessThanOrEqual(3);
        }
      }),
    );
  });
});

describe("checkConstraints under stress", () => {
  const settings = constraintSettingsSchema.parse({ stressSaturation: 0.85 });
  const stressed = (placement: { replicas: number; unready: number } | undefined, extra: Partial<Diagnosis> = {}) =>
    makeDiagnosis({
      service: "payment",
      failureClass: "node-loss",
      severity: "critical",
      node: "node-a1",
      metrics: { saturation: 1.2, replicas: 2 },
      placement,
      ...extra,
    });
  const planFor = (d: Diagnosis, strategy: PlanProposal["strategy"]): PlanProposal => {
    const plan = buildCandidates(d, {}).find((p) => p.strategy === strategy);
    if (!plan) throw new Error(`no ${strategy} plan`);
    return plan;
  };

  it("lets a drain move replicas that are already down off a lost node", () => {
    const d = stressed({ replicas: 1, unready: 1 });
    expect(checkConstraints(planFor(d, "replace-node"), d, settings, [], now)).toEqual([]);
  });

  it("lets a failover move a service out of a zone whose replicas are all down", () => {
    const d = stressed({ replicas: 2, unready: 2 }, { failureClass: "zone-loss", node: undefined, zone: "zone-b" });
    expect(checkConstraints(planFor(d, "failover-zone"), d, settings, [], now)).toEqual([]);
  });

  it("still refuses to move replicas that are serving, or when it is not known they are down", () => {
    for (const placement of [{ replicas: 2, unready: 1 }, { replicas: 0, unready: 0 }, undefined]) {
      const d = stressed(placement);
      expect(checkConstraints(planFor(d, "replace-node"), d, settings, [], now)[0]).toMatch(/under stress/);
    }
  });

  it("still refuses other resource-hungry strategies on a stressed service", () => {
    const d = stressed({ replicas: 1, unready: 1 }, { failureClass: "memory-leak" });
    expect(checkConstraints(planFor(d, "reallocate-resources"), d, settings, [], now)[0]).toMatch(/under stress/);
  });
});
