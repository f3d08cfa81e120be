import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  applyMigrations,
  diffDatabase,
  diffSchema,
  MigrationFailedError,
  migrationStatus,
  readMigrationStatus,
} from "@/lib/server/db/migrations";
import { PrismaClient } from "@/lib/server/generated/prisma/client";
import {
  createTestDatabase,
  queryTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
} from "@/test/helpers/test-database";

const repoMigrations = path.resolve("prisma", "migrations");
const repoSchema = path.resolve("prisma", "schema.prisma");

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "homeostat-migrations-test-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function repoMigrationNames(): Promise<string[]> {
  const entries = await readdir(repoMigrations, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function writeMigrations(name: string, migrations: Record<string, string>): Promise<string> {
  const dir = path.join(scratch, name);
  for (const [folder, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, folder), { recursive: true });
    await writeFile(path.join(dir, folder, "migration.sql"), sql);
  }
  return dir;
}

async function tableNames(db: TestDatabase): Promise<string[]> {
  const rows = await queryTestDatabase(
    db.target,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  return rows.map((row) => String(row.table_name));
}

describe.each(testDatabaseKinds())("applyMigrations on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ kind, migrate: false });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test("applies every migration once, then nothing", async () => {
    const names = await repoMigrationNames();
    expect(names.length).toBeGreaterThan(0);
    expect(await migrationStatus(db.target)).toEqual({ applied: [], pending: names, failed: [] });

    expect(await applyMigrations(db.target)).toEqual({ applied: names });
    expect(await applyMigrations(db.target)).toEqual({ applied: [] });
    expect(await migrationStatus(db.target)).toEqual({ applied: names, pending: [], failed: [] });
  });

  test("records _prisma_migrations rows the way prisma migrate deploy does", async () => {
    const rows = await queryTestDatabase(
      db.target,
      "SELECT id, migration_name, checksum, finished_at, started_at, applied_steps_count, logs, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
    );
    const names = await repoMigrationNames();
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = await readFile(path.join(repoMigrations, String(row.migration_name), "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(String(row.id)).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.started_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
  });

  test("leaves the database exactly as prisma/schema.prisma describes it", async () => {
    expect(await diffDatabase(db.target)).toBe("");
  });
});

describe.runIf(testDatabaseKinds().includes("postgres"))("replicas starting together on postgres", () => {
  test("apply each migration once between them, and neither fails", async () => {
    const db = await createTestDatabase({ kind: "postgres", migrate: false });
    try {
      const names = await repoMigrationNames();
      const results = await Promise.all([applyMigrations(db.target), applyMigrations(db.target), applyMigrations(db.target)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
      expect(await migrationStatus(db.target)).toEqual({ applied: names, pending: [], failed: [] });
    } finally {
      await db.dispose();
    }
  });
});

describe.each(testDatabaseKinds())("a failing migration on %s", (kind) => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.dispose();
  });

  test("leaves the database as it was and names the migration", async () => {
    db = await createTestDatabase({ kind, migrate: false });
    const dir = await writeMigrations(`failing-${kind}`, {
      "20240101000000_good": 'CREATE TABLE "good" ("id" INTEGER PRIMARY KEY);',
      "20240102000000_bad":
        'CREATE TABLE "partial" ("id" INTEGER);\nINSERT INTO "good" VALUES (1);\nSELECT * FROM "missing_table";',
    });

    const failure = await applyMigrations(db.target, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect((failure as MigrationFailedError).migration).toBe("20240102000000_bad");
    expect((failure as Error).message).toContain("20240102000000_bad");
    expect((failure as Error).message).toContain("missing_table");

    expect(await tableNames(db)).toEqual(["_prisma_migrations", "good"]);
    expect(await queryTestDatabase(db.target, 'SELECT count(*)::int AS n FROM "good"')).toEqual([{ n: 0 }]);
    expect(await migrationStatus(db.target, { migrationsDir: dir })).toEqual({
      applied: ["20240101000000_good"],
      pending: ["20240102000000_bad"],
      failed: [],
    });

    // Nothing recorded the failure, so the corrected migration simply applies next time.
    await writeFile(
      path.join(dir, "20240102000000_bad", "migration.sql"),
      'CREATE TABLE "partial" ("id" INTEGER);',
    );
    expect(await applyMigrations(db.target, { migrationsDir: dir })).toEqual({
      applied: ["20240102000000_bad"],
    });
  });

  test("a first migration that fails leaves an empty database", async () => {
    db = await createTestDatabase({ kind, migrate: false });
    const dir = await writeMigrations(`first-fails-${kind}`, {
      "20240101000000_broken": 'CREATE TABLE "t" ("id" INTEGER);\nTHIS IS NOT SQL;',
    });
    await expect(applyMigrations(db.target, { migrationsDir: dir })).rejects.toThrow(/20240101000000_broken/);
    expect(await tableNames(db)).toEqual([]);
    expect(await diffDatabase(db.target)).toContain('CREATE TABLE "users"');
  });

  test("runs a script whole: semicolons inside bodies and strings are not statement ends", async () => {
    db = await createTestDatabase({ kind, migrate: false });
    const dir = await writeMigrations(`whole-script-${kind}`, {
      "20240101000000_functions": [
        'CREATE TABLE "notes" ("body" TEXT);',
        "INSERT INTO \"notes\" VALUES ('a; b');",
        "CREATE FUNCTION note_count() RETURNS bigint LANGUAGE plpgsql AS $$",
        "DECLARE n bigint; BEGIN SELECT count(*) INTO n FROM notes; RETURN n; END $$;",
      ].join("\n"),
    });
    expect(await applyMigrations(db.target, { migrationsDir: dir })).toEqual({
      applied: ["20240101000000_functions"],
    });
    expect(
      await queryTestDatabase(db.target, 'SELECT note_count()::int AS n, (SELECT body FROM "notes") AS body'),
    ).toEqual([{ n: 1, body: "a; b" }]);
  });
});

