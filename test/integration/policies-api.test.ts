import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as restore } from "@/app/api/v1/policies/[version]/restore/route";
import { GET as listPolicies, POST as publish } from "@/app/api/v1/policies/route";
import { POST as validate } from "@/app/api/v1/policies/validate/route";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import type { PolicyVersionDto } from "@/lib/validations/policy";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { testDatabaseKinds } from "../helpers/test-database";

describe.each(testDatabaseKinds())("policies on %s", (kind) => {
  let app: AppDatabase;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    admin = await sessionCookie(await addUser(app.db, "pat", "admin"));
    viewer = await sessionCookie(await addUser(app.db, "vic", "viewer"));
  });
  afterAll(() => app.dispose());

  const versions = async () => (await (await listPolicies(apiRequest("/api/v1/policies", { cookie: viewer }), routeContext())).json()) as PolicyVersionDto[];
  const save = (yaml: string, baseVersion: number) => publish(apiRequest("/api/v1/policies", { method: "POST", cookie: admin, body: { yaml, baseVersion } }), routeContext());

  it("starts from the built-in default as version 1", async () => {
    const list = await versions();
    expect(list.map((v) => v.version)).toEqual([1]);
    expect(list[0]!.author).toBe("system");
  });

  it("publishes a valid edit as the next version with its diff and author", async () => {
    const edited = defaultPolicyYaml.replace(/maxActions: 3/, "maxActions: 2");
    expect(edited).not.toBe(defaultPolicyYaml);
    const res = await save(edited, 1);
    expect(res.status).toBe(201);
    const saved = (await res.json()) as PolicyVersionDto;
    expect(saved).toMatchObject({ version: 2, author: "user:pat" });
    expect(saved.diff).toMatch(/-.*maxActions: 3/);
    expect(saved.diff).toMatch(/\+.*maxActions: 2/);
  });

  it("refuses an invalid document whole, with the line of each error", async () => {
    const res = await save("version: 1\nrules:\n  - id: x\n    match: { severity: apocalyptic }\n", 2);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { issues: { path: string; line: number }[] };
    expect(body.issues.length).toBeGreaterThan(0);
    expect(body.issues.every((i) => i.line >= 1)).toBe(true);
    expect((await versions()).length).toBe(2);
  });

  it("refuses a save on top of a stale version with 409", async () => {
    const res = await save(defaultPolicyYaml, 1);
    expect(res.status).toBe(409);
  });

  it("restores an old version as a new one", async () => {
    const res = await restore(apiRequest("/api/v1/policies/1/restore", { method: "POST", cookie: admin, body: { baseVersion: 2 } }), routeContext({ version: "1" }));
    expect(res.status).toBe(201);
    const list = await versions();
    expect(list[0]).toMatchObject({ version: 3, restoredFrom: 1 });
    expect(list[0]!.yaml).toBe(list.find((v) => v.version === 1)!.yaml.replace(/^version: 1/m, "version: 3"));
  });

  it("validates a draft for anyone who can read policies, without saving it", async () => {
    const res = await validate(apiRequest("/api/v1/policies/validate", { method: "POST", cookie: viewer, body: { yaml: "rules: [" } }), routeContext());
    const body = (await res.json()) as { ok: boolean; errors: { line: number }[] };
    expect(body.ok).toBe(false);
    expect(body.errors[0]!.line).toBeGreaterThanOrEqual(1);
    expect((await versions()).length).toBe(3);
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);
  });
});
