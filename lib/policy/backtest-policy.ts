import { nextRemediationStep } from "@/lib/plan/next-remediation-step";
import type { ActionRecord, Diagnosis, KnowledgeStats } from "@/lib/plan/types";
import { evaluatePolicy, ruleMatches } from "./evaluate-policy";
import type { BacktestReport, DraftVerdict, HumanDecision, RecordedVerdict } from "./backtest-report";
import type { Policy } from "./policy-schema";
import type { RecordedCycle, RecordedPlan } from "./recorded-cycle";

export type BacktestOptions = {
  /** Most disagreements, changed plans and first-choice examples listed (all are counted). */
  maxDisagreements?: number;
  /** Human approval delay assumed when the record has no human-approved execution to measure. */
  assumedApprovalSeconds?: number;
  /** Knowledge for re-planning each incident's first step under the draft. */
  stats?: KnowledgeStats;
};

const mean = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The gate's verdict on record: only an auto-approval ran without people. */
const recordedVerdict = (p: RecordedPlan): RecordedVerdict => (p.decision?.kind === "auto-approved" ? "auto" : "approval");

const humanDecision = (p: RecordedPlan): HumanDecision | null =>
  p.decision?.kind === "approved" ? "approved" : p.decision?.kind === "vetoed" ? "vetoed" : null;

/** The longest window any budget or auto-approval limit looks back over, in ms. */
function lookbackMs(policy: Policy): number {
  const minutes = [
    60,
    ...policy.constraints.budgets.map((b) => b.windowMinutes),
    ...policy.rules.flatMap((r) => (r.autoApprove ? [r.autoApprove.windowMinutes] : [])),
  ];
  return Math.max(...minutes) * 60_000;
}

/**
 * Replays recorded cycles, oldest first, through a draft policy. Each incident is re-planned
 * at its first cycle (what the draft's Planner would have proposed first, against what was
 * recorded first). Each recorded plan is judged
 * with the diagnosis it was proposed for; budgets and auto-approval limits count the actions
 * the draft itself would have let run (auto-executed, or approved by the humans on record), so
 * a stricter or looser draft sees its own history. Pure and linear in the number of plans.
 */
