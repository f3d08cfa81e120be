import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { planActionSchema, type PlanAction } from "@/lib/plan/types";
import type { ExecContext } from "./executor-port";

// The signed request the webhook executor POSTs to a runbook endpoint (Rundeck, StackStorm, a
// script). The signature follows Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "t.body">`, so a receiver checks both integrity and age, and a replayed request outside the
// tolerance is refused; within it, the Idempotency-Key header makes a replay a no-op.

export const signatureHeader = "X-Homeostat-Signature";
export const idempotencyHeader = "Idempotency-Key";
/** Stripe's default tolerance: five minutes. */
export const defaultToleranceSec = 300;

export const webhookPayloadSchema = z.object({
  planId: z.string().min(1),
  step: z.number().int().min(0),
  phase: z.enum(["execute", "rollback"]),
  action: planActionSchema,
  idempotencyKey: z.string().min(1),
  fencingToken: z.number().int(),
  /** Unix seconds; equal to the signature's `t`. */
  timestamp: z.number().int(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export type WebhookRequest = { url: string; method: "POST"; headers: Record<string, string>; body: string };

const hmac = (secret: string, t: number, body: string) =>
  createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");

export const signWebhookBody = (secret: string, body: string, timestampSec: number): string =>
  `t=${timestampSec},v1=${hmac(secret, timestampSec, body)}`;

/** The request for one attempt at `nowMs`; each attempt is signed afresh, with the same key. */
export function buildWebhookRequest(
  url: string,
  secret: string,
  action: PlanAction,
  ctx: Pick<ExecContext, "planId" | "step" | "phase" | "idempotencyKey" | "fencingToken">,
  nowMs: number,
): WebhookRequest {
  const timestamp = Math.floor(nowMs / 1000);
  const payload: WebhookPayload = {
    planId: ctx.planId,
    step: ctx.step,
    phase: ctx.phase,
    action,
    idempotencyKey: ctx.idempotencyKey,
    fencingToken: ctx.fencingToken,
    timestamp,
  };
  const body = JSON.stringify(payload);
  return {
    url,
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      [signatureHeader]: signWebhookBody(secret, body, timestamp),
      [idempotencyHeader]: ctx.idempotencyKey,
    },
    body,
  };
}

export type SignatureCheck = { ok: true; timestampSec: number } | { ok: false; reason: string };

/**
 * For receivers (and tests): checks the header against the raw body, byte for byte as
 * received, at `nowMs`. Several `v1=` entries are accepted (one per secret while rotating).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  nowMs: number,
  toleranceSec: number = defaultToleranceSec,
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing signature header" };
  const parts = header.split(",").map((p) => p.trim().split("="));
  const t = parts.find(([k]) => k === "t")?.[1];
  const signatures = parts.filter(([k, v]) => k === "v1" && v !== undefined).map(([, v]) => v!);
  if (t === undefined || !/^\d+$/.test(t) || signatures.length === 0)
    return { ok: false, reason: "malformed signature header" };
  const timestampSec = Number(t);
  if (Math.abs(nowMs / 1000 - timestampSec) > toleranceSec)
    return { ok: false, reason: "timestamp outside the tolerance: a replay or a skewed clock" };
  const expected = Buffer.from(hmac(secret, timestampSec, body), "hex");
  const match = signatures.some((s) => {
    const got = Buffer.from(s, "hex");
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
  return match ? { ok: true, timestampSec } : { ok: false, reason: "signature does not match" };
}
