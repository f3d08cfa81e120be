import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as approve } from "@/app/api/v1/plans/[id]/approve/route";
import { POST as veto } from "@/app/api/v1/plans/[id]/veto/route";
import { GET as listPlans, POST as proposeByHand } from "@/app/api/v1/plans/route";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { expirePlans } from "@/lib/server/plans/expire-plans";
import { proposePlan } from "@/lib/server/plans/propose-plan";
import type { PlanDto } from "@/lib/validations/plan";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { planContent } from "../helpers/plan-fixture";
import { testDatabaseKinds } from "../helpers/test-database";

describe.each(testDatabaseKinds())("the approval gate on %s", (kind) => {
  let app: AppDatabase;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    for (const [name, role] of [["ann", "approver"], ["bob", "approver"], ["otto", "operator"], ["vera", "viewer"]] as const) {
      const user = await addUser(app.db, name, role);
      ids[name] = user.id;
      cookies[name] = await sessionCookie(user);
    }
  });
  afterAll(() => app.dispose());

  const approveAs = (who: string, plan: { id: string; contentHash: string; version: number }, extra: object = {}) =>
    approve(apiRequest(`/api/v1/plans/${plan.id}/approve`, { method: "POST", cookie: cookies[who], body: { planHash: plan.contentHash, planVersion: plan.version, ...extra } }), routeContext({ id: plan.id }));
  const vetoAs = (who: string, plan: { id: string }, body: object) =>
    veto(apiRequest(`/api/v1/plans/${plan.id}/veto`, { method: "POST", cookie: cookies[who], body }), routeContext({ id: plan.id }));

  it("approves a loop plan with the hash the approver saw, and records who and why", async () => {
    const plan = await proposePlan(app.db.prisma, planContent(), { now: new Date() });
    expect(plan.status).toBe("proposed");
    const res = await approveAs("ann", plan, { comment: "memory at 93%, restart is cheap" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "approved", effect: "approved" });
    const queue = (await (await listPlans(apiRequest("/api/v1/plans", { cookie: cookies.vera }), routeContext())).json()) as PlanDto[];
    expect(queue.find((p) => p.id === plan.id)?.decisions).toEqual([expect.objectContaining({ kind: "approve", decider: "user:ann", comment: "memory at 93%, restart is cheap" })]);
  });

  it("records a hand-made plan's proposer by name in the audit trail and keeps them from approving it", async () => {
    const { proposal, basis } = planContent({ service: "recommendations" });
    const res = await proposeByHand(apiRequest("/api/v1/plans", { method: "POST", cookie: cookies.otto, body: { proposal, observed: basis.observed } }), routeContext());
    expect(res.status).toBe(201);
    const plan = (await res.json()) as PlanDto;
    const stored = await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(stored.requestedBy).toBe(ids.otto);
    expect(stored.autoRuleId).toBeNull();
    const audit = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "plan.propose", target: `plan:${stored.number}` } });
    expect(audit.actor).toBe("user:otto");
    expect((await approveAs("ann", stored)).status).toBe(200);
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);
  });

  it("lists plans by several statuses and by when their status changed, naming a bad filter", async () => {
    const get = (query: string) => listPlans(apiRequest(`/api/v1/plans${query}`, { cookie: cookies.vera }), routeContext());
    const approved = (await (await get("?status=approved,vetoed")).json()) as PlanDto[];
    expect(approved.length).toBeGreaterThan(0);
    expect(approved.every((p) => p.status === "approved" || p.status === "vetoed")).toBe(true);
    expect(approved[0]).toMatchObject({ execution: null, updatedAt: expect.any(String) as string });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await (await get(`?status=approved&updatedSince=${future}`)).json()).toEqual([]);
    const bad = await get("?status=approved,bogus");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain("status");
    expect((await get("?updatedSince=yesterday")).status).toBe(422);
  });

  it("expires a plan nobody answered by its deadline, once, and refuses approving it afterwards", async () => {
    const proposedAt = new Date(Date.now() - 2 * 3_600_000);
    const stale = await proposePlan(app.db.prisma, planContent({ service: "inventory" }), { now: proposedAt });
    const fresh = await proposePlan(app.db.prisma, planContent({ service: "inventory-fresh" }), { now: new Date() });
    expect(stale.expiresAt.getTime()).toBeLessThan(Date.now());

    expect(await expirePlans(app.db.prisma, new Date())).toBe(1);
    expect(await expirePlans(app.db.prisma, new Date())).toBe(0);

    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("expired");
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("proposed");
    const audit = await app.db.prisma.auditEvent.findMany({ where: { action: "plan.expired", target: `plan:${stale.number}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe("gate");
    expect((await approveAs("ann", stale)).status).toBe(409);
  });

  it("refuses an approval for another hash or version (a changed plan) with 409", async () => {
    const plan = await proposePlan(app.db.prisma, planContent({ service: "search" }), { now: new Date() });
    expect((await approveAs("ann", { ...plan, contentHash: "0".repeat(64) })).status).toBe(409);
    expect((await approveAs("ann", { ...plan, version: 2 })).status).toBe(409);
    expect((await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("proposed");
  });

  it("never lets people approve a plan they requested, and keeps viewers and operators out", async () => {
    const plan = await proposePlan(app.db.prisma, planContent({ requestedBy: ids.ann, service: "users" }), { now: new Date() });
    expect((await approveAs("ann", plan)).status).toBe(403);
    expect((await approveAs("otto", plan)).status).toBe(403);
    expect((await approveAs("vera", plan)).status).toBe(403);
    expect((await approveAs("bob", plan)).status).toBe(200);
  });

  it("needs two distinct approvers when the policy says so", async () => {
    const plan = await proposePlan(app.db.prisma, planContent({ approvers: 2, service: "payment" }), { now: new Date() });
    expect(await (await approveAs("ann", plan)).json()).toEqual({ status: "proposed", effect: "approval-recorded" });
    expect((await approveAs("ann", plan)).status).toBe(409);
    expect(await (await approveAs("bob", plan)).json()).toEqual({ status: "approved", effect: "approved" });
  });

  it("gives one winner to concurrent decisions; the others get 409", async () => {
    const plan = await proposePlan(app.db.prisma, planContent({ service: "inventory" }), { now: new Date() });
    const results = await Promise.all([approveAs("ann", plan), vetoAs("bob", plan, { reason: "not during the sale" }), approveAs("bob", plan)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
  });

  it("needs a reason to veto, and a veto is final", async () => {
    const plan = await proposePlan(app.db.prisma, planContent({ service: "catalog" }), { now: new Date() });
    expect((await vetoAs("ann", plan, { reason: "" })).status).toBe(422);
    expect((await vetoAs("ann", plan, { reason: "cache is warming, wait" })).status).toBe(200);
    expect((await approveAs("bob", plan)).status).toBe(409);
  });

  it("refuses decisions on an expired plan", async () => {
    const longAgo = new Date(Date.now() - 2 * 3600_000);
    const plan = await proposePlan(app.db.prisma, planContent({ service: "gateway" }), { now: longAgo });
    expect((await approveAs("ann", plan)).status).toBe(409);
  });

  it("auto-approves only through the policy rule, recorded as that rule", async () => {
    const plan = await proposePlan(app.db.prisma, planContent({ auto: true, service: "frontend" }), { now: new Date() });
    expect(plan.status).toBe("approved");
    const decisions = await app.db.prisma.decision.findMany({ where: { planId: plan.id } });
    expect(decisions).toEqual([expect.objectContaining({ kind: "auto_approve", decider: "rule:restart-one-replica@1" })]);
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);
  });
});
