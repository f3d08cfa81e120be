import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildWebhookRequest,
  signWebhookBody,
  verifyWebhookSignature,
  webhookPayloadSchema,
} from "./webhook-request";
import { planActionArb } from "./test-arbitraries";

const secret = "whsec_test";
const now = 1_800_000_000_123;
const ctx = {
  planId: "p1",
  step: 2,
  phase: "execute" as const,
  idempotencyKey: "homeostat:p1:2:execute",
  fencingToken: 7,
};
const action = { kind: "restart" as const, target: { service: "api", replicas: 1 }, params: {} };

describe("buildWebhookRequest", () => {
  it("POSTs the action as JSON with the idempotency key and a Stripe-style timestamped signature", () => {
    const req = buildWebhookRequest("http://runbook.local/hook", secret, action, ctx, now);
    expect(req.method).toBe("POST");
    expect(req.headers["Idempotency-Key"]).toBe(ctx.idempotencyKey);
    expect(req.headers["Content-Type"]).toBe("application/json");
    const payload = webhookPayloadSchema.parse(JSON.parse(req.body));
    expect(payload).toEqual({ ...ctx, action, timestamp: 1_800_000_000 });
    const expected = createHmac("sha256", secret).update(`1800000000.${req.body}`).digest("hex");
    expect(req.headers["X-Homeostat-Signature"]).toBe(`t=1800000000,v1=${expected}`);
    expect(verifyWebhookSignature(secret, req.headers["X-Homeostat-Signature"], req.body, now)).toEqual({
      ok: true,
      timestampSec: 1_800_000_000,
    });
  });
});

describe("verifyWebhookSignature", () => {
  it("refuses any change to the body, the timestamp or the secret", () => {
    fc.assert(
      fc.property(
        planActionArb,
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 10 }),
        (a, other, shift) => {
          const req = buildWebhookRequest("http://x", secret, a, ctx, now);
          const header = req.headers["X-Homeostat-Signature"]!;
          expect(verifyWebhookSignature(secret, header, req.body + other, now).ok).toBe(false);
          expect(verifyWebhookSignature(`${secret}x`, header, req.body, now).ok).toBe(false);
          const moved = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + shift + 1}`);
          expect(verifyWebhookSignature(secret, moved, req.body, now).ok).toBe(false);
        },
      ),
    );
  });

  it("accepts a signature exactly at the tolerance and refuses one a second older or newer (a replay)", () => {
    const body = "{}";
    const t = 1_800_000_000;
    const header = signWebhookBody(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body, (t + 300) * 1000, 300).ok).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, (t + 301) * 1000, 300)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/replay/) as unknown,
    });
    expect(verifyWebhookSignature(secret, header, body, (t - 301) * 1000, 300).ok).toBe(false);
  });

  it("names a missing or malformed header, and accepts any matching v1 while secrets rotate", () => {
    expect(verifyWebhookSignature(secret, undefined, "{}", now)).toEqual({
      ok: false,
      reason: "missing signature header",
    });
    for (const h of ["v1=abc", "t=abc,v1=00", "t=1800000000", "garbage"])
      expect(verifyWebhookSignature(secret, h, "{}", now)).toEqual({
        ok: false,
        reason: "malformed signature header",
      });
    const good = signWebhookBody(secret, "{}", 1_800_000_000).split(",")[1]!;
    expect(verifyWebhookSignature(secret, `t=1800000000,v1=${"ab".repeat(32)},${good}`, "{}", now).ok).toBe(
      true,
    );
    expect(verifyWebhookSignature(secret, "t=1800000000,v1=zz", "{}", now).ok).toBe(false);
  });
});
