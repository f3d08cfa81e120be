import type { Decision, Incident, Plan, PrismaClient } from "@/lib/server/generated/prisma/client";
import type { IncidentDecision, IncidentDetail, IncidentDto, IncidentOutcome, IncidentQuery } from "@/lib/validations/incident";
import { NotFoundError } from "@/lib/server/errors";
import { incidentWhere } from "./incident-filters";
import { mergedIntoOf } from "./merged-into";

type Row = Incident & { plans: (Pick<Plan, "id" | "number" | "status" | "content" | "cycleId"> & { decisions: Pick<Decision, "decider">[] })[] };

const planOutcome: Partial<Record<Plan["status"], IncidentOutcome>> = {
  healed: "healed",
  rolled_back: "rolled-back",
  failed: "failed",
  vetoed: "vetoed",
  expired: "expired",
};

/** The same reading of an incident as the outcome filter (incident-filters.ts). */
function outcomesOf(i: Row): IncidentOutcome[] {
  const fromPlans = new Set(i.plans.flatMap((p) => planOutcome[p.status] ?? []));
  const acted = i.plans.some((p) => ["healed", "rolled_back", "failed", "executing", "verifying"].includes(p.status));
  const head: IncidentOutcome[] = i.status === "open" ? ["open"] : acted ? [] : ["no-action"];
  return [...head, ...fromPlans];
}

function decidersOf(i: Row, names: Map<string, string>): string[] {
  const who = (d: string) => (d.startsWith("user:") ? (names.get(d.slice(5)) ?? d) : d.replace(/@.*$/, ""));
  return [...new Set(i.plans.flatMap((p) => p.decisions.map((d) => who(d.decider))))];
}

/** User names for the ids in "user:<id>" deciders. */
async function deciderNames(prisma: PrismaClient, rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => r.plans.flatMap((p) => p.decisions.flatMap((d) => (d.decider.startsWith("user:") ? [d.decider.slice(5)] : [])))))];
  if (ids.length === 0) return new Map();
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

function toDto(i: Row, names: Map<string, string>): IncidentDto {
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    title: i.title,
    rootService: i.rootService,
    services: i.services,
    failureClass: i.failureClass,
    openedAt: i.openedAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    plans: i.plans.map((p) => ({ id: p.id, number: p.number, status: p.status, strategy: String((p.content as { proposal?: { strategy?: string } }).proposal?.strategy ?? "") })),
    outcomes: outcomesOf(i),
    deciders: decidersOf(i, names),
    mergedInto: mergedIntoOf(i.summary),
  };
}

const plansSelect = {
  select: { id: true, number: true, status: true, content: true, cycleId: true, decisions: { select: { decider: true } } },
  orderBy: { createdAt: "asc" as const },
};

/** Incidents, newest first, filtered; at most `limit`, after the incident numbered `before`. */
export async function listIncidents(prisma: PrismaClient, q: IncidentQuery, now: Date): Promise<IncidentDto[]> {
  const rows = await prisma.incident.findMany({
    where: await incidentWhere(prisma, q, now),
    orderBy: [{ openedAt: "desc" }, { number: "desc" }],
    ...(q.before === undefined ? {} : { cursor: { number: q.before }, skip: 1 }),
    take: q.limit,
    include: { plans: plansSelect },
  });
  const names = await deciderNames(prisma, rows);
  return rows.map((r) => toDto(r, names));
}

/** An incident with its cycles, oldest first, and the decisions on its plans: the timeline an incident review replays. */
export async function getIncident(prisma: PrismaClient, id: string): Promise<IncidentDetail> {
  const row = await prisma.incident.findUnique({ where: { id }, include: { plans: plansSelect, cycles: { orderBy: { tickAt: "asc" }, take: 2000 } } });
  if (!row) throw new NotFoundError(`no incident with id ${id}`);
  const names = await deciderNames(prisma, [row]);
  // A cycle is stored against one incident; one that proposed this incident's plans while
  // another incident was open too (or before a merge moved the plans here) is its as well.
  const own = new Set(row.cycles.map((c) => c.id));
  const proposing = [...new Set(row.plans.flatMap((p) => (p.cycleId !== null && !own.has(p.cycleId) ? [p.cycleId] : [])))];
  const cycles = proposing.length === 0 ? row.cycles : [...row.cycles, ...(await prisma.cycle.findMany({ where: { id: { in: proposing } } }))].sort((a, b) => a.tickAt.getTime() - b.tickAt.getTime());
  const decisions = await prisma.decision.findMany({ where: { planId: { in: row.plans.map((p) => p.id) } }, orderBy: { at: "asc" }, include: { plan: { select: { number: true, service: true, content: true } } } });
  return {
    ...toDto(row, names),
    cycles: cycles.map((c) => ({ tickAt: c.tickAt.toISOString(), anomalous: c.anomalous, record: c.record })),
    decisions: decisions.map(
      (d): IncidentDecision => ({
        planId: d.planId,
        planNumber: d.plan.number,
        strategy: String((d.plan.content as { proposal?: { strategy?: string } }).proposal?.strategy ?? ""),
        service: d.plan.service,
        kind: d.kind,
        decider: d.decider.startsWith("user:") ? (names.get(d.decider.slice(5)) ?? d.decider) : d.decider,
        comment: d.comment,
        at: d.at.toISOString(),
      }),
    ),
  };
}
