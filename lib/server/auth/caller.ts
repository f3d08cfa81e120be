import { getToken } from "next-auth/jwt";
import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { Role } from "@/lib/auth/permissions";
import { authenticateToken, type TokenCaller } from "@/lib/server/tokens/authenticate-token";
import { sessionSecret } from "./session-secret";

export type UserCaller = { kind: "user"; id: string; name: string; role: Role };
export type Caller = UserCaller | TokenCaller;

export function actorOf(caller: Caller): string {
  return caller.kind === "user" ? `user:${caller.name}` : `token:${caller.prefix}`;
}

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function hasSessionCookie(req: Request): boolean {
  return Object.keys(parseCookies(req.headers.get("cookie"))).some((name) => name.includes("next-auth.session-token"));
}

/** The user behind a session cookie, read afresh from the database on every request: a role
 * change or a disabled account takes effect on the next request, not when the token expires. */
export async function sessionUser(prisma: PrismaClient, req: Request): Promise<UserCaller | null> {
  const cookies = parseCookies(req.headers.get("cookie"));
  const jwt = await getToken({ req: { cookies, headers: {} } as never, secret: sessionSecret() });
  if (!jwt?.sub) return null;
  return loadUserCaller(prisma, jwt.sub);
}

export async function loadUserCaller(prisma: PrismaClient, id: string): Promise<UserCaller | null> {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user || user.disabled) return null;
  return { kind: "user", id: user.id, name: user.name, role: user.role };
}

/** Bearer tokens first (machines), then the session cookie (people). */
export async function resolveCaller(prisma: PrismaClient, req: Request, now: Date): Promise<Caller | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) return null;
    return authenticateToken(prisma, token, now);
  }
  return sessionUser(prisma, req);
}
