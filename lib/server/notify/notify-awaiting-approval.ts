import { planAwaitingApprovalMessage } from "@/lib/execute/notify";
import type { PlanContent } from "@/lib/execute/plan-hash";
import { env } from "@/lib/server/env";
import { log } from "@/lib/server/log";

/** Posts "plan waiting for approval" with a link to it to the configured Slack-compatible
 * webhook. After the plan is committed and outside any transaction; a failure is logged and
 * never blocks the loop (the queue in the console is the source of truth). */
export async function notifyAwaitingApproval(
  plan: { id: string; expiresAt: Date },
  content: PlanContent,
  { requesterName, url = env().HOMEOSTAT_NOTIFY_WEBHOOK_URL }: { requesterName?: string; url?: string } = {},
): Promise<void> {
  if (!url) return;
  const base = env().NEXTAUTH_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  const message = planAwaitingApprovalMessage({ planId: plan.id, content, requesterName, link: new URL("/approvals", base).toString(), expiresAt: plan.expiresAt.getTime() });
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message), signal: AbortSignal.timeout(5_000) });
    if (!res.ok) log.warn("approval notification refused", { status: res.status });
  } catch (error) {
    log.warn("approval notification failed", { error: (error as Error).message });
  }
}
