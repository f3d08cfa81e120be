import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getIncident } from "@/app/api/v1/incidents/[id]/route";
import { GET as getPostmortem } from "@/app/api/v1/incidents/[id]/postmortem/route";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import { createLoopState, type IncidentState } from "@/lib/loop/loop-state";
import { mergeIncident } from "@/lib/loop/track-incidents";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { recordCycle, type IdMaps } from "@/lib/server/loop/record-effects";
import type { IncidentDetail, IncidentDto } from "@/lib/validations/incident";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { recordIncident } from "../helpers/incident-history";
import { testDatabaseKinds } from "../helpers/test-database";

// Two incidents that found the same root cause become one: the younger's plans move to the
// older, the younger is resolved pointing at it, and the audit trail says so.

const t0 = Date.UTC(2026, 0, 14, 15, 0, 0);

function loopIncident(id: string, openedAt: number, services: string[], planIds: string[]): IncidentState {
  return {
    id, status: "open", openedAt, onset: openedAt, updatedAt: openedAt, resolvedAt: null, services, rootCause: "cart", failureClass: "memory-leak",
    frozen: planIds.length > 0, reviewedAt: null, classification: null, stableAnalyses: 0, rca: null, baseline: { from: openedAt - 1_200_000, to: openedAt - 120_000 },
    healthyCycles: 0, attempts: {}, planIds, notifiedNeedsHuman: false,
  };
}

const emptyCycle = (at: number): CycleRecord => ({
  seq: 1, at, observed: { samples: 0, services: 0, scores: [], burst: false }, anomalies: [], forecasts: [], canaries: [], incidents: [], analyses: [], diagnoses: [], plans: [], steps: [], verifications: [],
});

describe.each(testDatabaseKinds())("merging incidents on %s", (kind) => {
  let app: AppDatabase;
  let viewer: string;

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    viewer = await sessionCookie(await addUser(app.db, "vic", "viewer"));
  });
  afterAll(() => app.dispose());

  it("moves the younger's plans to the older, resolves it pointing there, and audits the merge", async () => {
    const older = await recordIncident(app.db.prisma, { service: "cart", openedAt: new Date(t0), plans: [{ status: "vetoed", kind: "veto", decider: "rule:x@1" }], loopPrefix: "A" });
    const younger = await recordIncident(app.db.prisma, { service: "cart", openedAt: new Date(t0 + 13 * 60_000), plans: [{ status: "proposed" }], loopPrefix: "B" });
    const ids: IdMaps = { incidents: new Map([["inc-a", older.id], ["inc-b", younger.id]]), plans: new Map() };
    const state = createLoopState();
    const a = loopIncident("inc-a", t0, ["cart", "checkout"], ["inc-a-p1"]);
    const b = loopIncident("inc-b", t0 + 13 * 60_000, ["frontend"], ["inc-b-p2"]);
    state.incidents.push(a, b);
    const now = t0 + 14 * 60_000;

    await recordCycle(app.db.prisma, emptyCycle(now), mergeIncident(state, b, a, now), ids, new Date(now), new Date(now));

    const plans = await app.db.prisma.plan.findMany({ where: { id: { in: [...older.planIds, ...younger.planIds] } } });
    expect(plans.map((p) => p.incidentId)).toEqual([older.id, older.id]);
    const [olderRow, youngerRow] = await Promise.all([older, younger].map((i) => app.db.prisma.incident.findUniqueOrThrow({ where: { id: i.id } })));
    expect(olderRow).toMatchObject({ status: "open", services: ["cart", "checkout", "frontend"] });
    expect(youngerRow).toMatchObject({ status: "resolved", resolvedAt: new Date(now) });
    const audit = await app.db.prisma.auditEvent.findMany({ where: { action: { startsWith: "incident." } } });
    expect(audit.map((e) => [e.action, e.target, e.data])).toEqual([["incident.merge", `incident:${younger.number}`, { into: `incident:${older.number}`, rootCause: "cart" }]]);
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);

    const res = await getIncident(apiRequest(`/api/v1/incidents/${younger.id}`, { cookie: viewer }), routeContext({ id: younger.id }));
    const dto = (await res.json()) as IncidentDto;
    expect(dto.mergedInto).toEqual({ id: older.id, number: older.number });
    expect(dto.plans).toEqual([]);
    const postmortem = await (await getPostmortem(apiRequest(`/api/v1/incidents/${younger.id}/postmortem`, { cookie: viewer }), routeContext({ id: younger.id }))).text();
    expect(postmortem).toContain(`Merged into INC-${older.number}`);
    const olderDto = (await (await getIncident(apiRequest(`/api/v1/incidents/${older.id}`, { cookie: viewer }), routeContext({ id: older.id }))).json()) as IncidentDetail;
    expect(olderDto.mergedInto).toBeNull();
    expect(olderDto.plans).toHaveLength(2);
    // Its timeline now holds the cycle that proposed the moved plan, stored against the younger.
    expect(olderDto.cycles.map((c) => Date.parse(c.tickAt) - t0)).toEqual([7, 13 * 60_000 + 7]);
  });
});
