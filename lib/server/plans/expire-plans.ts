import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { decide } from "@/lib/execute/gate";
import { gateFromRows } from "@/lib/execute/gate-rows";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { env } from "@/lib/server/env";
import { publish } from "@/lib/server/events/event-bus";
import { toDecisionRow, toGateRow } from "./plan-rows";

/**
 * The sweeper the gate's "expire" event is for: a plan still waiting for approval past its
 * deadline becomes "expired" (audited as the gate's), so the loop hears that nobody acted and
 * moves on instead of holding its incident open for a plan nobody will approve. Each plan is
 * locked as a decision locks it, so an approval racing the sweep either lands first (and the
 * sweep finds the plan decided) or is refused as expired. Returns how many expired.
 */
export async function expirePlans(prisma: PrismaClient, now: Date): Promise<number> {
  const settings = { approvalTtlMs: env().HOMEOSTAT_APPROVAL_TTL_SECONDS * 1000 };
  const due = await prisma.plan.findMany({ where: { status: "proposed", expiresAt: { lte: now } }, select: { id: true } });
  let expired = 0;
  for (const { id } of due) {
    const done = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM plans WHERE id = ${id}::uuid FOR UPDATE`;
      const plan = await tx.plan.findUniqueOrThrow({ where: { id }, include: { decisions: true } });
      const result = decide(gateFromRows(toGateRow(plan), plan.decisions.map(toDecisionRow)), { type: "expire" }, now.getTime(), settings);
      if (result.outcome.kind !== "accepted") return false;
      await tx.plan.update({ where: { id }, data: { status: "expired" } });
      await appendAudit(tx, { actor: "gate", action: "plan.expired", target: `plan:${plan.number}`, data: { expiresAt: plan.expiresAt.toISOString() } }, now);
      return true;
    });
    if (done) expired += 1;
  }
  if (expired > 0) publish({ type: "changed", topics: ["plans"] });
  return expired;
}
