// npm run db:migrate — applies pending migrations to the database the app would use:
// DATABASE_URL when it is a postgres:// or postgresql:// URL, else the embedded PGlite in
// HOMEOSTAT_DATA_DIR (default ./.homeostat/pglite).
import path from "node:path";
import { applyMigrations, type DbTarget } from "@/lib/server/db/migrations";

export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): DbTarget {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  return { kind: "pglite", dataDir: path.resolve(env.HOMEOSTAT_DATA_DIR || ".homeostat/pglite") };
}

function describeTarget(target: DbTarget): string {
  // Never print the URL: it may carry a password.
  return target.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${target.dataDir}`;
}

const target = targetFromEnv();
try {
  const { applied } = await applyMigrations(target, { log: (message) => console.log(message) });
  console.log(
    applied.length === 0
      ? `${describeTarget(target)}: no pending migrations`
      : `${describeTarget(target)}: applied ${applied.length} migration(s)`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
