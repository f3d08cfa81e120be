import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { prisma as openPrisma } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { appMetrics } from "@/lib/server/metrics";
import { clientAddress } from "./client-address";
import { loadUserCaller } from "./caller";
import { clearAccountFailures, recordFailure, retryAfterSeconds, type ThrottleLimits } from "./login-throttle";
import { verifyPassword } from "./password";
import { sessionSecret } from "./session-secret";

const credentialsSchema = z.object({ name: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

export function throttleLimits(): ThrottleLimits {
  const e = env();
  return {
    perAccount: e.HOMEOSTAT_LOGIN_MAX_PER_ACCOUNT,
    perAddress: e.HOMEOSTAT_LOGIN_MAX_PER_ADDRESS,
    windowSeconds: e.HOMEOSTAT_LOGIN_WINDOW_SECONDS,
  };
}

/** Checks a name and password; counts failures per account and per address. */
export async function authorizeCredentials(raw: unknown, headers: Headers | Record<string, string | string[] | undefined>) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { name, password } = parsed.data;
  const prisma = await openPrisma();
  const now = new Date();
  const keys = { account: name, address: clientAddress(headers) };
  if ((await retryAfterSeconds(prisma, keys, throttleLimits(), now)) > 0) {
    appMetrics().signIns.inc({ outcome: "throttled" });
    return null;
  }
  const user = await prisma.user.findUnique({ where: { name } });
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok || user.disabled) {
    await recordFailure(prisma, keys, throttleLimits(), now);
    appMetrics().signIns.inc({ outcome: "bad-credentials" });
    return null;
  }
  await clearAccountFailures(prisma, name);
  await prisma.$transaction((tx) => appendAudit(tx, { actor: `user:${user.name}`, action: "auth.sign-in", data: { address: keys.address } }));
  appMetrics().signIns.inc({ outcome: "success" });
  return { id: user.id, name: user.name, role: user.role };
}

export function authOptions(): NextAuthOptions {
  return {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Homeostat",
        credentials: { name: { label: "User name", type: "text" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, req) => authorizeCredentials(credentials, req.headers ?? {}),
      }),
    ],
    callbacks: {
      // The token carries only the user id; name and role are read from the database each
      // time, and a disabled or deleted user ends the session (next-auth clears the cookie
      // when this callback throws).
      async jwt({ token, user }) {
        const id = user?.id ?? token.sub;
        if (!id) throw new Error("session without a user");
        const current = await loadUserCaller(await openPrisma(), id);
        if (!current) throw new Error("user disabled or removed");
        return { sub: current.id, name: current.name, role: current.role };
      },
      session({ session, token }) {
        return { ...session, user: { name: token.name as string, role: token.role as string } };
      },
    },
  };
}
