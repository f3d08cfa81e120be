import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("npm start with a sources file", () => {
  it("refuses a bad file before doing anything else, naming each error's line and field", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homeostat-config-"));
    const file = path.join(dir, "homeostat.yaml");
    fs.writeFileSync(file, ["sources:", "  prometheus:", "    url: not-a-url", "    queries: []", "  simulted: {}", ""].join("\n"));
    const run = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], {
      env: { ...process.env, HOMEOSTAT_CONFIG: file, HOMEOSTAT_DATA_DIR: path.join(dir, "data"), PORT: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/line 3, sources\.prometheus\.url/);
    expect(run.stderr).toMatch(/line 5, sources/);
    expect(fs.existsSync(path.join(dir, "data", "pglite"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