export function backtestPolicy(
  draft: Policy,
  cycles: readonly RecordedCycle[],
  options: BacktestOptions = {},
): BacktestReport {
  const maxDisagreements = options.maxDisagreements ?? 50;
  const ordered = [...cycles].sort((a, b) => a.at - b.at);
  const humanDelays = ordered.flatMap((c) =>
    c.plans.flatMap((p) =>
      p.decision?.kind === "approved" && p.execution ? [(p.execution.startedAt - p.proposedAt) / 1000] : [],
    ),
  );
  const assumedDelay = median(humanDelays) ?? options.assumedApprovalSeconds ?? 600;

  const report: BacktestReport = {
    cycles: ordered.length,
    plans: 0,
    draft: { proposed: 0, autoExecuted: 0, needsApproval: 0, twoApprovers: 0, blocked: 0 },
    recorded: { autoApproved: 0, approved: 0, vetoed: 0, undecided: 0, executed: 0 },
    changes: { total: 0, autoGained: 0, autoLost: 0, plans: [] },
    blockedReasons: [],
    autoExecutedOutcomes: { succeeded: 0, failed: 0, rolledBack: 0, notExecuted: 0 },
    agreement: {
      approvals: { total: 0, agreed: 0 },
      vetoes: { total: 0, agreed: 0, blocked: 0 },
      rate: null,
      disagreements: [],
    },
    firstChoice: { incidents: 0, same: 0, different: 0, onlyDraft: 0, onlyRecorded: 0, examples: [] },
    timeToRemediate: {
      incidents: 0,
      recordedMeanSeconds: null,
      estimatedMeanSeconds: null,
      meanChangeSeconds: null,
      notRemediatedByDraft: 0,
    },
  };
  const reasons = new Map<string, number>();
  const onset = new Map<string, number>();
  const healed = new Map<string, { recorded: number; estimated: number | null }>();
  const choices = new Map<string, { service: string; draft: string | null; recorded: string | null }>();
  const lookback = lookbackMs(draft);
  let history: ActionRecord[] = [];

  for (const cycle of ordered) {
    if (cycle.incidentId !== null && !onset.has(cycle.incidentId)) {
      const first = Math.min(cycle.at, ...cycle.diagnoses.map((d) => d.detectedAt));
      onset.set(cycle.incidentId, first);
      const root = cycle.diagnoses.find((d) => d.rootCause.service === d.service) ?? cycle.diagnoses[0];
      if (root !== undefined) {
        history = history.filter((a) => a.at > cycle.at - lookback);
        const step = nextRemediationStep({ attempts: [], actions: history }, root, draft, cycle.at, {
          stats: options.stats ?? {},
          activeRemediations: [],
        });
        choices.set(cycle.incidentId, {
          service: root.service,
          draft: step.kind === "propose" ? step.plan.strategy : null,
          recorded: null,
        });
      }
    }
    for (const plan of cycle.plans) {
      const choice = cycle.incidentId === null ? undefined : choices.get(cycle.incidentId);
      if (choice !== undefined && choice.recorded === null && plan.proposal.service === choice.service)
        choice.recorded = plan.proposal.strategy;
    }
    if (cycle.plans.length === 0) continue;
    history = history.filter((a) => a.at > cycle.at - lookback);
    for (const plan of cycle.plans) {
      report.plans++;
      const diagnosis: Diagnosis | undefined = cycle.diagnoses.find(
        (d) => d.service === plan.proposal.service,
      );
      const verdict = diagnosis
        ? evaluatePolicy(draft, diagnosis, [plan.proposal], history, plan.proposedAt).verdicts[0]
        : undefined;
      const allowed = verdict?.allowed ?? false;
      const planReasons = verdict?.reasons ?? ["no diagnosis recorded for the plan's service"];
      const judged: DraftVerdict = !allowed ? "blocked" : verdict?.plan.approval.auto ? "auto" : "approval";
      const human = humanDecision(plan);

      if (judged === "blocked") {
        report.draft.blocked++;
        for (const r of planReasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      } else {
        report.draft.proposed++;
        if (judged === "auto") report.draft.autoExecuted++;
        else report.draft.needsApproval++;
        if (verdict?.plan.approval.approvers === 2) report.draft.twoApprovers++;
      }
      countRecorded(report, plan);

      const before = recordedVerdict(plan);
      if (judged !== before) {
        const c = report.changes;
        c.total++;
        if (judged === "auto") c.autoGained++;
        if (before === "auto") c.autoLost++;
        if (c.plans.length < maxDisagreements) {
          const denying = diagnosis && draft.rules.find((r) => r.deny.includes(plan.proposal.strategy) && ruleMatches(r, diagnosis));
          c.plans.push({
            planId: plan.id,
            at: plan.proposedAt,
            service: plan.proposal.service,
            strategy: plan.proposal.strategy,
            before,
            beforeRuleId: plan.proposal.policy?.ruleId ?? null,
            after: judged,
            ruleId: allowed ? (verdict?.plan.policy?.ruleId ?? null) : (denying?.id ?? null),
            reason: allowed ? (verdict?.plan.approval.reason ?? "") : planReasons.join("; "),
          });
        }
      }

      if (judged === "auto") {
        const o = report.autoExecutedOutcomes;
        const outcome = plan.execution?.outcome;
        if (outcome === "succeeded") o.succeeded++;
        else if (outcome === "failed") o.failed++;
        else if (outcome === "rolled-back") o.rolledBack++;
        else o.notExecuted++;
      }

      if (human !== null) {
        const agreed = human === "approved" ? judged !== "blocked" : judged !== "auto";
        const bucket = human === "approved" ? report.agreement.approvals : report.agreement.vetoes;
        bucket.total++;
        if (agreed) bucket.agreed++;
        if (human === "vetoed" && judged === "blocked") report.agreement.vetoes.blocked++;
        if (!agreed && report.agreement.disagreements.length < maxDisagreements)
          report.agreement.disagreements.push({
            planId: plan.id,
            at: plan.proposedAt,
            service: plan.proposal.service,
            strategy: plan.proposal.strategy,
            human,
            draft: judged,
            reasons: planReasons,
          });
      }

      // The draft would have run the plan: auto at once, or when the humans on record approved it.
      const runsAt =
        judged === "auto"
          ? plan.proposedAt
          : judged === "approval" && human === "approved"
            ? (plan.execution?.startedAt ?? plan.decision?.at)
            : undefined;
      if (runsAt !== undefined && verdict)
        for (const a of verdict.plan.actions)
          history.push({
            service: a.target.service,
            strategy: plan.proposal.strategy,
            kind: a.kind,
            at: runsAt,
            replicas: a.target.replicas,
            autoRuleId: judged === "auto" ? verdict.plan.policy?.ruleId : undefined,
          });

      if (
        cycle.incidentId !== null &&
        plan.execution?.outcome === "succeeded" &&
        !healed.has(cycle.incidentId)
      ) {
        const start = onset.get(cycle.incidentId) ?? cycle.at;
        const recordedWait = (plan.execution.startedAt - plan.proposedAt) / 1000;
        const recorded = (plan.execution.finishedAt - start) / 1000;
        const draftWait =
          judged === "auto"
            ? 0
            : judged === "blocked"
              ? null
              : plan.decision?.kind === "auto-approved"
                ? assumedDelay
                : recordedWait;
        healed.set(cycle.incidentId, {
          recorded,
          estimated: draftWait === null ? null : recorded - recordedWait + draftWait,
        });
      }
    }
  }

  const decided = report.agreement.approvals.total + report.agreement.vetoes.total;
  report.agreement.rate =
    decided === 0 ? null : (report.agreement.approvals.agreed + report.agreement.vetoes.agreed) / decided;
  report.blockedReasons = [...reasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  const firstChoices = [...choices].map(([incidentId, c]) => ({ incidentId, ...c }));
  const differing = firstChoices.filter((c) => c.draft !== c.recorded);
  report.firstChoice = {
    incidents: firstChoices.length,
    same: firstChoices.length - differing.length,
    different: differing.filter((c) => c.draft !== null && c.recorded !== null).length,
    onlyDraft: differing.filter((c) => c.recorded === null).length,
    onlyRecorded: differing.filter((c) => c.draft === null).length,
    examples: differing.slice(0, maxDisagreements),
  };
  const incidents = [...healed.values()];
  const still = incidents.filter((i): i is { recorded: number; estimated: number } => i.estimated !== null);
  report.timeToRemediate = {
    incidents: incidents.length,
    recordedMeanSeconds: mean(incidents.map((i) => i.recorded)),
    estimatedMeanSeconds: mean(still.map((i) => i.estimated)),
    meanChangeSeconds: mean(still.map((i) => i.estimated - i.recorded)),
    notRemediatedByDraft: incidents.length - still.length,
  };
  return report;
}

function countRecorded(report: BacktestReport, plan: RecordedPlan) {
  const r = report.recorded;
  if (plan.decision?.kind === "auto-approved") r.autoApproved++;
  else if (plan.decision?.kind === "approved") r.approved++;
  else if (plan.decision?.kind === "vetoed") r.vetoed++;
  else r.undecided++;
  if (plan.execution !== null) r.executed++;
}
