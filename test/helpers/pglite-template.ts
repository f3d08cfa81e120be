import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { defaultMigrationsDir, readMigrationsList } from "@/lib/server/db/migration-files";
import { applyMigrations } from "@/lib/server/db/migrations";

export type PgliteTemplateKind = "empty" | "migrated";

// initdb plus migrating costs seconds per PGlite folder (more on a loaded machine). Templates
// are built once and copied cold for every test database. They live in one cache folder keyed
// by the PGlite version and, for "migrated", the migrations' names and contents, so later runs
// and parallel test processes reuse them and a changed migration gets a new template.
const cacheRoot = path.join(tmpdir(), "homeostat-test-templates");

// The package does not export its package.json; its entry point sits in dist/.
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8");
  return (JSON.parse(manifest) as { version: string }).version;
}

async function templateKey(kind: PgliteTemplateKind): Promise<string> {
  const hash = createHash("sha256").update(pgliteVersion());
  if (kind === "migrated") {
    for (const migration of (await readMigrationsList(defaultMigrationsDir)).migrationDirectories) {
      const content = migration.migrationFile.content;
      hash.update(`\0${migration.path}\0${content.tag}\0${content.value}`);
    }
  }
  return `${kind}-${hash.digest("hex").slice(0, 16)}`;
}

const built = new Map<PgliteTemplateKind, Promise<string>>();

/** The data folder of a closed PGlite template; copy it, never open it. */
export function pgliteTemplate(kind: PgliteTemplateKind): Promise<string> {
  let template = built.get(kind);
  if (template === undefined) {
    template = buildTemplate(kind);
    built.set(kind, template);
  }
  return template;
}

async function buildTemplate(kind: PgliteTemplateKind): Promise<string> {
  const finalDir = path.join(cacheRoot, await templateKey(kind));
  if (existsSync(path.join(finalDir, "PG_VERSION"))) return finalDir;
  await mkdir(cacheRoot, { recursive: true });
  const staging = await mkdtemp(path.join(cacheRoot, "staging-"));
  try {
    const dataDir = path.join(staging, "pglite");
    if (kind === "migrated") await applyMigrations({ kind: "pglite", dataDir });
    else await (await PGlite.create({ dataDir })).close();
    // rename is atomic: a process that loses the race keeps the winner's identical template.
    await rename(dataDir, finalDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST" && error.code !== "ENOTEMPTY") throw error;
    });
    return finalDir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
