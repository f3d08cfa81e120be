import { z } from "zod";
import { failureClassSchema } from "@/lib/plan/types";
import type { CycleRecord } from "@/lib/loop/cycle-record";

// Retention: cycles older than the configured age are folded into one summary per incident;
// cycles that belonged to no incident are dropped (their scores were below any flag worth
// keeping). Incidents with a cycle at or after the cut are left whole until they age out.

export const incidentDigestSchema = z.object({
  incidentId: z.string(),
  openedAt: z.number(),
  onset: z.number(),
  resolvedAt: z.number().nullable(),
  services: z.array(z.string()),
  rootCause: z.string().nullable(),
  failureClass: failureClassSchema,
  zone: z.string().optional(),
  node: z.string().optional(),
  cycles: z.number().int().min(1),
  firstCycleAt: z.number(),
  lastCycleAt: z.number(),
  /** The strongest ensemble score each service reached. */
  peakScores: z.array(z.object({ service: z.string(), score: z.number() })),
  /** The last root-cause ranking computed for the incident. */
  ranking: z.array(z.object({ service: z.string(), score: z.number() })),
  plans: z.array(z.object({ planId: z.string(), service: z.string(), strategy: z.string(), proposedAt: z.number() })),
  verifications: z.array(z.object({ planId: z.string(), verdict: z.string(), at: z.number() })),
});
export type IncidentDigest = z.infer<typeof incidentDigestSchema>;

export type Compaction = { kept: CycleRecord[]; summaries: IncidentDigest[]; dropped: number };

function incidentsOf(c: CycleRecord): Set<string> {
  return new Set([...c.incidents.map((i) => i.id), ...c.diagnoses.map((d) => d.incidentId), ...c.plans.map((p) => p.incidentId)]);
}

/** Splits `cycles` at `olderThan` (ms): newer cycles are kept as they are. */
export function compactCycles(cycles: readonly CycleRecord[], olderThan: number): Compaction {
  const recentIncidents = new Set(cycles.filter((c) => c.at >= olderThan).flatMap((c) => [...incidentsOf(c)]));
  const kept: CycleRecord[] = [];
  const groups = new Map<string, CycleRecord[]>();
  let dropped = 0;
  for (const c of [...cycles].sort((a, b) => a.at - b.at)) {
    const ids = incidentsOf(c);
    if (c.at >= olderThan || [...ids].some((id) => recentIncidents.has(id))) {
      kept.push(c);
      continue;
    }
    if (ids.size === 0) dropped++;
    for (const id of ids) groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  const summaries = [...groups].map(([id, list]) => digest(id, list));
  return { kept, summaries, dropped };
}

function digest(id: string, list: readonly CycleRecord[]): IncidentDigest {
  const states = list.flatMap((c) => c.incidents.filter((i) => i.id === id));
  const last = states[states.length - 1];
  const peaks = new Map<string, number>();
  for (const c of list) for (const a of c.anomalies) peaks.set(a.service, Math.max(peaks.get(a.service) ?? 0, a.score));
  const analyses = list.flatMap((c) => c.analyses.filter((a) => a.incidentId === id));
  return {
    incidentId: id,
    openedAt: last?.openedAt ?? list[0]!.at,
    onset: last?.onset ?? list[0]!.at,
    resolvedAt: states.find((s) => s.resolvedAt !== null)?.resolvedAt ?? null,
    services: last?.services ?? [],
    rootCause: last?.rootCause ?? null,
    failureClass: last?.failureClass ?? "unknown",
    ...(last?.zone !== undefined ? { zone: last.zone } : {}),
    ...(last?.node !== undefined ? { node: last.node } : {}),
    cycles: list.length,
    firstCycleAt: list[0]!.at,
    lastCycleAt: list[list.length - 1]!.at,
    peakScores: [...peaks].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8).map(([service, score]) => ({ service, score })),
    ranking: analyses[analyses.length - 1]?.ranking ?? [],
    plans: list.flatMap((c) => c.plans.filter((p) => p.incidentId === id).map((p) => ({ planId: p.planId, service: p.proposal.service, strategy: p.proposal.strategy, proposedAt: c.at }))),
    verifications: list.flatMap((c) => c.verifications.filter((v) => v.incidentId === id && v.verdict !== "pending").map((v) => ({ planId: v.planId, verdict: v.verdict, at: c.at }))),
  };
}
