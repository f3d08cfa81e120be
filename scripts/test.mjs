// `npm test`: every suite, in order of cost, stopping at the first failure.
//   types → lint → unit → integration (PGlite, plus PostgreSQL when TEST_DATABASE_URL is set)
//   → browser (builds the app when its sources changed, serves it on a free port).
import { spawnSync } from "node:child_process";
import { ensureTestTools } from "./ensure-test-tools.mjs";

const steps = [
  ["types", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]],
  ["lint", ["node_modules/eslint/bin/eslint.js", "."]],
  ["unit", ["node_modules/vitest/vitest.mjs", "run", "--project", "unit"]],
  ["integration", ["node_modules/vitest/vitest.mjs", "run", "--project", "integration"]],
  ["browser", ["node_modules/vitest/vitest.mjs", "run", "--project", "e2e"]],
];

const only = process.argv.slice(2);
ensureTestTools();
for (const [name, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  console.log(`\n── ${name} ──`);
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    console.error(`\n${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`${name} passed in ${seconds} s`);
}
