import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { PlanContent } from "@/lib/execute/plan-hash";
import { planContentHash } from "@/lib/execute/plan-hash";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import { buildProposal } from "@/lib/plan/build-candidates";
import { makeDiagnosis } from "@/lib/plan/make-diagnosis";
import { findStrategy } from "@/lib/plan/strategy-catalog";

// Recorded history written straight to the database, as the loop would have stored it: an
// incident, the cycle that proposed its plans (with the diagnosis the backtest replays), the
// plans, their decisions and executions. For tests of incident filters and stored backtests.

export type PlanSpec = {
  status: "proposed" | "approved" | "vetoed" | "expired" | "healed" | "rolled_back" | "failed";
  /** "user:<id>" for a person, "rule:<id>@<version>" for an auto-approval. */
  decider?: string;
  kind?: "approve" | "veto" | "auto_approve";
  /** Why the person decided so (a veto's reason). */
  comment?: string;
};

export type IncidentSpec = {
  service: string;
  openedAt: Date;
  resolvedAt?: Date | null;
  plans?: PlanSpec[];
  /** Loop ids restart with the loop; a distinct prefix keeps seeded ones apart. */
  loopPrefix?: string;
};

export async function recordIncident(prisma: PrismaClient, spec: IncidentSpec): Promise<{ id: string; number: number; planIds: string[] }> {
  const at = spec.openedAt.getTime();
  const loopIncident = `${spec.loopPrefix ?? "INC"}-${spec.service}-${at}`;
  const diagnosis = makeDiagnosis({ service: spec.service, detectedAt: at });
  const base = buildProposal(findStrategy("restart-replica"), diagnosis, {});
  if (!base) throw new Error("no restart plan for a memory leak");
  const resolvedAt = spec.resolvedAt ?? null;
  const incident = await prisma.incident.create({
    data: {
      title: `memory leak on ${spec.service}`,
      status: resolvedAt ? "resolved" : "open",
      rootService: spec.service,
      services: [spec.service],
      failureClass: "memory-leak",
      openedAt: spec.openedAt,
      updatedAt: resolvedAt ?? spec.openedAt,
      resolvedAt,
    },
  });
  const plans = (spec.plans ?? []).map((p, i) => {
    const auto = p.kind === "auto_approve";
    return {
      spec: p,
      loopId: `${loopIncident}-p${i}`,
      proposal: { ...base, policy: { ruleId: auto ? "restart-non-critical" : "human-approved-remediation", policyVersion: 1 }, approval: { auto, approvers: 1 as const, reason: "seeded" } },
    };
  });
  const record: CycleRecord = {
    seq: 0,
    at,
    observed: { samples: 0, services: 0, scores: [], burst: false },
    anomalies: [],
    forecasts: [],
    canaries: [],
    incidents: [],
    analyses: [],
    diagnoses: [{ ...diagnosis, incidentId: loopIncident }],
    plans: plans.map((p) => ({ planId: p.loopId, incidentId: loopIncident, proposal: p.proposal })),
    steps: [],
    verifications: [],
  };
  // Seeded ticks sit off the loop's whole-second slots so they never collide with its own.
  const cycle = await prisma.cycle.create({ data: { tickAt: new Date(at + 7), anomalous: true, record, incidentId: incident.id } });
  const planIds: string[] = [];
  for (const p of plans) {
    const content: PlanContent = {
      version: 1,
      requestedBy: "loop",
      basis: { cycleId: cycle.id.toString(), diagnosisId: p.loopId, observedAt: at, observed: { service: spec.service } },
      proposal: p.proposal,
    };
    const contentHash = planContentHash(content);
    const row = await prisma.plan.create({
      data: {
        contentHash,
        content,
        service: spec.service,
        status: p.spec.status,
        requestedBy: "loop",
        autoRuleId: p.spec.kind === "auto_approve" ? "restart-non-critical" : null,
        policyVersion: 1,
        incidentId: incident.id,
        cycleId: cycle.id,
        createdAt: spec.openedAt,
        expiresAt: new Date(at + 15 * 60_000),
      },
    });
    planIds.push(row.id);
    if (p.spec.kind && p.spec.decider)
      await prisma.decision.create({
        data: { planId: row.id, kind: p.spec.kind, decider: p.spec.decider, planHash: contentHash, planVersion: 1, comment: p.spec.comment ?? null, at: new Date(at + 60_000) },
      });
    const ended = { healed: "succeeded", rolled_back: "rolled_back", failed: "failed" } as const;
    if (p.spec.status in ended)
      await prisma.execution.create({
        data: {
          planId: row.id,
          status: ended[p.spec.status as keyof typeof ended],
          executor: "simulated",
          fencingToken: 1n,
          leaseUntil: new Date(at + 120_000),
          claimedBy: "seed",
          startedAt: new Date(at + 60_000),
          finishedAt: new Date(at + 120_000),
        },
      });
  }
  return { id: incident.id, number: incident.number, planIds };
}
