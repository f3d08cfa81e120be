import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { PlanDto, PlanListQuery } from "@/lib/validations/plan";
import { NotFoundError } from "@/lib/server/errors";
import { toPlanDto } from "./plan-rows";

async function userNames(prisma: PrismaClient, ids: string[]): Promise<Map<string, string>> {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const users = uuids.length ? await prisma.user.findMany({ where: { id: { in: uuids } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((u) => [u.id, u.name]));
}

function userIdsOf(plans: { requestedBy: string; decisions: { decider: string }[] }[]): string[] {
  return [...new Set(plans.flatMap((p) => [p.requestedBy, ...p.decisions.map((d) => d.decider.replace(/^user:/, ""))]))];
}

export async function listPlans(prisma: PrismaClient, query: PlanListQuery): Promise<PlanDto[]> {
  const plans = await prisma.plan.findMany({
    where: {
      ...(query.status ? { status: { in: query.status } } : {}),
      ...(query.updatedSince ? { updatedAt: { gte: new Date(query.updatedSince) } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: query.limit,
    include: { decisions: true, executions: true },
  });
  const names = await userNames(prisma, userIdsOf(plans));
  return plans.map((p) => toPlanDto(p, names));
}

export async function getPlan(prisma: PrismaClient, id: string): Promise<PlanDto> {
  const plan = await prisma.plan.findUnique({ where: { id }, include: { decisions: true, executions: true } });
  if (!plan) throw new NotFoundError(`no plan with id ${id}`);
  return toPlanDto(plan, await userNames(prisma, userIdsOf([plan])));
}
