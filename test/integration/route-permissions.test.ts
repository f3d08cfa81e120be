import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, roles, scopesCan, tokenScopes, type Permission, type Role } from "@/lib/auth/permissions";
import { createToken } from "@/lib/server/tokens/manage-tokens";
import {
  addUser,
  apiRequest,
  createAppDatabase,
  routeContext,
  sessionCookie,
  type AppDatabase,
} from "../helpers/app-database";
import { testDatabaseKinds } from "../helpers/test-database";

// Every route file under app/ is found on disk and called by every kind of caller, so a
// route cannot be added without an authorization check: a handler that is not wrapped in
// withPermission (or publicRoute) has no permission tag and fails here. The resulting
// table is docs/route-permissions.md; a change in any status changes that file.

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const appDir = path.resolve("app");

type Route = { file: string; pattern: string; urlPath: string; params: Record<string, string> };

function findRoutes(dir = appDir): Route[] {
  const routes: Route[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...findRoutes(full));
    else if (entry.name === "route.ts") routes.push(toRoute(full));
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

// Values for dynamic segments: they name nothing that exists, so allowed callers get a
// 404 or 422 rather than changing anything.
const paramValues: Record<string, string> = { name: "nobody-here", id: randomUUID() };

function toRoute(file: string): Route {
  const params: Record<string, string> = {};
  const parts = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s));
  const segments = parts.map((s) => {
    const dynamic = /^\[(?:\.\.\.)?(.+)\]$/.exec(s);
    if (!dynamic) return s;
    const value = paramValues[dynamic[1]!] ?? "x";
    params[dynamic[1]!] = value;
    return value;
  });
  return { file, pattern: `/${parts.join("/")}`, urlPath: `/${segments.join("/")}`, params };
}

type Caller = { label: string; cookie?: string; bearer?: string; role?: Role; scopes?: string[] };
type Handler = ((req: Request, ctx: unknown) => Promise<Response>) & { permission?: Permission | "public" };

function expectedOutcome(permission: Permission | "public", caller: Caller): "allowed" | 401 | 403 {
  if (permission === "public") return "allowed";
  if (!caller.role && !caller.scopes) return 401;
  const allowed = caller.role ? can(caller.role, permission) : scopesCan(caller.scopes!, permission);
  return allowed ? "allowed" : 403;
}

describe.each(testDatabaseKinds())("every route on %s", (kind) => {
  let app: AppDatabase;
  const callers: Caller[] = [{ label: "anonymous" }];

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    for (const role of roles) {
      const user = await addUser(app.db, `matrix-${role}`, role);
      callers.push({ label: role, role, cookie: await sessionCookie(user) });
    }
    for (const scope of tokenScopes) {
      const token = await createToken(
        app.db.prisma,
        { name: `matrix-${scope}`, scopes: [scope] },
        "matrix-admin",
      );
      callers.push({ label: `token:${scope}`, scopes: [scope], bearer: token.secret });
    }
  });
  afterAll(() => app.dispose());

  it("checks the caller and the permission in each handler", async () => {
    const rows: string[] = [];
    const routes = findRoutes();
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      const mod = (await import(route.file)) as Record<string, Handler | undefined>;
      for (const method of methods) {
        const handler = mod[method];
        if (!handler) continue;
        const where = `${method} ${route.pattern}`;
        expect(handler.permission, `${where} is not wrapped in withPermission or publicRoute`).toBeDefined();
        const permission = handler.permission!;
        // next-auth's own handlers need Next's request scope; the browser tests cover them.
        const callable = !route.urlPath.startsWith("/api/auth/");
        const cells: string[] = [];
        for (const caller of callers) {
          if (!callable) {
            cells.push("—");
            continue;
          }
          const body = method === "GET" || method === "DELETE" ? undefined : {};
          const res = await handler(
            apiRequest(route.urlPath, { method, cookie: caller.cookie, bearer: caller.bearer, body }),
            routeContext(route.params),
          );
          const expected = expectedOutcome(permission, caller);
          if (expected === "allowed") {
            expect([401, 403], `${where} as ${caller.label}`).not.toContain(res.status);
            expect(res.status, `${where} as ${caller.label}`).toBeLessThan(500);
          } else {
            expect(res.status, `${where} as ${caller.label}`).toBe(expected);
          }
          cells.push(String(res.status));
        }
        rows.push(`| \`${where}\` | ${permission} | ${cells.join(" | ")} |`);
      }
    }
    const header = `| route | permission | ${callers.map((c) => c.label).join(" | ")} |`;
    const table = [
      "# Route permissions",
      "",
      "Generated by `test/integration/route-permissions.test.ts`, which calls every route handler as every",
      "kind of caller with an empty body. 401: not signed in; 403: lacks the permission; 404/422: allowed,",
      "but the test names nothing that exists or sends an empty body. `—`: next-auth's own routes, covered",
      "by the browser tests.",
      "",
      header,
      `|${" --- |".repeat(callers.length + 2)}`,
      ...rows,
      "",
    ].join("\n");
    await expect(table).toMatchFileSnapshot(path.resolve("docs/route-permissions.md"));
  });
});
