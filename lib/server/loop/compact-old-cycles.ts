import type { Prisma, PrismaClient } from "@/lib/server/generated/prisma/client";
import { compactCycles } from "@/lib/knowledge/compact-cycles";
import type { CycleRecord } from "@/lib/loop/cycle-record";

const batch = 5_000;

/**
 * Retention: cycles older than `olderThan` are folded into their incident's summary (a
 * digest: peak scores, the last ranking, plans and verifications) and deleted; old cycles of
 * no incident are deleted. An incident with any cycle at or after the cut is left whole until
 * it ages out, so an open incident never loses its timeline.
 */
export async function compactOldCycles(prisma: PrismaClient, olderThan: Date): Promise<{ compacted: number; dropped: number }> {
  let compacted = 0;
  let dropped = 0;
  const dropResult = await prisma.cycle.deleteMany({ where: { tickAt: { lt: olderThan }, incidentId: null } });
  dropped += dropResult.count;
  const incidents = await prisma.incident.findMany({
    where: { cycles: { some: { tickAt: { lt: olderThan } }, none: { tickAt: { gte: olderThan } } } },
    select: { id: true, summary: true },
    take: batch,
  });
  for (const incident of incidents) {
    const cycles = await prisma.cycle.findMany({ where: { incidentId: incident.id }, orderBy: { tickAt: "asc" }, select: { record: true } });
    const { summaries } = compactCycles(cycles.map((c) => c.record as CycleRecord), olderThan.getTime());
    await prisma.$transaction([
      prisma.incident.update({
        where: { id: incident.id },
        data: { summary: { ...(incident.summary as Prisma.JsonObject), digest: summaries[0] ?? null, compactedCycles: cycles.length } },
      }),
      prisma.cycle.deleteMany({ where: { incidentId: incident.id } }),
    ]);
    compacted += cycles.length;
  }
  return { compacted, dropped };
}
