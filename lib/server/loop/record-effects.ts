import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { loopRequester, type PlanContent } from "@/lib/execute/plan-hash";
import type { CycleRecord, IncidentSummary } from "@/lib/loop/cycle-record";
import type { Effect } from "@/lib/loop/effects";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { proposePlan } from "@/lib/server/plans/propose-plan";

/** The loop's own ids (incidents "INC-…", plans "P-…") and the database rows they became. */
export type IdMaps = { incidents: Map<string, string>; plans: Map<string, string> };

function incidentTitle(i: IncidentSummary): string {
  const where = i.rootCause ?? i.zone ?? i.node ?? i.services[0] ?? "fleet";
  return `${i.failureClass.replace(/-/g, " ")} on ${where}`;
}

function incidentData(i: IncidentSummary, now: Date, mergedInto: { id: string; number: number } | null = null) {
  return {
    title: incidentTitle(i),
    rootService: i.rootCause,
    services: i.services,
    failureClass: i.failureClass,
    updatedAt: now,
    summary: { loopId: i.id, onset: i.onset, zone: i.zone ?? null, node: i.node ?? null, planIds: i.planIds, ...(mergedInto !== null ? { mergedInto } : {}) },
  };
}

/** Stores one cycle and what it asked for: incidents opened, updated and resolved, and plans
 * proposed (through the gate: auto-approval only by the rule the policy names). Verification
 * verdicts and execution are the executor's (see run-approved-plans.ts). */
export async function recordCycle(prisma: PrismaClient, cycle: CycleRecord, effects: readonly Effect[], ids: IdMaps, now: Date, slot: Date): Promise<bigint> {
  for (const effect of effects) {
    if (effect.type === "open-incident") {
      const row = await prisma.$transaction(async (tx) => {
        const created = await tx.incident.create({ data: { ...incidentData(effect.incident, now), openedAt: new Date(effect.incident.openedAt) } });
        await appendAudit(tx, { actor: "loop", action: "incident.open", target: `incident:${created.number}`, data: { title: created.title } }, now);
        return created;
      });
      ids.incidents.set(effect.incident.id, row.id);
    } else if (effect.type === "update-incident" || effect.type === "resolve-incident") {
      const id = ids.incidents.get(effect.incident.id);
      if (!id) continue;
      const resolved = effect.type === "resolve-incident";
      const intoId = resolved && effect.incident.mergedInto !== undefined ? ids.incidents.get(effect.incident.mergedInto) : undefined;
      await prisma.$transaction(async (tx) => {
        // Merged: its plans move to the incident it joined, which now owns them.
        const into = intoId ? await tx.incident.findUniqueOrThrow({ where: { id: intoId }, select: { id: true, number: true } }) : null;
        if (intoId) await tx.plan.updateMany({ where: { incidentId: id }, data: { incidentId: intoId } });
        const row = await tx.incident.update({
          where: { id },
          data: { ...incidentData(effect.incident, now, into), ...(resolved ? { status: "resolved", resolvedAt: new Date(effect.incident.resolvedAt ?? now.getTime()) } : {}) },
        });
        if (into) await appendAudit(tx, { actor: "loop", action: "incident.merge", target: `incident:${row.number}`, data: { into: `incident:${into.number}`, rootCause: effect.incident.rootCause } }, now);
        else if (resolved) await appendAudit(tx, { actor: "loop", action: "incident.resolve", target: `incident:${row.number}` }, now);
      });
    }
  }
  const incidentId = cycle.incidents.map((i) => ids.incidents.get(i.id)).find((id) => id !== undefined) ?? null;
  const stored = await prisma.cycle.create({ data: { tickAt: slot, anomalous: cycle.anomalies.length > 0, record: cycle, incidentId } });
  for (const effect of effects) {
    if (effect.type !== "propose-plan") continue;
    const diagnosis = cycle.diagnoses.find((d) => d.incidentId === effect.incidentId && d.service === effect.plan.service);
    const content: PlanContent = {
      version: 1,
      requestedBy: loopRequester,
      basis: {
        cycleId: stored.id.toString(),
        diagnosisId: effect.planId,
        observedAt: now.getTime(),
        observed: { service: effect.plan.service, failureClass: effect.plan.failureClass, ...(diagnosis ? { severity: diagnosis.severity, confidence: diagnosis.confidence } : {}) },
      },
      proposal: { ...effect.plan, approval: { ...effect.plan.approval, auto: effect.approval.auto, approvers: effect.approval.approvers } },
    };
    const plan = await proposePlan(prisma, content, { incidentId: ids.incidents.get(effect.incidentId) ?? null, cycleId: stored.id, now });
    ids.plans.set(effect.planId, plan.id);
  }
  return stored.id;
}
