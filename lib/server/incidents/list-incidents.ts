import type { Incident, Plan, PrismaClient } from "@/lib/server/generated/prisma/client";
import type { CycleEntry, IncidentDto } from "@/lib/validations/incident";
import { NotFoundError } from "@/lib/server/errors";

type Row = Incident & { plans: Pick<Plan, "id" | "number" | "status" | "content">[] };

function toDto(i: Row): IncidentDto {
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
  };
}

const plansSelect = { select: { id: true, number: true, status: true, content: true }, orderBy: { createdAt: "asc" as const } };

export async function listIncidents(prisma: PrismaClient, q: { status?: "open" | "resolved"; service?: string; q?: string; limit: number }): Promise<IncidentDto[]> {
  const rows = await prisma.incident.findMany({
    where: {
      status: q.status,
      services: q.service ? { has: q.service } : undefined,
      title: q.q ? { contains: q.q, mode: "insensitive" } : undefined,
    },
    orderBy: { openedAt: "desc" },
    take: q.limit,
    include: { plans: plansSelect },
  });
  return rows.map(toDto);
}

/** An incident with its cycles, oldest first: the timeline an incident review replays. */
export async function getIncident(prisma: PrismaClient, id: string): Promise<IncidentDto & { cycles: CycleEntry[] }> {
  const row = await prisma.incident.findUnique({ where: { id }, include: { plans: plansSelect, cycles: { orderBy: { tickAt: "asc" }, take: 2000 } } });
  if (!row) throw new NotFoundError(`no incident with id ${id}`);
  return { ...toDto(row), cycles: row.cycles.map((c) => ({ tickAt: c.tickAt.toISOString(), anomalous: c.anomalous, record: c.record })) };
}
