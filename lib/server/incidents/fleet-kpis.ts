import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { Kpis } from "@/lib/validations/kpis";

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** The fleet's headline numbers over the last `hours`: detection and remediation times (from
 * each incident's estimated onset), who decided (the policy's rules or people), vetoes (a
 * proxy for false positives) and actions run. */
export async function fleetKpis(prisma: PrismaClient, hours: number, now: Date): Promise<Kpis> {
  const since = new Date(now.getTime() - hours * 3_600_000);
  const incidents = await prisma.incident.findMany({ where: { openedAt: { gte: since } }, select: { openedAt: true, resolvedAt: true, status: true, summary: true } });
  const onset = (s: unknown) => (typeof (s as { onset?: unknown }).onset === "number" ? (s as { onset: number }).onset : null);
  const detect: number[] = [];
  const repair: number[] = [];
  for (const i of incidents) {
    const t0 = onset(i.summary);
    if (t0 === null) continue;
    detect.push(Math.max(0, i.openedAt.getTime() - t0) / 1000);
    if (i.resolvedAt) repair.push(Math.max(0, i.resolvedAt.getTime() - t0) / 1000);
  }
  const [open, waiting, decisions, actions] = await Promise.all([
    prisma.incident.count({ where: { status: "open" } }),
    prisma.plan.count({ where: { status: "proposed", expiresAt: { gt: now } } }),
    prisma.decision.groupBy({ by: ["kind"], where: { at: { gte: since } }, _count: { _all: true } }),
    prisma.execution.count({ where: { startedAt: { gte: since } } }),
  ]);
  const count = (kind: string) => decisions.find((d) => d.kind === kind)?._count._all ?? 0;
  return {
    hours,
    mttdSeconds: mean(detect),
    mttrSeconds: mean(repair),
    incidents: { opened: incidents.length, open, resolved: incidents.filter((i) => i.status === "resolved").length },
    waitingApproval: waiting,
    decisions: { auto: count("auto_approve"), human: count("approve") + count("veto"), vetoes: count("veto") },
    actions,
  };
}
