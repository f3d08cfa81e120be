import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanager } from "@/app/api/v1/alerts/alertmanager/route";
import { POST as promIngest } from "@/app/api/v1/ingest/prometheus/route";
import { POST as jsonIngest } from "@/app/api/v1/ingest/route";
import { createToken } from "@/lib/server/tokens/manage-tokens";
import { monitorHost } from "@/lib/server/monitor/monitor-host";
import { addUser, apiRequest, createAppDatabase, routeContext, type AppDatabase } from "../helpers/app-database";

describe("push ingest and the Alertmanager receiver", () => {
  let app: AppDatabase;
  let token: string;

  beforeAll(async () => {
    app = await createAppDatabase("pglite");
    await addUser(app.db, "ops", "admin");
    token = (await createToken(app.db.prisma, { name: "pusher", scopes: ["ingest"] }, "ops")).secret;
    monitorHost().stop();
  });
  afterAll(() => app.dispose());

  const pushJson = (body: unknown) => jsonIngest(apiRequest("/api/v1/ingest", { method: "POST", bearer: token, body }), routeContext());
  const pushText = (text: string, query = "") =>
    promIngest(apiRequest(`/api/v1/ingest/prometheus${query}`, { method: "POST", bearer: token, body: text, headers: { "content-type": "text/plain; version=0.0.4" } }), routeContext());

  it("accepts JSON samples and series, and a re-sent batch changes nothing", async () => {
    const body = { samples: [{ service: "billing", metric: "queue_depth", t: 1_000, v: 3 }], series: [{ service: "billing", metric: "cpu", points: [[1_000, 0.2], [2_000, 0.3]] }] };
    const first = await pushJson(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: 3, newSeries: 2 });
    const again = await pushJson(body);
    expect(await again.json()).toMatchObject({ accepted: 0, skipped: { duplicate: 2, outOfOrder: 1 } });
    const store = monitorHost().store;
    expect(store.last(store.idOf("billing", "cpu"))).toEqual({ t: 2_000, v: 0.3 });
  });

  it("refuses a batch with one malformed element whole, naming it", async () => {
    const res = await pushJson({ samples: [{ service: "billing", metric: "errors", t: 5_000, v: 1 }, { service: "billing", metric: "errors", t: 6_000, v: "NaN" }] });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe("samples[1].v");
    expect(monitorHost().store.idOf("billing", "errors")).toBe(-1);
  });

  it("answers 429 when a batch would create too many series, and records none of it", async () => {
    const samples = Array.from({ length: 10_001 }, (_, i) => ({ service: "spam", metric: `m${i}`, t: 1, v: 1 }));
    const res = await pushJson({ samples });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).not.toBeNull();
    expect(monitorHost().store.idOf("spam", "m0")).toBe(-1);
  });

  it("answers 413 past the body limit and 415 for other content types", async () => {
    const huge = "x".repeat((16 << 20) + 1);
    expect((await pushText(huge)).status).toBe(413);
    const wrongType = await jsonIngest(apiRequest("/api/v1/ingest", { method: "POST", bearer: token, body: "a", headers: { "content-type": "text/csv" } }), routeContext());
    expect(wrongType.status).toBe(415);
  });

  it("takes the Prometheus text format, with the service from a label or the URL", async () => {
    const text = ['# TYPE http_requests_total counter', 'http_requests_total{service="shipping",code="200"} 1027 1700000000000', "process_open_fds 12 1700000000000", ""].join("\n");
    const res = await pushText(text, "?service=shipping-host");
    expect(res.status).toBe(200);
    const store = monitorHost().store;
    expect(store.last(store.idOf("shipping", "http_requests_total"))?.v).toBe(1027);
    expect(store.last(store.idOf("shipping-host", "process_open_fds"))?.v).toBe(12);
  });

  it("refuses malformed exposition text whole, naming the line and why", async () => {
    const res = await pushText('good_metric{service="a"} 1\nbad_metric{service="a" 2\n');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; lines: { line: number }[] };
    expect(body.lines[0]!.line).toBe(2);
    expect(body.message).toMatch(/^line 2: /);
    expect(monitorHost().store.idOf("a", "good_metric")).toBe(-1);
  });

  it("turns Alertmanager's webhook into signals on services", async () => {
    const payload = JSON.parse(fs.readFileSync("test/fixtures/alertmanager/firing.json", "utf8")) as { alerts: unknown[] };
    const res = await alertmanager(apiRequest("/api/v1/alerts/alertmanager", { method: "POST", bearer: token, body: payload }), routeContext());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number };
    expect(body.accepted).toBeGreaterThan(0);
    expect(monitorHost().signals().some((s) => s.kind === "alert")).toBe(true);
    const bad = await alertmanager(apiRequest("/api/v1/alerts/alertmanager", { method: "POST", bearer: token, body: { version: "4", alerts: "nope" } }), routeContext());
    expect(bad.status).toBe(422);
  });
});
