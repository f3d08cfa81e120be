import type { PlanAction } from "@/lib/plan/types";
import type { ExecContext, ExecResult, Executor } from "@/lib/execute/executor-port";
import { buildWebhookRequest } from "@/lib/execute/webhook-request";

// POSTs each action, signed, to a runbook endpoint. Retries are bounded and carry the same
// Idempotency-Key, so a receiver that dedupes by key applies the action at most once even
// when a response was lost; only an answer that can change with time (5xx, 408, 429, a
// network error, a timeout) is retried. A receiver that had already applied the key answers
// 2xx with `Idempotent-Replayed: true` (Stripe's header), reported as "duplicate".

export type WebhookExecutorOptions = {
  url: string;
  secret: string;
  /** Per attempt; never beyond the step's deadline. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Wait before the second attempt; doubles each time, capped by `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

const retryableStatus = (s: number) => s >= 500 || s === 408 || s === 429;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds form of Retry-After only; an HTTP date is ignored in favour of the backoff. */
function retryAfterMs(res: Response): number | null {
  const v = res.headers.get("retry-after");
  return v !== null && /^\d+$/.test(v) ? Number(v) * 1000 : null;
}

async function excerpt(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  return text.slice(0, 300);
}

export function createWebhookExecutor(opts: WebhookExecutorOptions): Executor {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxAttempts = opts.maxAttempts ?? 3;
  const backoffMs = opts.backoffMs ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;

  async function execute(action: PlanAction, ctx: ExecContext): Promise<ExecResult> {
    let last = "no attempt made before the deadline";
    let attempts = 0;
    let wait = backoffMs;
    while (attempts < maxAttempts) {
      const remaining = ctx.deadline - now();
      if (remaining <= 0) break;
      attempts++;
      const req = buildWebhookRequest(opts.url, opts.secret, action, ctx, now());
      let retryAfter: number | null = null;
      try {
        const res = await fetch(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          // A redirect would carry the signature and the action to another place.
          redirect: "manual",
          signal: AbortSignal.timeout(Math.min(timeoutMs, remaining)),
        });
        const text = await excerpt(res);
        if (res.status >= 200 && res.status < 300) {
          const replayed = res.headers.get("idempotent-replayed") === "true";
          return {
            status: replayed ? "duplicate" : "applied",
            detail: text || `HTTP ${res.status}`,
            attempts,
          };
        }
        last = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
        if (!retryableStatus(res.status)) return { status: "rejected", detail: last, attempts };
        retryAfter = retryAfterMs(res);
      } catch (e) {
        const err = e as Error;
        last =
          err.name === "TimeoutError"
            ? `no answer within ${Math.min(timeoutMs, remaining)} ms`
            : `unreachable: ${(err.cause as Error | undefined)?.message ?? err.message}`;
      }
      if (attempts >= maxAttempts) break;
      const pause = Math.min(
        Math.max(wait, retryAfter ?? 0),
        maxBackoffMs,
        Math.max(0, ctx.deadline - now()),
      );
      await sleep(pause);
      wait *= 2;
    }
    // The outcome of the last attempt is unknown (it may have been applied), so the step may be
    // retried later with the same key; the receiver's dedupe keeps it at most once.
    return {
      status: "failed",
      detail: `after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${last}`,
      retryable: true,
      attempts,
    };
  }

  return { name: "webhook", execute };
}
