import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import { NotFoundError } from "@/lib/server/errors";
import { headlineMetrics } from "@/lib/validations/fleet";
import type { ServiceDetail } from "@/lib/validations/service";
import type { MonitorHost } from "./monitor-host";

const windowMs = 30 * 60_000;

/** One service's last half hour: its headline metrics, its anomaly score per cycle, the
 * latest forecasts and canary verdict, and the remediations run on it. */
export async function serviceDetail(prisma: PrismaClient, monitor: MonitorHost, name: string, nowMs: number): Promise<ServiceDetail> {
  const since = nowMs - windowMs;
  const metrics = Object.fromEntries(headlineMetrics.map((m) => [m, monitor.recent.points(name, m, since)]));
  if (Object.values(metrics).every((p) => p.length === 0) && monitor.store.idOf(name, "request_rate") < 0) {
    throw new NotFoundError(`no service named "${name}" has reported metrics`);
  }
  const cycles = await prisma.cycle.findMany({ where: { tickAt: { gte: new Date(since) } }, orderBy: { tickAt: "asc" }, select: { tickAt: true, record: true } });
  const scores: [number, number][] = cycles.map((c) => {
    const r = c.record as CycleRecord;
    const flagged = r.anomalies.find((a) => a.service === name)?.score;
    return [c.tickAt.getTime(), flagged ?? r.observed.scores.find((s) => s.service === name)?.score ?? 0];
  });
  const last = cycles.length ? (cycles[cycles.length - 1]!.record as CycleRecord) : null;
  const plans = await prisma.plan.findMany({ where: { service: name, executions: { some: { startedAt: { gte: new Date(since) } } } }, include: { executions: true } });
  return {
    name,
    now: nowMs,
    metrics,
    scores,
    forecasts: (last?.forecasts ?? []).filter((f) => f.service === name).map(({ metric, level, eta, etaEarliest }) => ({ metric, level, eta, etaEarliest })),
    canary: last?.canaries.find((c) => c.service === name) ?? null,
    actions: plans.map((p) => ({
      at: p.executions[0]!.startedAt.getTime(),
      plan: p.number,
      strategy: String((p.content as { proposal: { strategy: string } }).proposal.strategy),
      status: p.status,
    })),
  };
}
