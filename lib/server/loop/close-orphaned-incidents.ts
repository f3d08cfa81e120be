import type { Prisma, PrismaClient } from "@/lib/server/generated/prisma/client";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { publish } from "@/lib/server/events/event-bus";

const reason = "the loop that tracked it stopped, and the one that took over had no recent checkpoint of its state";

/**
 * Open incidents no running loop tracks would stay open for ever: only the loop that opened
 * an incident updates or resolves it, and a loop that starts without a recent checkpoint (a
 * restart after ten minutes down) knows none of them. The loop that starts to lead closes
 * them, audited with the reason and marked in their summary, and opens incidents of its own
 * once its detectors have a baseline and the anomalies persist. `tracked`: the database ids of
 * the incidents the loop carries on with. Returns how many it closed.
 */
export async function closeOrphanedIncidents(prisma: PrismaClient, tracked: ReadonlySet<string>, now: Date): Promise<number> {
  const open = await prisma.incident.findMany({ where: { status: "open" }, select: { id: true, number: true, summary: true } });
  const orphans = open.filter((i) => !tracked.has(i.id));
  for (const incident of orphans) {
    const summary = { ...(incident.summary as Prisma.JsonObject), closedUnverified: reason };
    await prisma.$transaction(async (tx) => {
      const closed = await tx.incident.updateMany({ where: { id: incident.id, status: "open" }, data: { status: "resolved", resolvedAt: now, updatedAt: now, summary } });
      if (closed.count === 1) await appendAudit(tx, { actor: "loop", action: "incident.close-orphaned", target: `incident:${incident.number}`, data: { reason } }, now);
    });
  }
  if (orphans.length > 0) publish({ type: "changed", topics: ["incidents"] });
  return orphans.length;
}
