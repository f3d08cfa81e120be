import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DiffTarget } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { type MigrationConnection, openMigrationConnection } from "./migration-connection";
import {
  defaultMigrationsDir,
  defaultSchemaPath,
  migrationNames,
  readMigrationsList,
  takeMigrations,
} from "./migration-files";
import { type EngineSchemaFile, emptySchemaFilter, openSchemaEngine, takeEnginePanic } from "./schema-engine";
import { type MigrationStatus, readMigrationStatus } from "./migration-status";
import type { DbTarget } from "./target";

export type { DbTarget } from "./target";
export { type MigrationStatus, readMigrationStatus } from "./migration-status";

export type MigrationOptions = { migrationsDir?: string; log?: (message: string) => void };
export type DiffOptions = { migrationsDir?: string; schemaPath?: string };

/** A migration whose script failed; the database was left as it was before it. */
export class MigrationFailedError extends Error {
  readonly migration: string;
  constructor(migration: string, cause: unknown) {
    super(`Migration ${migration} failed: ${describe(cause)}`, { cause });
    this.name = "MigrationFailedError";
    this.migration = migration;
  }
}

function describe(error: unknown): string {
  const panic = takeEnginePanic();
  if (panic !== undefined) return `schema engine panicked: ${panic}`;
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}

const scriptSavepoint = "homeostat_migration_script";
const migrationLockKey = 0x6d696772; // "migr"; any constant unique to this purpose

/**
 * Applies the pending migrations of `migrationsDir` (default `prisma/migrations`) with Prisma's
 * schema engine, which records them in `_prisma_migrations` exactly as `prisma migrate deploy`
 * does. The engine itself runs a script outside any transaction and leaves a failed row behind,
 * so each migration runs in a transaction of ours: the engine is shown the history up to that
 * migration, and a failure rolls back its schema changes and its `_prisma_migrations` row
 * together. Idempotent: migrations already recorded are skipped. Hence a migration must not
 * hold its own BEGIN/COMMIT or statements PostgreSQL refuses inside a transaction
 * (CREATE INDEX CONCURRENTLY, ALTER TYPE … ADD VALUE before PostgreSQL 12).
 * Opens its own connection; for PGlite call it before anything else opens the data folder.
 */
export async function applyMigrations(
  target: DbTarget,
  opts: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const list = await readMigrationsList(opts.migrationsDir ?? defaultMigrationsDir);
  let scriptError: unknown;
  const connection = await openMigrationConnection(target, async (exec, script) => {
    // A savepoint keeps the transaction usable after a failing script, so the engine's own
    // bookkeeping does not bury the script's error under "transaction is aborted".
    await exec(`SAVEPOINT ${scriptSavepoint}`);
    try {
      await exec(script);
    } catch (error) {
      scriptError = error;
      await exec(`ROLLBACK TO SAVEPOINT ${scriptSavepoint}`);
      throw error;
    }
    await exec(`RELEASE SAVEPOINT ${scriptSavepoint}`);
  });
  const applied: string[] = [];
  // Replicas starting together against one server take turns: a session-level advisory lock
  // is held while reading what is pending and applying it, so the second one finds nothing
  // to do instead of failing on tables the first one just created.
  await connection.exec(`SELECT pg_advisory_lock(${migrationLockKey})`);
  try {
    const pending = new Set((await readMigrationStatus(connection.query, migrationNames(list))).pending);
    if (pending.size === 0) return { applied };
    const engine = await openSchemaEngine(connection.factory, []);
    try {
      for (const [index, name] of migrationNames(list).entries()) {
        if (!pending.has(name)) continue;
        log(`applying migration ${name}`);
        scriptError = undefined;
        const done = await applyInTransaction(connection, () =>
          engine.applyMigrations({
            migrationsList: takeMigrations(list, index + 1),
            filters: emptySchemaFilter,
          }),
        ).catch((error: unknown) => {
          throw scriptError === undefined
            ? new Error(`Applying migration ${name} failed: ${describe(error)}`, { cause: error })
            : new MigrationFailedError(name, scriptError);
        });
        applied.push(...done.appliedMigrationNames);
      }
    } finally {
      engine.free();
    }
    return { applied };
  } finally {
    await connection.close();
  }
}

async function applyInTransaction<T>(connection: MigrationConnection, work: () => Promise<T>): Promise<T> {
  await connection.exec("BEGIN");
  try {
    const result = await work();
    await connection.exec("COMMIT");
    return result;
  } catch (error) {
    await connection.exec("ROLLBACK");
    throw error;
  }
}

/**
 * The SQL that takes a database built from `migrationsDir` to `schemaPath`: what
 * `prisma migrate dev` would write as the next migration. The migrations are replayed in an
 * in-memory PGlite, so no database is touched. Empty string when there is nothing to change.
 */
export async function diffSchema(opts: DiffOptions = {}): Promise<string> {
  const list = await readMigrationsList(opts.migrationsDir ?? defaultMigrationsDir);
  return diffToSchema({ kind: "memory" }, opts.schemaPath, () => ({ tag: "migrations", ...list }));
}

/**
 * The SQL that takes the live database at `target` to `schemaPath` ("" when they agree): drift
 * left by hand edits or by migrations that do not produce the schema. Read-only.
 */
export async function diffDatabase(target: DbTarget, opts: { schemaPath?: string } = {}): Promise<string> {
  return diffToSchema(target, opts.schemaPath, (files) => ({
    tag: "schemaDatasource",
    files,
    configDir: process.cwd(),
  }));
}

async function diffToSchema(
  target: DbTarget | { kind: "memory" },
  schemaPath: string = defaultSchemaPath,
  from: (files: EngineSchemaFile[]) => DiffTarget,
): Promise<string> {
  const files = [{ path: path.basename(schemaPath), content: await readFile(schemaPath, "utf8") }];
  const connection = await openMigrationConnection(target);
  try {
    const engine = await openSchemaEngine(connection.factory, files);
    try {
      const result = await engine.diff({
        from: from(files),
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: true,
        filters: emptySchemaFilter,
      });
      // exitCode 2 = "the diff is non-empty"; otherwise stdout holds only an empty-migration note.
      return result.exitCode === 2 ? (result.stdout ?? "") : "";
    } finally {
      engine.free();
    }
  } finally {
    await connection.close();
  }
}

/** Applied, pending and failed migration names of a database, compared with the folder. */
export async function migrationStatus(
  target: DbTarget,
  opts: { migrationsDir?: string } = {},
): Promise<MigrationStatus> {
  const list = await readMigrationsList(opts.migrationsDir ?? defaultMigrationsDir);
  const connection = await openMigrationConnection(target);
  try {
    return await readMigrationStatus(connection.query, migrationNames(list));
  } finally {
    await connection.close();
  }
}
