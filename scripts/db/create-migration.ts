// npm run db:migration -- --name add_foo
// Writes prisma/migrations/<UTC yyyymmddhhmmss>_<name>/migration.sql with the SQL that takes the
// database built by the existing migrations to prisma/schema.prisma (what `prisma migrate dev`
// would write; that command needs a schema-engine binary this project cannot download).
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { diffSchema } from "@/lib/server/db/migrations";
import {
  defaultMigrationsDir,
  migrationLockContent,
  migrationLockFileName,
} from "@/lib/server/db/migration-files";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run db:migration -- --name <name>`);
  process.exit(2);
}

// Prisma's own rule for migration folder names: lower case, anything else becomes "_".
function slug(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const { values } = parseArgs({ options: { name: { type: "string", short: "n" } } });
const name = slug(values.name ?? "");
if (name === "") usage("missing --name");

const sql = await diffSchema();
if (sql.trim() === "") {
  console.log("no changes: prisma/schema.prisma matches prisma/migrations");
  process.exit(0);
}

const folder = path.join(defaultMigrationsDir, `${utcStamp(new Date())}_${name}`);
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, "migration.sql"), sql);
const lockFile = path.join(defaultMigrationsDir, migrationLockFileName);
if (!existsSync(lockFile)) await writeFile(lockFile, migrationLockContent);
console.log(`wrote ${path.relative(process.cwd(), path.join(folder, "migration.sql"))}`);
