import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import type { CascadeView } from "@/lib/validations/cascade";
import type { MonitorHost } from "@/lib/server/monitor/monitor-host";

/** The dependency graph with each service's latest anomaly score, and the newest root-cause
 * analysis of an open incident (ranking, propagation path, services at risk). */
export async function cascadeView(prisma: PrismaClient, monitor: MonitorHost): Promise<CascadeView> {
  const latest = await prisma.cycle.findFirst({ orderBy: { tickAt: "desc" }, select: { record: true, tickAt: true } });
  const withAnalysis = await prisma.cycle.findFirst({
    where: { incident: { status: "open" }, anomalous: true },
    orderBy: { tickAt: "desc" },
    select: { record: true },
  });
  const record = latest?.record as CycleRecord | undefined;
  const scores = new Map((record?.observed.scores ?? []).map((s) => [s.service, s.score]));
  for (const a of record?.anomalies ?? []) scores.set(a.service, Math.max(scores.get(a.service) ?? 0, a.score));
  const topology = monitor.fleet?.current.topology;
  const names = topology ? topology.services.map((s) => s.name) : [...new Set(monitor.store.entries().map((e) => e.key.service))].sort();
  const edges: [string, string][] = topology ? topology.services.flatMap((s) => s.calls.map((c): [string, string] => [s.name, c.service])) : [];
  const analysed = (withAnalysis?.record as CycleRecord | undefined)?.analyses[0];
  return {
    at: latest ? latest.tickAt.getTime() : null,
    services: names.map((name) => ({ name, tier: topology?.services.find((s) => s.name === name)?.tier ?? null, score: record ? (scores.get(name) ?? 0) : null })),
    edges,
    analysis: analysed
      ? {
          incidentId: analysed.incidentId,
          ranking: analysed.ranking.slice(0, 5),
          path: analysed.cascade.path,
          atRisk: analysed.cascade.atRisk,
          blastRadius: analysed.cascade.blastRadius,
          failureClass: analysed.classification.failureClass,
          confidence: analysed.classification.confidence,
        }
      : null,
  };
}
