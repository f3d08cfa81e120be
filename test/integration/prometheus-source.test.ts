import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prometheusSourceSchema } from "@/lib/monitor/sources/prometheus-query";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import type { FleetState } from "@/lib/sim/fleet-types";
import { createRng } from "@/lib/sim/random";
import { renderPrometheusText } from "@/lib/sim/render-prometheus-text";
import { advanceFleet } from "@/lib/sim/step-fleet";
import {
  fetchPrometheusSamples,
  PrometheusQueryError,
  queryRange,
} from "@/lib/server/monitor/sources/prometheus-source";

// A real Prometheus (Debian package `prometheus`) on loopback scrapes the simulated fleet's
// /metrics every second; the adapter must give back what was served. Prometheus's web
// endpoints sit behind basic auth (a bcrypt hash of the test password, Prometheus's only
// accepted form) so that the credentials path is exercised too.
const prometheusBinary = process.env.PROMETHEUS_PATH ?? "/usr/bin/prometheus";
const username = "homeostat";
const password = "homeostat-test-password";
const passwordHash = "$2b$05$homeostatintegrationte17HnUl6tF6hDIsa/eUREyrNTeZDWdAG";
const auth = { type: "basic" as const, username, password };

let fleet: FleetState;
const rng = createRng(11);
/** service -> every cpu value served, and the fleet-wide replicas_ready sums served. */
const servedCpu = new Map<string, Set<number>>();
const servedReplicaSums = new Set<number>();
let scrapes = 0;
let fleetServer: http.Server;
let prometheus: ChildProcess | undefined;
let prometheusLog = "";
let workDir = "";
let prometheusUrl = "";

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};

