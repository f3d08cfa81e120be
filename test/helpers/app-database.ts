import { encode } from "next-auth/jwt";
import type { Role } from "@/lib/auth/permissions";
import { clearDatabase, openDatabase, setDatabase, type Database } from "@/lib/server/db/client";
import { createUser } from "@/lib/server/users/create-user";
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from "./test-database";

export type AppDatabase = TestDatabase & { db: Database };

/** A fresh migrated database installed as the process-wide one that route handlers use. */
export async function createAppDatabase(kind: TestDatabaseKind): Promise<AppDatabase> {
  const test = await createTestDatabase({ kind });
  const db = await openDatabase(test.target);
  setDatabase(db);
  return {
    ...test,
    db,
    dispose: async () => {
      clearDatabase();
      await db.close();
      await test.dispose();
    },
  };
}

export const testPassword = "a-long-test-password";

export async function addUser(db: Database, name: string, role: Role): Promise<{ id: string; name: string }> {
  const user = await createUser(db.prisma, { name, password: testPassword, role }, "test");
  return { id: user.id, name: user.name };
}

/** The cookie a browser would hold after signing in as this user. */
export async function sessionCookie(user: { id: string; name: string }): Promise<string> {
  const token = await encode({ token: { sub: user.id, name: user.name }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

export const origin = "http://localhost:3000";

type RequestOptions = { method?: string; cookie?: string; bearer?: string; body?: unknown; headers?: Record<string, string> };

export function apiRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers({ host: "localhost:3000", ...options.headers });
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.bearer) headers.set("authorization", `Bearer ${options.bearer}`);
  if (options.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (options.cookie && !headers.has("origin") && options.method && options.method !== "GET") headers.set("origin", origin);
  return new Request(`${origin}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
}

export function routeContext(params: Record<string, string> = {}) {
  return { params: Promise.resolve(params) };
}
