// npm run db:migrate — applies pending migrations to the database the app uses: the server at
// DATABASE_URL, else the embedded PGlite under HOMEOSTAT_DATA_DIR (the same choice as npm start).
import { acquirePgliteLock } from "@/lib/server/db/pglite-lock";
import { applyMigrations } from "@/lib/server/db/migrations";
import { dbTargetFromEnv, describeTarget } from "@/lib/server/db/target";
import { parseEnv } from "@/lib/server/env";

try {
  const target = dbTargetFromEnv(parseEnv(process.env));
  // Refuses while a running server owns the embedded folder, instead of migrating under it.
  const release = target.kind === "pglite" ? acquirePgliteLock(target.dataDir) : () => {};
  try {
    const { applied } = await applyMigrations(target, { log: (message) => console.log(message) });
    console.log(
      `${describeTarget(target)}: ${applied.length === 0 ? "no pending migrations" : `applied ${applied.length} migration(s)`}`,
    );
  } finally {
    release();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
