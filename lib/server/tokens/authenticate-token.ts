import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { parseToken, secretMatches } from "./token-secret";

export type TokenCaller = { kind: "token"; id: string; prefix: string; name: string; scopes: string[] };

/** Resolves a bearer token to its caller and records the use (count and last time), so
 * every call a machine makes is attributed to its token. */
export async function authenticateToken(prisma: PrismaClient, token: string, now: Date): Promise<TokenCaller | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const row = await prisma.apiToken.findUnique({ where: { prefix: parsed.prefix } });
  if (!row || row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) return null;
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now, useCount: { increment: 1 } } });
  return { kind: "token", id: row.id, prefix: row.prefix, name: row.name, scopes: row.scopes };
}
