import type { Prisma, PrismaClient } from "@/lib/server/generated/prisma/client";
import { RuleError } from "@/lib/server/errors";
import { incidentRanges, type IncidentOutcome, type IncidentQuery } from "@/lib/validations/incident";

// The incident list's filters as one Prisma `where`. Outcomes and deciders are read from the
// plans and decisions the incident holds, so a filter means "this happened in the incident".

const executed = ["healed", "rolled_back", "failed"] as const;

function outcomeWhere(outcome: IncidentOutcome): Prisma.IncidentWhereInput {
  switch (outcome) {
    case "open":
      return { status: "open" };
    case "healed":
      return { plans: { some: { status: "healed" } } };
    case "rolled-back":
      return { plans: { some: { status: "rolled_back" } } };
    case "failed":
      return { plans: { some: { status: "failed" } } };
    case "vetoed":
      return { plans: { some: { status: "vetoed" } } };
    case "expired":
      return { plans: { some: { status: "expired" } } };
    case "no-action":
      return { status: "resolved", plans: { none: { status: { in: [...executed, "executing", "verifying"] } } } };
  }
}

/** A decider filter as a `where`; an unknown user name is refused (422), not an empty list. */
async function deciderWhere(prisma: PrismaClient, decider: string): Promise<Prisma.IncidentWhereInput> {
  if (decider === "policy") return { plans: { some: { decisions: { some: { kind: "auto_approve" } } } } };
  if (decider === "human") return { plans: { some: { decisions: { some: { decider: { startsWith: "user:" } } } } } };
  if (decider === "loop") return { plans: { none: { decisions: { some: {} } } } };
  if (decider.startsWith("rule:")) return { plans: { some: { decisions: { some: { decider: { startsWith: `${decider.replace(/@.*$/, "")}@` } } } } } };
  const name = decider.replace(/^user:/, "");
  const user = await prisma.user.findUnique({ where: { name }, select: { id: true } });
  if (!user) throw new RuleError("query.decider", `no user named "${name}"; or use policy, rule:<id>, human or loop`);
  return { plans: { some: { decisions: { some: { decider: `user:${user.id}` } } } } };
}

export async function incidentWhere(prisma: PrismaClient, q: IncidentQuery, now: Date): Promise<Prisma.IncidentWhereInput> {
  const from = q.range ? new Date(now.getTime() - incidentRanges[q.range]) : q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  const and: Prisma.IncidentWhereInput[] = [];
  if (from) and.push({ OR: [{ resolvedAt: null }, { resolvedAt: { gte: from } }] });
  if (to) and.push({ openedAt: { lt: to } });
  if (q.outcome) and.push(outcomeWhere(q.outcome));
  if (q.decider) and.push(await deciderWhere(prisma, q.decider));
  return {
    status: q.status,
    services: q.service ? { has: q.service } : undefined,
    title: q.q ? { contains: q.q, mode: "insensitive" } : undefined,
    AND: and,
  };
}
