import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as rca } from "@/app/api/v1/rca/route";
import { createToken } from "@/lib/server/tokens/manage-tokens";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";

describe("POST /api/v1/rca", () => {
  let app: AppDatabase;
  let operator: string;
  let rcaToken: string;
  const example = JSON.parse(fs.readFileSync("test/fixtures/rca/example.json", "utf8")) as { services: string[] };

  beforeAll(async () => {
    app = await createAppDatabase("pglite");
    operator = await sessionCookie(await addUser(app.db, "otto", "operator"));
    await addUser(app.db, "ada", "admin");
    rcaToken = (await createToken(app.db.prisma, { name: "notebook", scopes: ["rca"] }, "ada")).secret;
  });
  afterAll(() => app.dispose());

  it("ranks every service of the documented example, for a person and for a token", async () => {
    for (const auth of [{ cookie: operator }, { bearer: rcaToken }]) {
      const res = await rca(apiRequest("/api/v1/rca", { method: "POST", body: example, ...auth }), routeContext());
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ranking: { service: string; score: number }[]; cascade: unknown };
      expect(body.ranking.map((r) => r.service).sort()).toEqual([...example.services].sort());
      expect(body.cascade).toBeDefined();
    }
  });

  it("names the field of malformed input", async () => {
    const res = await rca(apiRequest("/api/v1/rca", { method: "POST", cookie: operator, body: { ...example, incidentStart: "yesterday" } }), routeContext());
    expect(res.status).toBe(422);
    expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain("incidentStart");
  });
});
