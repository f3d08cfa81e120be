import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getFleet } from "@/app/api/v1/fleet/route";
import { GET as listFaults, POST as injectFault } from "@/app/api/v1/sim/faults/route";
import { GET as simMetrics } from "@/app/api/v1/sim/metrics/route";
import { POST as runScenario } from "@/app/api/v1/sim/scenarios/route";
import { monitorHost } from "@/lib/server/monitor/monitor-host";
import type { FleetView } from "@/lib/validations/fleet";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";

describe("the simulated fleet over the API", () => {
  let app: AppDatabase;
  let operator: string;

  beforeAll(async () => {
    app = await createAppDatabase("pglite");
    operator = await sessionCookie(await addUser(app.db, "olga", "operator"));
    monitorHost().stop(); // the test moves the fleet's clock itself
  });
  afterAll(() => app.dispose());

  it("lists every service with its latest metrics once the fleet has run", async () => {
    monitorHost().tick(Date.now() + 10_000);
    const res = await getFleet(apiRequest("/api/v1/fleet", { cookie: operator }), routeContext());
    const view = (await res.json()) as FleetView;
    expect(view.source).toBe("simulated");
    expect(view.services.map((s) => s.name)).toEqual(expect.arrayContaining(["frontend", "checkout", "payment", "database"]));
    const payment = view.services.find((s) => s.name === "payment")!;
    expect(payment.metrics.request_rate).toBeGreaterThan(0);
    expect(payment.replicas.ready).toBeGreaterThan(0);
  });

  it("injects a fault, records it with its ground truth and audits who did it", async () => {
    const res = await injectFault(apiRequest("/api/v1/sim/faults", { method: "POST", cookie: operator, body: { kind: "memory-leak", service: "cart" } }), routeContext());
    expect(res.status).toBe(201);
    const fault = (await res.json()) as { id: string; service: string; heals: string[] };
    expect(fault).toMatchObject({ service: "cart", heals: ["rollback"] });
    const listed = (await (await listFaults(apiRequest("/api/v1/sim/faults", { cookie: operator }), routeContext())).json()) as { id: string }[];
    expect(listed.map((f) => f.id)).toContain(fault.id);
    const audit = await app.db.prisma.auditEvent.findFirst({ where: { action: "sim.fault-inject" } });
    expect(audit).toMatchObject({ actor: "user:olga", target: "cart" });
  });

  it("names the field when a fault is malformed or aims at nothing", async () => {
    const send = (body: unknown) => injectFault(apiRequest("/api/v1/sim/faults", { method: "POST", cookie: operator, body }), routeContext());
    const badKind = await send({ kind: "meteor", service: "cart" });
    expect(badKind.status).toBe(422);
    expect(((await badKind.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("kind");
    const unknown = await send({ kind: "memory-leak", service: "no-such-service" });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/no-such-service/);
  });

  it("plays a scenario's faults at their offsets from now", async () => {
    const scenario = ["name: surge-then-leak", "duration: 10m", "events:", "  - at: 30s", "    fault: { kind: load-surge, service: frontend, factor: 3 }", "  - at: 2m", "    fault: { kind: pool-exhaustion, service: payment }"].join("\n");
    const before = monitorHost().fleet!.current.faults.length;
    const started = Date.now();
    const res = await runScenario(apiRequest("/api/v1/sim/scenarios", { method: "POST", cookie: operator, body: { scenario } }), routeContext());
    expect(res.status).toBe(202);
    monitorHost().fleet!.advanceTo(started + 60_000);
    expect(monitorHost().fleet!.current.faults.slice(before).map((f) => f.kind)).toEqual(["load-surge"]);
    monitorHost().fleet!.advanceTo(started + 180_000);
    expect(monitorHost().fleet!.current.faults.slice(before).map((f) => f.kind)).toEqual(["load-surge", "pool-exhaustion"]);

    const bad = await runScenario(apiRequest("/api/v1/sim/scenarios", { method: "POST", cookie: operator, body: { scenario: "name: x\nduration: soon" } }), routeContext());
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toMatch(/duration/);
  });

  it("serves the fleet in the Prometheus text format", async () => {
    const res = await simMetrics(apiRequest("/api/v1/sim/metrics", { cookie: operator }), routeContext());
    const text = await res.text();
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(text).toMatch(/^# TYPE homeostat_/m);
    expect(text).toMatch(/service="payment"/);
  });
});
