import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeSpecSchema, type ProbeSpec } from "@/lib/monitor/sources/probe-spec";
import { runHttpProbe } from "@/lib/server/monitor/sources/http-probe";

// Probes against a real local HTTP server. The only waiting is the slow endpoint, which
// answers after 2 s while the probe gives up after 150 ms.
const probeTimeoutMs = 150;
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    switch (req.url) {
      case "/healthy":
        res.end("ok: all good");
        return;
      case "/failing":
        res.writeHead(503).end("down");
        return;
      case "/json-up":
        res
          .setHeader("content-type", "application/json")
          .end(JSON.stringify({ status: "UP", checks: { db: "UP" } }));
        return;
      case "/json-down":
        res.setHeader("content-type", "application/json").end(JSON.stringify({ status: "DOWN" }));
        return;
      case "/slow": {
        const timer = setTimeout(() => res.end("late"), 2_000);
        res.on("close", () => clearTimeout(timer));
        return;
      }
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const spec = (path: string, extra: Record<string, unknown> = {}): ProbeSpec =>
  probeSpecSchema.parse({
    name: `probe${path}`,
    service: "cart",
    url: `${base}${path}`,
    timeoutMs: probeTimeoutMs,
    ...extra,
  });

describe("runHttpProbe", () => {
  it("passes a healthy endpoint and stamps the injected clock", async () => {
    const result = await runHttpProbe(spec("/healthy", { expectBody: "all good" }), { now: () => 1234 });
    expect(result).toMatchObject({
      probe: "probe/healthy",
      service: "cart",
      kind: "liveness",
      t: 1234,
      ok: true,
      status: 200,
      failure: undefined,
    });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("fails on an unexpected status, naming it", async () => {
    expect(await runHttpProbe(spec("/failing"))).toMatchObject({
      ok: false,
      status: 503,
      failure: "status 503 (expected 2xx)",
    });
    expect(await runHttpProbe(spec("/failing", { expectStatus: [503] }))).toMatchObject({ ok: true });
    expect(await runHttpProbe(spec("/healthy", { expectStatus: 204 }))).toMatchObject({
      ok: false,
      failure: "status 200 (expected 204)",
    });
  });

  it("checks a body substring and a JSON path", async () => {
    expect(await runHttpProbe(spec("/healthy", { expectBody: "degraded" }))).toMatchObject({
      ok: false,
      failure: 'body does not contain "degraded"',
    });
    expect(
      await runHttpProbe(spec("/json-up", { expectJson: { path: "checks.db", equals: "UP" } })),
    ).toMatchObject({ ok: true });
    expect(
      await runHttpProbe(spec("/json-down", { expectJson: { path: "status", equals: "UP" } })),
    ).toMatchObject({
      ok: false,
      failure: 'status is "DOWN" (expected "UP")',
    });
    expect(
      await runHttpProbe(spec("/healthy", { expectJson: { path: "status", equals: "UP" } })),
    ).toMatchObject({ ok: false, failure: "body is not JSON" });
  });

  it("gives up on a slow endpoint after the probe's timeout", async () => {
    const result = await runHttpProbe(spec("/slow"));
    expect(result).toMatchObject({
      ok: false,
      status: undefined,
      failure: `timed out after ${probeTimeoutMs} ms`,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(probeTimeoutMs - 5);
  });

  it("reports an unreachable target", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runHttpProbe(
      probeSpecSchema.parse({
        name: "gone",
        service: "cart",
        url: `http://127.0.0.1:${port}/`,
        timeoutMs: probeTimeoutMs,
      }),
    );
    expect(result).toMatchObject({ ok: false, failure: "cannot connect: ECONNREFUSED" });
  });
});
