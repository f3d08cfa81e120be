import { buildCandidates, buildProposal } from "@/lib/plan/build-candidates";
import { makeDiagnosis } from "@/lib/plan/make-diagnosis";
import { findStrategy } from "@/lib/plan/strategy-catalog";
import type { Diagnosis, FailureClass, StrategyId } from "@/lib/plan/types";
import type { RecordedCycle, RecordedPlan } from "./recorded-cycle";

// A synthetic recorded week with a known story, for backtest tests and the benchmark. Every
// hour h an incident opens on services[h % 12] and lasts ten one-minute cycles; its class
// follows h % 3:
//   0 memory-leak on any service: restart-replica, auto-approved, healed 60 s later;
//   1 bad-deploy: rollback, approved by a human after 300 s, healed 180 s after that;
//   2 zone-loss (critical, 80% of traffic): failover-zone, vetoed after 180 s, never run.
// services[0] ("payments") is labelled tier=critical; since 12 is a multiple of 3 its
// incidents are all memory leaks.

export const weekServices = [
  "payments",
  "checkout",
  "cart",
  "search",
  "catalog",
  "users",
  "auth",
  "inventory",
  "shipping",
  "email",
  "recommendations",
  "gateway",
] as const;

/** Monday 2026-11-23 00:00 UTC. */
export const weekStart = Date.parse("2026-11-23T00:00:00Z");
const minute = 60_000;

export type WeekOptions = {
  /** Cycles to generate; 10,080 is a week of one-minute cycles. */
  cycles?: number;
  /** Also record, in every cycle, an informational diagnosis and its candidate plans (never
   * decided) for every service without an incident: a worst case for the benchmark. */
  noisy?: boolean;
};

const story: { failureClass: FailureClass; strategy: StrategyId }[] = [
  { failureClass: "memory-leak", strategy: "restart-replica" },
  { failureClass: "bad-deploy", strategy: "rollback" },
  { failureClass: "zone-loss", strategy: "failover-zone" },
];

function incidentDiagnosis(hour: number): Diagnosis {
  const service = weekServices[hour % 12]!;
  const { failureClass } = story[hour % 3]!;
  const zone = failureClass === "zone-loss";
  return makeDiagnosis({
    service,
    failureClass,
    severity: zone ? "critical" : "warning",
    labels: service === "payments" ? { tier: "critical" } : {},
    blastRadius: { services: [service], trafficShare: zone ? 0.8 : 0.2 },
    zone: zone ? "zone-a" : undefined,
    // The leaks are in long-running versions (nothing to roll back to), so restarting is the fix.
    version: failureClass === "memory-leak" ? { current: "v7" } : { current: "v2", previous: "v1" },
    detectedAt: weekStart + hour * 60 * minute,
  });
}

function incidentPlan(hour: number, d: Diagnosis, at: number): RecordedPlan {
  const kind = hour % 3;
  const proposal = buildProposal(findStrategy(story[kind]!.strategy), d, {});
  if (proposal === null) throw new Error(`no ${story[kind]!.strategy} plan for ${d.failureClass}`);
  const base = { id: `plan-${hour}`, proposal, proposedAt: at };
  if (kind === 0)
    return {
      ...base,
      decision: { kind: "auto-approved", at },
      execution: { startedAt: at, finishedAt: at + 60_000, outcome: "succeeded" },
    };
  if (kind === 1)
    return {
      ...base,
      decision: { kind: "approved", at: at + 300_000 },
      execution: { startedAt: at + 300_000, finishedAt: at + 480_000, outcome: "succeeded" },
    };
  return { ...base, decision: { kind: "vetoed", at: at + 180_000 }, execution: null };
}

export function generateRecordedWeek(options: WeekOptions = {}): RecordedCycle[] {
  const total = options.cycles ?? 10_080;
  const cycles: RecordedCycle[] = [];
  for (let i = 0; i < total; i++) {
    const at = weekStart + i * minute;
    const hour = Math.floor(i / 60);
    const inIncident = i % 60 < 10;
    const diagnoses: Diagnosis[] = inIncident ? [incidentDiagnosis(hour)] : [];
    const plans: RecordedPlan[] = i % 60 === 0 ? [incidentPlan(hour, diagnoses[0]!, at)] : [];
    if (options.noisy)
      for (const service of weekServices) {
        if (diagnoses.some((d) => d.service === service)) continue;
        const d = makeDiagnosis({
          service,
          severity: "info",
          confidence: 0.3,
          failureClass: "unknown",
          detectedAt: at,
        });
        diagnoses.push(d);
        buildCandidates(d, {}).forEach((proposal, j) =>
          plans.push({
            id: `noise-${i}-${service}-${j}`,
            proposal,
            proposedAt: at,
            decision: null,
            execution: null,
          }),
        );
      }
    cycles.push({ at, incidentId: inIncident ? `incident-${hour}` : null, diagnoses, plans });
  }
  return cycles;
}
