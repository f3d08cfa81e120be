import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeyFor, type Executor } from "@/lib/execute/executor-port";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { reconcileExpiredClaims, runApprovedPlans } from "@/lib/server/loop/run-approved-plans";
import { decidePlan } from "@/lib/server/plans/decide-plan";
import { proposePlan } from "@/lib/server/plans/propose-plan";
import { addUser, createAppDatabase, type AppDatabase } from "../helpers/app-database";
import { planContent } from "../helpers/plan-fixture";
import { testDatabaseKinds } from "../helpers/test-database";

const policy = (() => {
  const v = validatePolicy(defaultPolicyYaml);
  if (!v.ok) throw new Error("default policy invalid");
  return v.policy;
})();

/** An executor that records what it was asked to do. */
function recordingExecutor(): Executor & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: "recording",
    calls,
    execute: (_action, ctx) => {
      calls.push(ctx.idempotencyKey);
      return Promise.resolve({ status: "applied", detail: "ok", attempts: 1 });
    },
  };
}

describe.each(testDatabaseKinds())("claiming approved plans on %s", (kind) => {
  let app: AppDatabase;
  let ann: { id: string; name: string };

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    ann = await addUser(app.db, "ann", "approver");
  });
  afterAll(() => app.dispose());

  async function approvedPlan(service: string) {
    const plan = await proposePlan(app.db.prisma, planContent({ service }), { now: new Date() });
    await decidePlan(app.db.prisma, plan.id, { type: "approve", planHash: plan.contentHash, planVersion: plan.version }, { kind: "user", id: ann.id, name: ann.name, role: "approver" }, new Date());
    return plan;
  }

  it("runs an approved plan once, whatever runs the executor twice or at the same time", async () => {
    const plan = await approvedPlan("cart");
    const executor = recordingExecutor();
    const runs = await Promise.all([
      runApprovedPlans(app.db.prisma, executor, policy, [], new Date(), "a"),
      runApprovedPlans(app.db.prisma, executor, policy, [], new Date(), "b"),
    ]);
    await runApprovedPlans(app.db.prisma, executor, policy, [], new Date(), "c");
    expect(runs.flat().filter((r) => r.planId === plan.id)).toHaveLength(1);
    expect(executor.calls).toEqual([idempotencyKeyFor(plan.id, 0, "execute")]);
    expect(await app.db.prisma.execution.count({ where: { planId: plan.id } })).toBe(1);
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("verifying");
  });

  it("counts a plan's own recorded actions once against its budget, and other plans' in full", async () => {
    const tight = validatePolicy(defaultPolicyYaml.replace("maxActions: 4", "maxActions: 1"));
    if (!tight.ok) throw new Error("tight policy invalid");
    const now = new Date();
    const record = (planId: string) => ({ service: "ledger", strategy: "restart-replica" as const, kind: "restart" as const, at: now.getTime() - 60_000, replicas: 1, planId });
    const executor = recordingExecutor();

    const own = await approvedPlan("ledger");
    // The loop has heard of the approval and recorded the plan's action: that is the plan itself.
    await runApprovedPlans(app.db.prisma, executor, tight.policy, [record(own.id)], now, "a");
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: own.id } })).status).toBe("verifying");

    const next = await approvedPlan("ledger");
    await runApprovedPlans(app.db.prisma, executor, tight.policy, [record(own.id)], now, "a");
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: next.id } })).status).toBe("approved");
    await app.db.prisma.plan.update({ where: { id: next.id }, data: { status: "superseded" } });
  });

  it("never runs an approved plan whose stored content was changed afterwards", async () => {
    const plan = await approvedPlan("search");
    await app.db.prisma.$executeRaw`UPDATE plans SET content = jsonb_set(content, '{proposal,actions,0,target,service}', '"payment"') WHERE id = ${plan.id}::uuid`;
    const executor = recordingExecutor();
    const ran = await runApprovedPlans(app.db.prisma, executor, policy, [], new Date(), "a");
    expect(executor.calls).toEqual([]);
    // Reported as failed, so the loop that proposed it stops waiting on it.
    expect(ran).toEqual([expect.objectContaining({ planId: plan.id, outcome: "failed" })]);
    expect(await app.db.prisma.execution.count({ where: { planId: plan.id } })).toBe(0);
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("failed");
    expect(await app.db.prisma.auditEvent.count({ where: { action: "plan.refused", target: `plan:${plan.number}` } })).toBe(1);
  });

  it("holds approved plans while automation is paused, and runs them after the pause is lifted", async () => {
    const plan = await approvedPlan("users");
    await app.db.prisma.automationPause.create({ data: { service: "*", reason: "bridge open", pausedBy: "user:kim", at: new Date() } });
    const executor = recordingExecutor();
    await runApprovedPlans(app.db.prisma, executor, policy, [], new Date(), "a");
    expect(executor.calls).toEqual([]);
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("approved");
    await app.db.prisma.automationPause.deleteMany();
    await runApprovedPlans(app.db.prisma, executor, policy, [], new Date(), "a");
    expect(executor.calls).toEqual([idempotencyKeyFor(plan.id, 0, "execute")]);
  });

  it("re-checks the approver's role when execution starts", async () => {
    const plan = await approvedPlan("inventory");
    await app.db.prisma.user.update({ where: { id: ann.id }, data: { role: "viewer" } });
    const executor = recordingExecutor();
    await runApprovedPlans(app.db.prisma, executor, policy, [], new Date(), "a");
    expect(executor.calls).toEqual([]);
    expect(await app.db.prisma.execution.count({ where: { planId: plan.id } })).toBe(0);
    await app.db.prisma.user.update({ where: { id: ann.id }, data: { role: "approver" } });
  });

  it("takes over a claim whose executor died once its lease ran out, re-running steps with the same keys", async () => {
    const plan = await approvedPlan("payment");
    // An executor claimed the plan and died before recording anything.
    const claimedAt = new Date(Date.now() - 10 * 60_000);
    await app.db.prisma.$transaction([
      app.db.prisma.execution.create({ data: { planId: plan.id, status: "running", executor: "recording", fencingToken: 1n, leaseUntil: new Date(Date.now() + 60_000), claimedBy: "dead-host", startedAt: claimedAt } }),
      app.db.prisma.plan.update({ where: { id: plan.id }, data: { status: "executing" } }),
    ]);
    const executor = recordingExecutor();
    expect(await reconcileExpiredClaims(app.db.prisma, executor, new Date(), "me")).toEqual([]); // the lease still runs
    expect(executor.calls).toEqual([]);

    const later = new Date(Date.now() + 2 * 60_000);
    const [first, second] = await Promise.all([reconcileExpiredClaims(app.db.prisma, executor, later, "me"), reconcileExpiredClaims(app.db.prisma, executor, later, "other")]);
    expect([...first, ...second].map((r) => r.planId)).toEqual([plan.id]);
    expect(executor.calls).toEqual([idempotencyKeyFor(plan.id, 0, "execute")]);
    const execution = await app.db.prisma.execution.findUniqueOrThrow({ where: { planId: plan.id } });
    expect(execution).toMatchObject({ status: "succeeded", fencingToken: 2n });
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("verifying");
  });
});
