// Runs `prisma generate` offline (npm postinstall). Prisma 7's CLI insists on resolving a
// schema-engine binary before generating and downloads one when it is missing, which fails
// with no network. The generator never runs that engine, so any existing file satisfies the
// check: we point PRISMA_SCHEMA_ENGINE_BINARY at the running node executable. Quiet on
// success; on failure prints Prisma's own output and exits non-zero so `npm install` fails.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schema = path.join(root, "prisma", "schema.prisma");

if (!existsSync(schema)) {
  process.stderr.write(`prisma generate: no schema at ${schema}\n`);
  process.exit(1);
}

const require = createRequire(path.join(root, "package.json"));
const prismaCli = require.resolve("prisma/build/index.js");

const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: engine && existsSync(engine) ? engine : process.execPath,
  // No telemetry ping and no update check: both would wait on the network.
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};

const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
  cwd: root,
  env,
  encoding: "utf8",
});

if (result.error || result.status !== 0) {
  process.stderr.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  if (result.error) process.stderr.write(`${result.error.message}\n`);
  process.stderr.write(`prisma generate failed (exit ${result.status ?? "none"}) for ${schema}\n`);
  process.exit(result.status || 1);
}
