import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { createUser } from "./create-user";

export type EnsureAdminResult = { created: false } | { created: true; password: string; generated: boolean };

/** Creates the first admin, named "admin", when the database has no users at all. The
 * password comes from HOMEOSTAT_ADMIN_PASSWORD, else a random one the caller prints once. */
export async function ensureAdmin(prisma: PrismaClient, configuredPassword: string | undefined): Promise<EnsureAdminResult> {
  if ((await prisma.user.count()) > 0) return { created: false };
  const password = configuredPassword ?? randomBytes(18).toString("base64url");
  await createUser(prisma, { name: "admin", password, role: "admin" }, "system");
  return { created: true, password, generated: configuredPassword === undefined };
}
