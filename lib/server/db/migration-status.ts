import { defaultMigrationsDir, migrationNames, readMigrationsList } from "./migration-files";

// Kept apart from migrations.ts so a route handler (readiness) can import it without pulling
// the wasm schema engine and PGlite into its bundle.

export type MigrationStatus = { applied: string[]; pending: string[]; failed: string[] };

type Row = Record<string, unknown>;

/**
 * Status from `_prisma_migrations` through a query function the caller already has (for
 * example the app's Prisma client: `(sql) => prisma.$queryRawUnsafe(sql)`), so a readiness
 * check does not open a second PGlite on the same folder. `expected` defaults to the names in
 * `prisma/migrations`. A row counts as applied when it finished and was not rolled back.
 */
export async function readMigrationStatus(
  query: (sql: string) => Promise<Row[]>,
  expected?: string[],
): Promise<MigrationStatus> {
  const names = expected ?? migrationNames(await readMigrationsList(defaultMigrationsDir));
  const [table] = await query("SELECT to_regclass('_prisma_migrations')::text AS name");
  const rows =
    table?.name == null
      ? []
      : await query(
          `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations
           WHERE rolled_back_at IS NULL ORDER BY started_at`,
        );
  const applied = new Set(
    rows.filter((row) => row.finished === true).map((row) => String(row.migration_name)),
  );
  const failed = rows.filter((row) => row.finished !== true).map((row) => String(row.migration_name));
  return {
    applied: [...applied],
    pending: names.filter((name) => !applied.has(name)),
    failed,
  };
}
