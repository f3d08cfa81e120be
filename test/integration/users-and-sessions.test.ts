import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials } from "@/lib/server/auth/auth-options";
import { sessionUser } from "@/lib/server/auth/caller";
import { recordFailure, retryAfterSeconds } from "@/lib/server/auth/login-throttle";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { ConflictError, RuleError } from "@/lib/server/errors";
import { ensureAdmin } from "@/lib/server/users/ensure-admin";
import { updateUser } from "@/lib/server/users/update-user";
import { PATCH as patchUser } from "@/app/api/v1/users/[name]/route";
import { GET as getUsers, POST as postUser } from "@/app/api/v1/users/route";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, testPassword, type AppDatabase } from "../helpers/app-database";
import { testDatabaseKinds } from "../helpers/test-database";

describe.each(testDatabaseKinds())("users and sessions on %s", (kind) => {
  let app: AppDatabase;
  let adminCookie: string;

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    const first = await ensureAdmin(app.db.prisma, "first-admin-password");
    expect(first).toMatchObject({ created: true, generated: false });
    expect(await ensureAdmin(app.db.prisma, undefined)).toEqual({ created: false });
    const admin = await app.db.prisma.user.findUniqueOrThrow({ where: { name: "admin" } });
    adminCookie = await sessionCookie(admin);
  });
  afterAll(() => app.dispose());

  it("stores passwords as argon2id hashes", async () => {
    const admin = await app.db.prisma.user.findUniqueOrThrow({ where: { name: "admin" } });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("applies a role change and a disabled account on the very next request", async () => {
    const dana = await addUser(app.db, "dana", "viewer");
    const cookie = await sessionCookie(dana);
    const asDana = () => getUsers(apiRequest("/api/v1/users", { cookie }), routeContext());
    expect((await asDana()).status).toBe(403);

    const promote = await patchUser(apiRequest("/api/v1/users/dana", { method: "PATCH", cookie: adminCookie, body: { role: "admin" } }), routeContext({ name: "dana" }));
    expect(promote.status).toBe(200);
    expect((await asDana()).status).toBe(200); // same cookie, new role

    await updateUser(app.db.prisma, "dana", { disabled: true }, "test");
    expect((await asDana()).status).toBe(401);
    expect(await sessionUser(app.db.prisma, apiRequest("/", { cookie }))).toBeNull();
  });

  it("answers a duplicate name with 409 and bad input with 422 naming the field", async () => {
    const body = { name: "erin", password: testPassword, role: "operator" };
    const created = await postUser(apiRequest("/api/v1/users", { method: "POST", cookie: adminCookie, body }), routeContext());
    expect(created.status).toBe(201);
    const again = await postUser(apiRequest("/api/v1/users", { method: "POST", cookie: adminCookie, body }), routeContext());
    expect(again.status).toBe(409);
    const bad = await postUser(apiRequest("/api/v1/users", { method: "POST", cookie: adminCookie, body: { name: "erin2", password: "x", role: "king" } }), routeContext());
    expect(bad.status).toBe(422);
    const issues = ((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(["password", "role"]));
    expect(await app.db.prisma.user.count({ where: { name: "erin2" } })).toBe(0);
  });

  it("refuses cross-site, origin-less, wrongly typed, oversized and malformed requests", async () => {
    const send = (headers: Record<string, string>, body: unknown = { name: "fay", password: testPassword }) =>
      postUser(apiRequest("/api/v1/users", { method: "POST", cookie: adminCookie, body, headers }), routeContext());
    expect((await send({ origin: "https://evil.example" })).status).toBe(403);
    expect((await send({ origin: "http://localhost:3000", "sec-fetch-site": "cross-site" })).status).toBe(403);
    const noOrigin = new Request("http://localhost:3000/api/v1/users", {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json", host: "localhost:3000" },
      body: JSON.stringify({ name: "fay", password: testPassword }),
    });
    expect((await postUser(noOrigin, routeContext())).status).toBe(403);
    expect((await send({ "content-type": "text/plain" })).status).toBe(415);
    expect((await send({}, "{not json")).status).toBe(400);
    expect((await send({}, { name: "fay", password: "p".repeat(2 << 20) })).status).toBe(413);
    expect(await app.db.prisma.user.count({ where: { name: "fay" } })).toBe(0);
  });

  it("keeps one enabled admin", async () => {
    await expect(updateUser(app.db.prisma, "admin", { role: "viewer" }, "test")).rejects.toBeInstanceOf(RuleError);
    await expect(updateUser(app.db.prisma, "nobody", { role: "viewer" }, "test")).rejects.toThrow(/no user/);
  });

  it("signs in with the right password only, and limits failures per account and address", async () => {
    const headers = { "x-homeostat-peer": "10.0.0.7" };
    await addUser(app.db, "gus", "operator");
    expect(await authorizeCredentials({ name: "gus", password: testPassword }, headers)).toMatchObject({ name: "gus", role: "operator" });
    for (let i = 0; i < 5; i++) expect(await authorizeCredentials({ name: "gus", password: "wrong" }, headers)).toBeNull();
    // The account is now locked for the window, even with the right password.
    expect(await authorizeCredentials({ name: "gus", password: testPassword }, headers)).toBeNull();
    const limits = { perAccount: 5, perAddress: 20, windowSeconds: 900 };
    const now = new Date();
    expect(await retryAfterSeconds(app.db.prisma, { account: "gus", address: "10.0.0.8" }, limits, now)).toBeGreaterThan(800);
    // ...and free again once the window has passed.
    expect(await retryAfterSeconds(app.db.prisma, { account: "gus", address: "10.0.0.8" }, limits, new Date(now.getTime() + 901_000))).toBe(0);
  });

  it("limits one address guessing across many accounts", async () => {
    const limits = { perAccount: 5, perAddress: 3, windowSeconds: 60 };
    const now = new Date("2030-01-01T00:00:00Z");
    for (const account of ["a1", "a2", "a3"]) await recordFailure(app.db.prisma, { account, address: "192.0.2.1" }, limits, now);
    expect(await retryAfterSeconds(app.db.prisma, { account: "a4", address: "192.0.2.1" }, limits, now)).toBe(60);
    expect(await retryAfterSeconds(app.db.prisma, { account: "a4", address: "192.0.2.2" }, limits, now)).toBe(0);
  });

  it("records every change in an audit chain that verifies, and detects tampering", async () => {
    await expect(addUser(app.db, "admin", "viewer")).rejects.toBeInstanceOf(ConflictError);
    const verdict = await verifyAudit(app.db.prisma);
    expect(verdict.ok).toBe(true);
    expect(verdict.rows).toBeGreaterThan(5);
    const actions = (await app.db.prisma.auditEvent.findMany({ select: { action: true } })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["user.create", "user.role-change", "user.disable", "auth.sign-in"]));

    const victim = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.role-change" } });
    await app.db.prisma.$executeRaw`UPDATE audit_events SET data = '{"to":"viewer"}' WHERE seq = ${victim.seq}`;
    expect(await verifyAudit(app.db.prisma)).toMatchObject({ ok: false, brokenAt: victim.seq });
  });
});
