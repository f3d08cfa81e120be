import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCandidates } from "./build-candidates";
import { budgetViolations, type Budget } from "./check-constraints";
import { makeDiagnosis } from "./make-diagnosis";
import type { ActionRecord, PlanProposal } from "./types";

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
