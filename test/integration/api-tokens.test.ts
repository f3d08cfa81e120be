import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeRoute } from "@/app/api/v1/tokens/[id]/route";
import { POST as createRoute } from "@/app/api/v1/tokens/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { testDatabaseKinds } from "../helpers/test-database";

describe.each(testDatabaseKinds())("API tokens on %s", (kind) => {
  let app: AppDatabase;
  let adminCookie: string;

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    adminCookie = await sessionCookie(await addUser(app.db, "root", "admin"));
  });
  afterAll(() => app.dispose());

  it("shows the secret once, stores only its hash, attributes each use and stops working when revoked", async () => {
    const res = await createRoute(apiRequest("/api/v1/tokens", { method: "POST", cookie: adminCookie, body: { name: "prom", scopes: ["read"] } }), routeContext());
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; secret: string; prefix: string };
    const row = await app.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).not.toContain(created.secret.split("_")[2]);

    const scrape = () => metricsRoute(apiRequest("/metrics", { bearer: created.secret }), routeContext());
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("homeostat_http_requests_total");
    await scrape();
    const used = await app.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.useCount).toBe(2);
    expect(used.lastUsedAt).not.toBeNull();

    const revoked = await revokeRoute(apiRequest(`/api/v1/tokens/${created.id}`, { method: "DELETE", cookie: adminCookie }), routeContext({ id: created.id }));
    expect(revoked.status).toBe(200);
    expect((await scrape()).status).toBe(401);
  });

  it("refuses a token with a wrong secret, a malformed header and an unknown scope request", async () => {
    const bad = await metricsRoute(apiRequest("/metrics", { bearer: `hst_000000000000_${"a".repeat(43)}` }), routeContext());
    expect(bad.status).toBe(401);
    const basic = await metricsRoute(apiRequest("/metrics", { headers: { authorization: "Basic YWRtaW46eA==" } }), routeContext());
    expect(basic.status).toBe(401);
    const res = await createRoute(apiRequest("/api/v1/tokens", { method: "POST", cookie: adminCookie, body: { name: "x", scopes: ["root"] } }), routeContext());
    expect(res.status).toBe(422);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("scopes[0]");
  });
});
