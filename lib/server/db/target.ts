import path from "node:path";
import { env, pgliteDataDir, type Env } from "@/lib/server/env";

export type DbTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

/** DATABASE_URL selects a PostgreSQL server; without it the embedded PGlite folder is used. */
export function dbTargetFromEnv(e: Env = env()): DbTarget {
  return e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "pglite", dataDir: pgliteDataDir(e) };
}

export function describeTarget(target: DbTarget): string {
  if (target.kind === "pglite") return `embedded PGlite at ${path.relative(process.cwd(), target.dataDir) || "."}`;
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || "5432"}${url.pathname}`;
}
