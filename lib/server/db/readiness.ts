import fs from "node:fs";
import path from "node:path";
import { database } from "./client";

export type Readiness = { status: "ok" | "unavailable"; database: string; pendingMigrations?: string[]; reason?: string };

function migrationNames(dir = path.join(process.cwd(), "prisma", "migrations")): string[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export async function readiness(): Promise<Readiness> {
  try {
    const db = await database();
    const rows = await db.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = migrationNames().filter((name) => !applied.has(name));
    if (pending.length > 0) return { status: "unavailable", database: "reachable", pendingMigrations: pending, reason: "migrations pending" };
    return { status: "ok", database: "reachable", pendingMigrations: [] };
  } catch (error) {
    return { status: "unavailable", database: "unreachable", reason: (error as Error).message.split("\n")[0] };
  }
}
