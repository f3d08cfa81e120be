import { database } from "./client";
import { readMigrationStatus } from "./migration-status";

export type Readiness = { status: "ok" | "unavailable"; database: string; pendingMigrations?: string[]; reason?: string };

/** Ready when the database answers through the app's own connection and every migration in
 * prisma/migrations is applied. */
export async function readiness(): Promise<Readiness> {
  try {
    const db = await database();
    const status = await readMigrationStatus((sql) => db.prisma.$queryRawUnsafe(sql));
    if (status.pending.length > 0 || status.failed.length > 0) {
      return { status: "unavailable", database: "reachable", pendingMigrations: status.pending, reason: status.failed.length ? `failed migrations: ${status.failed.join(", ")}` : "migrations pending" };
    }
    return { status: "ok", database: "reachable", pendingMigrations: [] };
  } catch (error) {
    return { status: "unavailable", database: "unreachable", reason: (error as Error).message.split("\n")[0] };
  }
}
