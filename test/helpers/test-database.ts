import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openMigrationConnection, type Row } from "@/lib/server/db/migration-connection";
import { applyMigrations, type DbTarget } from "@/lib/server/db/migrations";
import { pgliteTemplate } from "./pglite-template";

export type TestDatabaseKind = "pglite" | "postgres";

export type TestDatabase = {
  kind: TestDatabaseKind;
  target: DbTarget;
  /** Connection string of the fresh server database (postgres only). */
  url?: string;
  dispose: () => Promise<void>;
};

export type TestDatabaseOptions = {
  /** Default: TEST_DB_KIND=postgres → "postgres", else "pglite". */
  kind?: TestDatabaseKind;
  /** Apply prisma/migrations (default true); false gives an empty database. */
  migrate?: boolean;
};

/**
 * The kinds an integration suite runs against: PGlite always, plus the PostgreSQL server when
 * TEST_DATABASE_URL is set. Use with `describe.each(testDatabaseKinds())`. A set but unreachable
 * TEST_DATABASE_URL makes `createTestDatabase` throw, so those suites fail instead of skipping.
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

function defaultKind(): TestDatabaseKind {
  return process.env.TEST_DB_KIND === "postgres" ? "postgres" : "pglite";
}

/** A fresh database of its own, migrated unless `migrate: false`; `dispose` removes it. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const kind = options.kind ?? defaultKind();
  const migrate = options.migrate ?? true;
  return kind === "postgres" ? createServerDatabase(migrate) : createPgliteDatabase(migrate);
}

async function createPgliteDatabase(migrate: boolean): Promise<TestDatabase> {
  const root = await mkdtemp(path.join(tmpdir(), "homeostat-test-"));
  const dataDir = path.join(root, "pglite");
  await cp(await pgliteTemplate(migrate ? "migrated" : "empty"), dataDir, { recursive: true });
  return {
    kind: "pglite",
    target: { kind: "pglite", dataDir },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: cannot create a PostgreSQL test database");
  return url;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL is set but unreachable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

// A plain DROP waits (up to 5 s) for sessions that are closing; forcing at once would kill a
// session mid-goodbye and surface as an unhandled "terminating connection" error in the test
// process. Sessions a test left open are forced out.
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== "55006") throw error;
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

async function createServerDatabase(migrate: boolean): Promise<TestDatabase> {
  const name = `homeostat_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const database: TestDatabase = {
    kind: "postgres",
    target: { kind: "postgres", url: url.toString() },
    url: url.toString(),
    dispose: () => withAdmin((admin) => dropDatabase(admin, name)),
  };
  if (migrate) {
    try {
      await applyMigrations(database.target);
    } catch (error) {
      await database.dispose();
      throw error;
    }
  }
  return database;
}

/** Runs one statement on a test database through a short-lived connection of its own. */
export async function queryTestDatabase(target: DbTarget, sql: string): Promise<Row[]> {
  const connection = await openMigrationConnection(target);
  try {
    return await connection.query(sql);
  } finally {
    await connection.close();
  }
}
