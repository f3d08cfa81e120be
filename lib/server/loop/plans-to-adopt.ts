import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { loopRequester, planContentSchema } from "@/lib/execute/plan-hash";
import type { AdoptedPlan } from "@/lib/loop/adopt-plans";

/** The loop's id for a plan a person proposed: the database id, marked so it can never
 * collide with the loop's own "P-…" ids. */
export const adoptedLoopId = (dbId: string) => `manual:${dbId}`;

/**
 * Hand-made plans that were executed and wait for verification, which only the loop can give
 * (it holds the samples). `known` are the database ids the loop already tracks. Plans the
 * loop proposed itself are never adopted: after a restart their history is gone, and they are
 * recovered, if ever, by the loop that made them.
 */
export async function plansToAdopt(prisma: PrismaClient, known: ReadonlySet<string>): Promise<{ dbId: string; plan: AdoptedPlan }[]> {
  const rows = await prisma.plan.findMany({
    where: { status: "verifying", requestedBy: { not: loopRequester } },
    include: { executions: { select: { finishedAt: true } } },
  });
  return rows
    .filter((row) => !known.has(row.id) && row.executions[0]?.finishedAt)
    .map((row) => {
      const { proposal } = planContentSchema.parse(row.content);
      return {
        dbId: row.id,
        plan: { planId: adoptedLoopId(row.id), proposal, proposedAt: row.createdAt.getTime(), executedAt: row.executions[0]!.finishedAt!.getTime() },
      };
    });
}
