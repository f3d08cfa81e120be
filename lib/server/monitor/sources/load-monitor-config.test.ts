import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMonitorConfig } from "@/lib/monitor/config/monitor-config";
import { loadMonitorConfig, MonitorConfigError } from "./load-monitor-config";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "homeostat-config-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadMonitorConfig", () => {
  it("gives the default without a file", async () => {
    expect(await loadMonitorConfig(undefined)).toBe(defaultMonitorConfig);
  });

  it("resolves the topology path against the config's folder", async () => {
    const file = path.join(dir, "homeostat.yaml");
    await writeFile(file, "sources:\n  simulated:\n    topology: topologies/shop.yaml\n");
    const config = await loadMonitorConfig(file);
    expect(config.sources.simulated.topology).toBe(path.join(dir, "topologies/shop.yaml"));
  });

  it("lists every problem with the file, line and field", async () => {
    const file = path.join(dir, "bad.yaml");
    await writeFile(
      file,
      "sources:\n  push:\n    maxSeries: 0\n  prometheus:\n    url: nope\n    queries: [{ query: up, metric: up }]\n",
    );
    const error = await loadMonitorConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MonitorConfigError);
    expect((error as Error).message).toBe(
      [
        `${file} is not a valid Homeostat config:`,
        `  ${file}: line 3, sources.push.maxSeries: Too small: expected number to be >0`,
        `  ${file}: line 5, sources.prometheus.url: must be an http(s) URL`,
      ].join("\n"),
    );
  });

  it("says when the file cannot be read", async () => {
    const file = path.join(dir, "missing.yaml");
    await expect(loadMonitorConfig(file)).rejects.toThrow(`${file}: (file): cannot read it (ENOENT)`);
  });
});