async function freePort(): Promise<number> {
  const probe = http.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls an external process (bounded): the one kind of waiting these tests do. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (prometheus?.exitCode != null)
      throw new Error(
        `prometheus exited (${prometheus.exitCode}) while waiting for ${what}:\n${prometheusLog}`,
      );
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${prometheusLog}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const client = () => ({ url: prometheusUrl, auth, timeoutMs: 5_000 });

beforeAll(async () => {
  try {
    await startFleetAndPrometheus();
  } catch (error) {
    await cleanUp();
    throw error;
  }
});

afterAll(cleanUp);

async function startFleetAndPrometheus(): Promise<void> {
  if (!existsSync(prometheusBinary)) {
    throw new Error(
      `${prometheusBinary} is missing: install Debian's Prometheus with \`apt-get install -y prometheus\``,
    );
  }
  fleet = createFleet(defaultTopology, Date.now());
  fleetServer = http.createServer((req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    const now = Date.now();
    fleet = advanceFleet(fleet, now, rng);
    let replicas = 0;
    for (const s of fleet.services) {
      if (!servedCpu.has(s.name)) servedCpu.set(s.name, new Set());
      servedCpu.get(s.name)!.add(s.metrics.cpu);
      replicas += s.metrics.replicas_ready;
    }
    servedReplicaSums.add(replicas);
    scrapes++;
    res.setHeader("content-type", "text/plain; version=0.0.4").end(renderPrometheusText(fleet, now));
  });
  const fleetPort = await listen(fleetServer);
  workDir = await mkdtemp(path.join(tmpdir(), "homeostat-prometheus-"));
  await writeFile(
    path.join(workDir, "prometheus.yml"),
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: fleet",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${fleetPort}"]`,
      "",
    ].join("\n"),
  );
  await writeFile(path.join(workDir, "web.yml"), `basic_auth_users:\n  ${username}: "${passwordHash}"\n`);
  // Port 0: Prometheus picks a free port and logs it, so parallel runs cannot collide.
  prometheus = spawn(
    prometheusBinary,
    [
      `--config.file=${path.join(workDir, "prometheus.yml")}`,
      `--web.config.file=${path.join(workDir, "web.yml")}`,
      `--storage.tsdb.path=${path.join(workDir, "data")}`,
      "--web.listen-address=127.0.0.1:0",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const keep = (chunk: Buffer) => {
    const log = prometheusLog + chunk.toString();
    const listening = /msg="Listening on" address=(127\.0\.0\.1:\d+)/.exec(log);
    if (listening && prometheusUrl === "") prometheusUrl = `http://${listening[1]}`;
    prometheusLog = log.slice(-4_000);
  };
  prometheus.stdout?.on("data", keep);
  prometheus.stderr?.on("data", keep);
  await waitFor("Prometheus to listen", () => Promise.resolve(prometheusUrl !== ""));
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  await waitFor(
    "Prometheus to be ready",
    async () => (await fetch(`${prometheusUrl}/-/ready`, { headers: { authorization } })).ok,
  );
  // Three scrapes stored, so that a range query has several steps to return.
  await waitFor("three scrapes of the fleet", async () => {
    const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent('count_over_time(homeostat_cpu{service="cart"}[1m])')}`;
    const body = (await (await fetch(url, { headers: { authorization } })).json()) as {
      data: { result: { value: [number, string] }[] };
    };
    return Number(body.data.result[0]?.value[1] ?? 0) >= 3;
  });
}

async function cleanUp(): Promise<void> {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
    prometheus.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (prometheus.exitCode === null) prometheus.kill("SIGKILL");
  }
  if (fleetServer?.listening) {
    fleetServer.closeAllConnections();
    await new Promise((resolve) => fleetServer.close(resolve));
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
  workDir = "";
}

describe("Prometheus source against a real Prometheus", () => {
  it("returns the fleet's series under the mapped services and metrics, with values that were served", async () => {
    const source = prometheusSourceSchema.parse({
      url: prometheusUrl,
      auth,
      step: "1s",
      timeout: "5s",
      queries: [
        { query: "homeostat_cpu", metric: "cpu" },
        { query: "sum by (service) (homeostat_latency_p99)", metric: "latency_p99" },
        { query: "sum(homeostat_replicas_ready)", metric: "replicas_total", service: "fleet" },
      ],
    });
    const endMs = Math.floor(Date.now() / 1000) * 1000;
    const result = await fetchPrometheusSamples(source, { startMs: endMs - 60_000, endMs });
    expect(result.errors).toEqual([]);
    expect(result.unattributed).toBe(0);
    expect(scrapes).toBeGreaterThanOrEqual(3);

    const cpu = result.samples.filter((s) => s.metric === "cpu");
    expect(new Set(cpu.map((s) => s.service))).toEqual(new Set(fleet.services.map((s) => s.name)));
    for (const s of cpu) {
      expect(servedCpu.get(s.service)?.has(s.v), `${s.service} cpu ${s.v} was served`).toBe(true);
      expect(s.t % 1000).toBe(0);
      expect(s.t).toBeGreaterThanOrEqual(endMs - 60_000);
      expect(s.t).toBeLessThanOrEqual(endMs);
    }
    // Several steps per series: times strictly increase within a series.
    const cartTimes = cpu.filter((s) => s.service === "cart").map((s) => s.t);
    expect(cartTimes.length).toBeGreaterThanOrEqual(2);
    expect(cartTimes).toEqual([...cartTimes].sort((a, b) => a - b));

    const latency = result.samples.filter((s) => s.metric === "latency_p99");
    expect(new Set(latency.map((s) => s.service))).toEqual(new Set(fleet.services.map((s) => s.name)));

    const totals = result.samples.filter((s) => s.metric === "replicas_total");
    expect(totals.length).toBeGreaterThan(0);
    for (const s of totals) {
      expect(s.service).toBe("fleet");
      expect(servedReplicaSums.has(s.v)).toBe(true);
    }
  });

  it("reports a bad query with Prometheus's reason and keeps the other queries' samples", async () => {
    const endMs = Math.floor(Date.now() / 1000) * 1000;
    const range = { startMs: endMs - 10_000, endMs, stepMs: 1_000 };
    const error = await queryRange(client(), "rate(homeostat_cpu[", range).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect((error as PrometheusQueryError).kind).toBe("query");
    expect((error as PrometheusQueryError).message).toMatch(
      new RegExp(
        `^Prometheus at ${prometheusUrl} refused the query "rate\\(homeostat_cpu\\[": bad_data: .*parse error`,
      ),
    );

    const source = prometheusSourceSchema.parse({
      url: prometheusUrl,
      auth,
      step: "1s",
      queries: [
        { query: "homeostat_cpu{", metric: "broken" },
        { query: "homeostat_memory", metric: "memory" },
      ],
    });
    const result = await fetchPrometheusSamples(source, range);
    expect(result.errors.map((e) => [e.query, e.error.kind])).toEqual([["homeostat_cpu{", "query"]]);
    expect(result.samples.some((s) => s.metric === "memory")).toBe(true);
  });

  it("says when the credentials are refused", async () => {
    const endMs = Math.floor(Date.now() / 1000) * 1000;
    const range = { startMs: endMs - 5_000, endMs, stepMs: 1_000 };
    const wrong = { ...client(), auth: { type: "basic" as const, username, password: "wrong" } };
    const error = await queryRange(wrong, "up", range).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: "auth",
      message: `Prometheus at ${prometheusUrl} refused the credentials (HTTP 401)`,
    });
  });

  it("says when the server is unreachable or does not answer in time", async () => {
    const range = { startMs: 0, endMs: 10_000, stepMs: 1_000 };
    const closedPort = await freePort();
    const unreachable = await queryRange(
      { url: `http://127.0.0.1:${closedPort}`, timeoutMs: 2_000 },
      "up",
      range,
    ).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({
      kind: "unreachable",
      message: `cannot reach Prometheus at http://127.0.0.1:${closedPort}: ECONNREFUSED`,
    });

    const silent = http.createServer(() => undefined);
    const silentPort = await listen(silent);
    try {
      const timedOut = await queryRange(
        { url: `http://127.0.0.1:${silentPort}`, timeoutMs: 200 },
        "up",
        range,
      ).catch((e: unknown) => e);
      expect(timedOut).toMatchObject({
        kind: "timeout",
        message: `Prometheus at http://127.0.0.1:${silentPort} did not answer within 200 ms`,
      });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("sends a bearer token, inline or from the environment", async () => {
    const seen: (string | undefined)[] = [];
    const fake = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res
        .setHeader("content-type", "application/json")
        .end(JSON.stringify({ status: "success", data: { resultType: "matrix", result: [] } }));
    });
    const port = await listen(fake);
    try {
      const range = { startMs: 0, endMs: 1_000, stepMs: 1_000 };
      const url = `http://127.0.0.1:${port}`;
      await queryRange({ url, timeoutMs: 2_000, auth: { type: "bearer", token: "t0k" } }, "up", range);
      await queryRange(
        { url, timeoutMs: 2_000, auth: { type: "bearer", tokenEnv: "PROM_TOKEN" } },
        "up",
        range,
        { env: { PROM_TOKEN: "from-env" } },
      );
      expect(seen).toEqual(["Bearer t0k", "Bearer from-env"]);
      const missing = await queryRange(
        { url, timeoutMs: 2_000, auth: { type: "bearer", tokenEnv: "PROM_TOKEN" } },
        "up",
        range,
        { env: {} },
      ).catch((e: unknown) => e);
      expect(missing).toMatchObject({
        kind: "auth",
        message: "the environment variable PROM_TOKEN (Prometheus bearer token) is not set",
      });
    } finally {
      fake.closeAllConnections();
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});
