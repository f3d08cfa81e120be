import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { decide } from "@/lib/execute/gate";
import { decisionRowFor, gateFromRows, planStatusAfter } from "@/lib/execute/gate-rows";
import type { ApproveBody, GateEvent, VetoBody } from "@/lib/execute/gate-types";
import { appendAudit } from "@/lib/server/audit/append-audit";
import type { UserCaller } from "@/lib/server/auth/caller";
import { env } from "@/lib/server/env";
import { publish } from "@/lib/server/events/event-bus";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from "@/lib/server/errors";
import { toDecisionRow, toGateRow } from "./plan-rows";

export type Decision = ({ type: "approve" } & ApproveBody) | ({ type: "veto" } & VetoBody);

/** Approves or vetoes a plan for a person. The plan row is locked for the whole decision, so
 * of two people deciding at once one wins and the other sees the new state (409). The
 * caller's role is the one read from the database for this request. */
export async function decidePlan(prisma: PrismaClient, planId: string, decision: Decision, caller: UserCaller, now: Date): Promise<{ status: string; effect: string }> {
  const settings = { approvalTtlMs: env().HOMEOSTAT_APPROVAL_TTL_SECONDS * 1000 };
  const result = await prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM plans WHERE id = ${planId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError(`no plan with id ${planId}`);
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, include: { decisions: true } });
    const gate = gateFromRows(toGateRow(plan), plan.decisions.map(toDecisionRow));
    const event: GateEvent =
      decision.type === "approve"
        ? { type: "approve", userId: caller.id, role: caller.role, planHash: decision.planHash, planVersion: decision.planVersion, comment: decision.comment }
        : { type: "veto", userId: caller.id, role: caller.role, reason: decision.reason };
    const result = decide(gate, event, now.getTime(), settings);
    if (result.outcome.kind === "rejected") {
      const { httpStatus, reason } = result.outcome;
      if (httpStatus === 409) throw new ConflictError(reason);
      if (httpStatus === 403) throw new ForbiddenError(reason);
      throw new UnprocessableError([{ path: decision.type === "approve" ? "planHash" : "reason", message: reason }]);
    }
    const effect = result.outcome.effect;
    const row = decisionRowFor(result.state, effect);
    if (row) await tx.decision.create({ data: { ...row, planId, at: new Date(row.at) } });
    const status = planStatusAfter(effect);
    if (status) await tx.plan.update({ where: { id: planId }, data: { status } });
    await appendAudit(
      tx,
      { actor: `user:${caller.name}`, action: `plan.${effect}`, target: `plan:${plan.number}`, data: { hash: plan.contentHash, comment: row?.comment ?? null } },
      now,
    );
    return { status: status ?? plan.status, effect };
  });
  publish({ type: "changed", topics: ["plans"] });
  return result;
}
