import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getCascade } from "@/app/api/v1/cascade/route";
import { GET as getFleet } from "@/app/api/v1/fleet/route";
import { GET as getKpis } from "@/app/api/v1/kpis/route";
import { monitorHost } from "@/lib/server/monitor/monitor-host";
import { proposePlan } from "@/lib/server/plans/propose-plan";
import type { CascadeView } from "@/lib/validations/cascade";
import type { FleetView } from "@/lib/validations/fleet";
import type { Kpis } from "@/lib/validations/kpis";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { planContent } from "../helpers/plan-fixture";

const min = 60_000;

describe("the overview's time range and the cascade's plans over the API", () => {
  let app: AppDatabase;
  let viewer: string;

  beforeAll(async () => {
    app = await createAppDatabase("pglite");
    viewer = await sessionCookie(await addUser(app.db, "vic", "viewer"));
    const now = Date.now();
    // One incident opened 30 minutes ago, one 3 hours ago; both detected 20 s after onset.
    for (const agoMin of [30, 180]) {
      const openedAt = new Date(now - agoMin * min);
      await app.db.prisma.incident.create({
        data: { title: `incident ${agoMin} min ago`, services: ["payment"], openedAt, updatedAt: openedAt, summary: { onset: openedAt.getTime() - 20_000 } },
      });
    }
    monitorHost().stop(); // the test moves the fleet's clock itself
    monitorHost().tick(now + 10_000);
  });
  afterAll(() => app.dispose());

  const get = async <T>(handler: typeof getKpis, path: string): Promise<{ status: number; body: T }> => {
    const res = await handler(apiRequest(path, { cookie: viewer }), routeContext());
    return { status: res.status, body: (await res.json()) as T };
  };

  it("computes the KPIs over the chosen range", async () => {
    const hour = await get<Kpis>(getKpis, "/api/v1/kpis?range=now-1h");
    const six = await get<Kpis>(getKpis, "/api/v1/kpis?range=now-6h");
    expect(hour).toMatchObject({ status: 200, body: { hours: 1, incidents: { opened: 1 }, mttdSeconds: 20 } });
    expect(six).toMatchObject({ status: 200, body: { hours: 6, incidents: { opened: 2 } } });
    expect((await get<Kpis>(getKpis, "/api/v1/kpis?range=now-15m")).body.incidents.opened).toBe(0);
    expect((await get<Kpis>(getKpis, "/api/v1/kpis")).body.hours).toBe(24);
  });

  it("refuses an unknown range with 422 naming the field", async () => {
    for (const [handler, path] of [[getKpis, "/api/v1/kpis?range=now-2y"], [getFleet, "/api/v1/fleet?range=yesterday"]] as const) {
      const res = await get<{ issues: { path: string }[] }>(handler, path);
      expect(res.status).toBe(422);
      expect(res.body.issues.map((i) => i.path)).toEqual(["query.range"]);
    }
  });

  it("charts the fleet over the range, reaching back at most the Monitor's 24 h", async () => {
    const day = await get<FleetView>(getFleet, "/api/v1/fleet?range=now-7d");
    expect(day.status).toBe(200);
    expect(day.body.now - day.body.historyFrom).toBe(24 * 60 * min);
    const quarter = await get<FleetView>(getFleet, "/api/v1/fleet?range=now-15m");
    expect(quarter.body.now - quarter.body.historyFrom).toBe(15 * min);
    expect(quarter.body.services.find((s) => s.name === "payment")?.history.latency_p99?.length).toBeGreaterThan(0);
    const live = await get<FleetView>(getFleet, "/api/v1/fleet");
    expect(live.body.now - live.body.historyFrom).toBe(10 * min);
  });

  it("lists current plans on the cascade with the traffic through their blast radius", async () => {
    const plan = await proposePlan(app.db.prisma, planContent({ service: "payment" }), { now: new Date() });
    const { status, body } = await get<CascadeView>(getCascade, "/api/v1/cascade");
    expect(status).toBe(200);
    expect(body.trafficBasis).toBe("request-rate");
    const listed = body.plans.find((p) => p.id === plan.id);
    expect(listed).toMatchObject({ number: plan.number, status: "proposed", service: "payment", blastRadius: { services: ["payment"], targets: ["payment"], plannedShare: 0.12 } });
    expect(listed!.blastRadius.trafficShare).toBeGreaterThan(0);
    expect(listed!.blastRadius.trafficShare).toBeLessThan(1);
  });
});
