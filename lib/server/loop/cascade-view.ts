import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import { planContentSchema } from "@/lib/execute/plan-hash";
import { previewBlastRadius, previewWeights } from "@/lib/plan/preview-blast-radius";
import type { CascadePlan, CascadeView } from "@/lib/validations/cascade";
import type { MonitorHost } from "@/lib/server/monitor/monitor-host";

/** Plans that can still change the fleet: waiting for approval, approved, running. */
const currentStatuses = ["proposed", "approved", "executing", "verifying"] as const;

/** The dependency graph with each service's latest anomaly score, the newest root-cause
 * analysis of an open incident (ranking, propagation path, services at risk), and the current
 * plans with the traffic through their blast radius. */
export async function cascadeView(prisma: PrismaClient, monitor: MonitorHost, now: Date): Promise<CascadeView> {
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
  const weights = previewWeights(names, edges, latestRequestRates(monitor, names));
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
    trafficBasis: weights.basis,
    plans: (await currentPlans(prisma, now)).map(({ plan, proposal }) => ({ ...plan, blastRadius: previewBlastRadius(proposal, weights) })),
  };
}

/** Each service's latest request rate, the traffic weight the loop gives the analysis. */
function latestRequestRates(monitor: MonitorHost, names: readonly string[]): Map<string, number> {
  const rates = new Map<string, number>();
  for (const name of names) {
    const last = monitor.store.last(monitor.store.idOf(name, "request_rate"));
    if (last) rates.set(name, last.v);
  }
  return rates;
}

async function currentPlans(prisma: PrismaClient, now: Date) {
  const rows = await prisma.plan.findMany({
    where: { status: { in: [...currentStatuses] } },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { incident: { select: { number: true } } },
  });
  return rows
    .filter((p) => p.status !== "proposed" || p.expiresAt > now)
    .map((p) => {
      const { proposal } = planContentSchema.parse(p.content);
      const plan: Omit<CascadePlan, "blastRadius"> = {
        id: p.id,
        number: p.number,
        status: p.status,
        strategy: proposal.strategy,
        service: p.service,
        incidentId: p.incidentId,
        incidentNumber: p.incident?.number ?? null,
        expiresAt: p.expiresAt.toISOString(),
      };
      return { plan, proposal };
    });
}
