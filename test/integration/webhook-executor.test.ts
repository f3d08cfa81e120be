import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { idempotencyKeyFor, type ExecContext } from "@/lib/execute/executor-port";
import { verifyWebhookSignature, webhookPayloadSchema } from "@/lib/execute/webhook-request";
import { createWebhookExecutor } from "@/lib/server/execute/executors/webhook-executor";

// A real HTTP receiver on loopback: it verifies the HMAC on the raw body, dedupes by the
// Idempotency-Key header (applying each key once), and can fail or hang on demand.

const secret = "whsec_integration";

type Mode = { failFirst: number; failStatus: number; hangFirst: number; status: number };
let mode: Mode;
let attempts: { key: string | undefined; verified: boolean; body: string }[];
let applied: string[];
let server: Server;
let url: string;

function receive(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const key = req.headers["idempotency-key"] as string | undefined;
    const check = verifyWebhookSignature(
      secret,
      req.headers["x-homeostat-signature"] as string | undefined,
      body,
      Date.now(),
      300,
    );
    attempts.push({ key, verified: check.ok, body });
    const n = attempts.length;
    if (!check.ok) return void res.writeHead(401).end(check.reason);
    if (n <= mode.hangFirst) return; // never answers: the client must time out
    if (n <= mode.hangFirst + mode.failFirst) return void res.writeHead(mode.failStatus).end("try again");
    if (mode.status !== 200) return void res.writeHead(mode.status).end("bad action");
    if (key !== undefined && applied.includes(key))
      return void res.writeHead(200, { "Idempotent-Replayed": "true" }).end("already done");
    if (key !== undefined) applied.push(key);
    res.writeHead(200).end("done");
  });
}

beforeAll(async () => {
  server = createServer(receive);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  mode = { failFirst: 0, failStatus: 503, hangFirst: 0, status: 200 };
  attempts = [];
  applied = [];
});

const action = { kind: "restart" as const, target: { service: "api", replicas: 1 }, params: {} };
const ctx = (over: Partial<ExecContext> = {}): ExecContext => ({
  planId: "plan-1",
  step: 0,
  phase: "execute",
  idempotencyKey: idempotencyKeyFor("plan-1", 0, "execute"),
  fencingToken: 3,
  claimedAt: Date.now(),
  deadline: Date.now() + 30_000,
  ...over,
});
// Backoff is injected as an immediate resolve: the tests never sleep.
const executor = (over: Partial<Parameters<typeof createWebhookExecutor>[0]> = {}) =>
  createWebhookExecutor({
    url,
    secret,
    timeoutMs: 200,
    maxAttempts: 3,
    backoffMs: 10,
    sleep: () => Promise.resolve(),
    ...over,
  });

describe("webhook executor against a real receiver", () => {
  it("delivers a signed action once, with its idempotency key, and the receiver can verify it", async () => {
    const result = await executor().execute(action, ctx());
    expect(result).toEqual({ status: "applied", detail: "done", attempts: 1 });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ key: "homeostat:plan-1:0:execute", verified: true });
    expect(webhookPayloadSchema.parse(JSON.parse(attempts[0]!.body))).toMatchObject({
      planId: "plan-1",
      step: 0,
      action,
      fencingToken: 3,
    });
  });

  it("retries 5xx with the same idempotency key and succeeds within the bound", async () => {
    mode.failFirst = 2;
    const result = await executor().execute(action, ctx());
    expect(result).toMatchObject({ status: "applied", attempts: 3 });
    expect(new Set(attempts.map((a) => a.key))).toEqual(new Set(["homeostat:plan-1:0:execute"]));
    expect(attempts.every((a) => a.verified)).toBe(true);
    expect(applied).toEqual(["homeostat:plan-1:0:execute"]);
  });

  it("gives up after the bounded attempts and reports a retryable failure", async () => {
    mode.failFirst = 10;
    const result = await executor().execute(action, ctx());
    expect(result).toMatchObject({ status: "failed", retryable: true, attempts: 3 });
    expect(result.detail).toMatch(/HTTP 503/);
    expect(attempts).toHaveLength(3);
  });

  it("does not retry a 4xx", async () => {
    mode.status = 422;
    const result = await executor().execute(action, ctx());
    expect(result).toEqual({ status: "rejected", detail: "HTTP 422: bad action", attempts: 1 });
    expect(attempts).toHaveLength(1);
  });

  it("retries 429 as temporary", async () => {
    mode.failFirst = 1;
    mode.failStatus = 429;
    expect(await executor().execute(action, ctx())).toMatchObject({ status: "applied", attempts: 2 });
  });

  it("times out a receiver that hangs, then retries with the same key", async () => {
    mode.hangFirst = 1;
    const result = await executor().execute(action, ctx());
    expect(result).toMatchObject({ status: "applied", attempts: 2 });
    expect(attempts.map((a) => a.key)).toEqual(["homeostat:plan-1:0:execute", "homeostat:plan-1:0:execute"]);
  });

  it("reports a timeout on every attempt as failed with the outcome unknown", async () => {
    mode.hangFirst = 5;
    const result = await executor({ maxAttempts: 2 }).execute(action, ctx());
    expect(result).toMatchObject({ status: "failed", retryable: true, attempts: 2 });
    expect(result.detail).toMatch(/no answer within 200 ms/);
  });

  it("reports a re-run of an applied step (after a crash) as duplicate, and the receiver applies it once", async () => {
    await executor().execute(action, ctx());
    const again = await executor().execute(action, ctx({ fencingToken: 4 }));
    expect(again).toMatchObject({ status: "duplicate" });
    expect(applied).toEqual(["homeostat:plan-1:0:execute"]);
  });

  it("makes no attempt once the deadline has passed, and names an unreachable receiver", async () => {
    expect(await executor().execute(action, ctx({ deadline: Date.now() - 1 }))).toMatchObject({
      status: "failed",
      attempts: 0,
    });
    const closed = createWebhookExecutor({
      url: "http://127.0.0.1:1/hook",
      secret,
      timeoutMs: 200,
      maxAttempts: 2,
      sleep: () => Promise.resolve(),
    });
    const result = await closed.execute(action, ctx());
    expect(result).toMatchObject({ status: "failed", retryable: true, attempts: 2 });
    expect(result.detail).toMatch(/unreachable/);
  });

  it("fails verification with the wrong secret, as the receiver refuses it without applying", async () => {
    const result = await createWebhookExecutor({
      url,
      secret: "wrong",
      timeoutMs: 200,
      sleep: () => Promise.resolve(),
    }).execute(action, ctx());
    expect(result).toMatchObject({ status: "rejected" });
    expect(applied).toEqual([]);
  });
});