describe.each(testDatabaseKinds())("createTestDatabase on %s", (kind) => {
  test("gives a migrated database of its own", async () => {
    const [first, second] = await Promise.all([createTestDatabase({ kind }), createTestDatabase({ kind })]);
    try {
      expect(first.target).not.toEqual(second.target);
      const status = await migrationStatus(first.target);
      expect(status.pending).toEqual([]);
      expect(status.applied).toEqual(await repoMigrationNames());
      if (kind === "postgres") expect(first.url).toMatch(/^postgres(ql)?:\/\//);
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
    }
  });
});

describe.each(testDatabaseKinds())("readMigrationStatus through the app's Prisma client on %s", (kind) => {
  test("reports nothing pending on a migrated database", async () => {
    const db = await createTestDatabase({ kind });
    const pglite =
      db.target.kind === "pglite" ? await PGlite.create({ dataDir: db.target.dataDir }) : undefined;
    const adapter = pglite ? new PrismaPGlite(pglite) : new PrismaPg({ connectionString: db.url });
    const prisma = new PrismaClient({ adapter });
    try {
      const status = await readMigrationStatus((sql) => prisma.$queryRawUnsafe(sql));
      expect(status).toEqual({ applied: await repoMigrationNames(), pending: [], failed: [] });
    } finally {
      await prisma.$disconnect();
      await pglite?.close();
      await db.dispose();
    }
  });
});

describe("diffSchema", () => {
  test("is empty when prisma/migrations matches prisma/schema.prisma", async () => {
    expect(await diffSchema({ migrationsDir: repoMigrations, schemaPath: repoSchema })).toBe("");
  });

  test("gives the next migration's SQL after a schema change", async () => {
    const schemaPath = path.join(scratch, "changed.prisma");
    const schema = await readFile(repoSchema, "utf8");
    await writeFile(schemaPath, `${schema}\nmodel DiffProbe {\n  id Int @id\n  label String\n}\n`);
    const sql = await diffSchema({ migrationsDir: repoMigrations, schemaPath });
    expect(sql).toContain('CREATE TABLE "DiffProbe"');
    expect(sql).not.toContain('CREATE TABLE "users"');
  });

  test("starts from nothing when there are no migrations", async () => {
    const migrationsDir = path.join(scratch, "no-migrations");
    await cp(repoSchema, path.join(scratch, "schema-copy.prisma"));
    const sql = await diffSchema({ migrationsDir, schemaPath: path.join(scratch, "schema-copy.prisma") });
    expect(sql).toContain('CREATE TABLE "users"');
  });
});
