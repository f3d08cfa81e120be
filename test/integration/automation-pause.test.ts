import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as pause } from "@/app/api/v1/automation/pause/route";
import { POST as resume } from "@/app/api/v1/automation/resume/route";
import { GET as state } from "@/app/api/v1/automation/route";
import type { AutomationState } from "@/lib/validations/automation";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { testDatabaseKinds } from "../helpers/test-database";

describe.each(testDatabaseKinds())("the automation pause on %s", (kind) => {
  let app: AppDatabase;
  let admin: string;
  let approver: string;

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    admin = await sessionCookie(await addUser(app.db, "kim", "admin"));
    approver = await sessionCookie(await addUser(app.db, "abe", "approver"));
  });
  afterAll(() => app.dispose());

  const read = async () => (await (await state(apiRequest("/api/v1/automation", { cookie: approver }), routeContext())).json()) as AutomationState;

  it("needs a reason, and an admin", async () => {
    expect((await pause(apiRequest("/api/v1/automation/pause", { method: "POST", cookie: admin, body: {} }), routeContext())).status).toBe(422);
    expect((await pause(apiRequest("/api/v1/automation/pause", { method: "POST", cookie: approver, body: { reason: "deploy freeze" } }), routeContext())).status).toBe(403);
    expect((await read()).paused).toBe(false);
  });

  it("pauses everything, records who and why, and resumes with an audit row", async () => {
    const res = await pause(apiRequest("/api/v1/automation/pause", { method: "POST", cookie: admin, body: { reason: "incident bridge open" } }), routeContext());
    expect(res.status).toBe(200);
    expect(await read()).toMatchObject({ paused: true, global: { reason: "incident bridge open", pausedBy: "user:kim" } });
    expect((await resume(apiRequest("/api/v1/automation/resume", { method: "POST", cookie: admin, body: { reason: "bridge closed" } }), routeContext())).status).toBe(200);
    expect((await read()).paused).toBe(false);
    expect((await resume(apiRequest("/api/v1/automation/resume", { method: "POST", cookie: admin, body: {} }), routeContext())).status).toBe(404);
    const actions = (await app.db.prisma.auditEvent.findMany({ where: { action: { startsWith: "automation." } }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["automation.pause", "automation.resume"]);
  });

  it("pauses one service without pausing the rest", async () => {
    await pause(apiRequest("/api/v1/automation/pause", { method: "POST", cookie: admin, body: { service: "payment", reason: "rolled back, needs a look" } }), routeContext());
    const s = await read();
    expect(s.paused).toBe(false);
    expect(s.services.map((x) => x.service)).toEqual(["payment"]);
  });
});
