import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { applyVerdicts } from "@/lib/server/loop/apply-verdicts";
import { SimulatedFleet } from "@/lib/server/monitor/simulated-fleet";
import { decidePlan } from "@/lib/server/plans/decide-plan";
import { proposePlan } from "@/lib/server/plans/propose-plan";
import { addUser, createAppDatabase, type AppDatabase } from "../helpers/app-database";
import { planContent } from "../helpers/plan-fixture";

describe("a remediation verified worse", () => {
  let app: AppDatabase;
  beforeAll(async () => {
    app = await createAppDatabase("pglite");
  });
  afterAll(() => app.dispose());

  it("is undone once, marked rolled back, pauses the service's automation and counts as a rollback", async () => {
    const start = Date.UTC(2026, 0, 14, 15);
    const fleet = new SimulatedFleet({ seed: 3, nowMs: start });
    fleet.advanceTo(start + 60_000);
    const content = planContent({ service: "cart" });
    content.proposal.strategy = "scale-out";
    content.proposal.actions = [{ kind: "scale-out", target: { service: "cart", replicas: 2 }, params: {} }];
    const plan = await proposePlan(app.db.prisma, content, { now: new Date(start) });
    const ann = await addUser(app.db, "ann", "approver");
    await decidePlan(app.db.prisma, plan.id, { type: "approve", planHash: plan.contentHash, planVersion: plan.version }, { kind: "user", id: ann.id, name: ann.name, role: "approver" }, new Date(start));
    const replicasBefore = fleet.current.services.find((s) => s.name === "cart")!.replicas.length;
    fleet.remediate({ ...content.proposal.actions[0]!, idempotencyKey: `${plan.id}:0:execute` }, start + 61_000);
    expect(fleet.current.services.find((s) => s.name === "cart")!.replicas.length).toBe(replicasBefore + 2);
    await app.db.prisma.plan.update({ where: { id: plan.id }, data: { status: "verifying" } });

    const ids = { incidents: new Map<string, string>(), plans: new Map([["P-1", plan.id]]) };
    const effect = { type: "verify" as const, planId: "P-1", incidentId: "INC-1", verdict: "worse" as const, rollback: true, services: ["cart"], reason: "error rate rose after the action" };
    const first = await applyVerdicts(app.db.prisma, [effect], ids, fleet, new Date(start + 300_000));
    const again = await applyVerdicts(app.db.prisma, [effect], ids, fleet, new Date(start + 310_000));

    expect(first.executions).toEqual([{ planId: "P-1", outcome: "rolled-back", at: start + 300_000 }]);
    expect(again.executions).toEqual([]); // once only
    expect(fleet.current.services.find((s) => s.name === "cart")!.replicas.length).toBe(replicasBefore);
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("rolled_back");
    expect(await app.db.prisma.automationPause.findUnique({ where: { service: "cart" } })).toMatchObject({ pausedBy: "loop" });
    expect(await app.db.prisma.knowledgeStat.findFirst({ where: { strategy: "scale-out" } })).toMatchObject({ rolledBack: 1, succeeded: 0 });
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);
  });
});
