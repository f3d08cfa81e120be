import { scoreAnomalies } from "@/lib/analyze/anomaly/score-anomalies";
import { forecastResources, updateResourceForecasts } from "@/lib/analyze/forecast";
import { planCycle } from "@/lib/plan/plan-cycle";
import type { RemediationAttempt } from "@/lib/plan/next-remediation-step";
import type { ActiveRemediation } from "@/lib/plan/suppress-symptoms";
import type { Diagnosis, PlanProposal } from "@/lib/plan/types";
import { buildDiagnoses } from "./build-diagnoses";
import { canaryWindowMs, judgeCanaries } from "./judge-canaries";
import type { AnalysisRecord, CycleRecord } from "./cycle-record";
import { cycleRecordSchema } from "./cycle-record";
import type { Effect } from "./effects";
import { findInfraLoss, lostAfterMs, updateUnready } from "./find-infra-loss";
import { flagAnomalies } from "./flag-anomalies";
import { foldOutcomes } from "./fold-outcomes";
import { analyzeIncidentWindow, incidentShifts } from "./incident-analysis";
import { defaultLoopConfig, type LoopConfig } from "./loop-config";
import type { IncidentState, LoopState, TickInputs } from "./loop-state";
import { entryServices } from "./inventory";
import { appendSamples } from "./sample-history";
import { findBottleneck, scalePathPlan } from "./scale-bottleneck";
import { sizeScaleOut } from "./size-scale-out";
import { mergeIncident, olderWithSameCause, summarize, trackIncidents } from "./track-incidents";
import { verifyPlans } from "./verify-plans";
import { activePlan, forgetSettled } from "./forget-settled";
import { adoptPlans } from "./adopt-plans";

export type TickResult = { state: LoopState; cycle: CycleRecord; effects: Effect[] };

/** Metrics that say an incident's services are still unwell. Request rate and saturation are
 * left out: a surge may go on after a scale-out has absorbed it. */
const healthMetrics = new Set(["error_rate", "latency_p50", "latency_p99", "replicas_ready", "memory", "disk_use", "pool_use"]);
/** Resources forecast for exhaustion. Pool use is left out: it follows the load (it climbs
 * with the daily curve every afternoon), and a leaking pool moves the detectors in seconds. */
const forecastMetrics = ["memory", "disk_use"];
/** Services with a deploy signal since `from` (ms). */
const deployedSince = (deploys: Readonly<Record<string, number>>, from: number): Set<string> =>
  new Set(Object.entries(deploys).flatMap(([service, t]) => (t >= from ? [service] : [])));

/**
 * One MAPE-K cycle: Monitor (samples into windows and detectors), Analyze (flags, incidents,
 * root cause and cascade, failure class, canaries, forecasts), Plan (progressive remediation
 * under the policy) and the verification of executed plans. Returns the next state, the
 * cycle's record and the effects for the host; it runs nothing itself.
 *
 * Deterministic: the same state, inputs and `now` (ms) give the same result. For speed the
 * anomaly detectors and sample history inside `state` are updated in place: the caller hands
 * `state` over and keeps only the returned one.
 */
export function tick(state: LoopState, inputs: TickInputs, now: number, config: LoopConfig = defaultLoopConfig): TickResult {
  const s = state;
  const effects: Effect[] = [];
  foldOutcomes(s, inputs.decisions ?? [], inputs.executions ?? [], now);
  adoptPlans(s, inputs.adopted ?? [], config);

  // Monitor
  appendSamples(s.history, inputs.samples, now - config.historyMs);
  s.populations = [...s.populations.filter((p) => p.t >= now - canaryWindowMs), ...(inputs.populationSamples ?? [])];
  const { scores } = scoreAnomalies(s.anomaly, config.anomaly, inputs.samples);
  s.forecasts = updateResourceForecasts(s.forecasts, inputs.samples, config.forecast, forecastMetrics);
  const forecasts = forecastResources(s.forecasts, now, config.forecast);
  s.unreadySince = updateUnready(s.unreadySince, inputs.inventory, now);
  const infra = findInfraLoss(inputs.inventory, s.unreadySince, now);

  // Analyze: flags and incidents
  const alerts = new Map<string, string>();
  for (const signal of inputs.signals ?? []) {
    if (signal.kind === "deploy") s.deploys[signal.service] = signal.t;
    else if (signal.severity !== "info") alerts.set(signal.service, `${signal.kind}: ${signal.summary}`);
  }
  const flags = flagAnomalies({ scores, streaks: s.streaks, flaggedAt: s.flaggedAt, history: s.history, forecasts, infra, alerts, inventory: inputs.inventory, config, now });
  s.burstSince = flags.burst ? (s.burstSince ?? now) : null;
  s.startedAt ??= now;
  // Until a whole baseline lies behind the loop, a flag has nothing to be measured against.
  const learning = now - s.startedAt < config.baselineMs + config.baselineGapMs + config.recentMs;
  const heldBack = learning || (s.burstSince !== null && now - s.burstSince < config.burstGraceMs);
  effects.push(...trackIncidents(s, flags, infra, inputs.inventory, config, now, heldBack));
  const verified = verifyPlans(s, config, now);
  effects.push(...verified.effects);
  for (const r of verified.records) {
    const plan = s.plans[r.planId];
    const incident = s.incidents.find((i) => i.id === r.incidentId);
    if (r.verdict !== "worse" || !plan || plan.executedAt === null || !incident) continue;
    const windows = {
      before: { from: plan.executedAt - config.verification.windowMs, to: plan.executedAt },
      after: { from: Math.max(plan.executedAt + config.verification.settleMs, now - config.verification.windowMs), to: now + 1 },
    };
    const found = findBottleneck(plan, inputs.inventory, s.history, windows, new Set(incident.pathScaled ?? []));
    if (found) incident.bottleneck = found;
  }

  const anomalyScores = new Map(flags.records.map((r) => [r.service, r.score]));
  const analyses: AnalysisRecord[] = [];
  const diagnoses: (Diagnosis & { incidentId: string })[] = [];
  const held: CycleRecord["steps"] = [];
  for (const incident of s.incidents) {
    if (incident.status !== "open") continue;
    const restarting = incident.services.some((name) =>
      inputs.inventory.services.find((x) => x.name === name)?.replicas.some((r) => s.unreadySince[r.id] !== undefined && now - s.unreadySince[r.id]! < lostAfterMs),
    );
    let shifts = null;
    if (!incident.frozen && !restarting) {
      const analysis = analyzeIncidentWindow(incident, s.history, inputs.inventory, infra, deployedSince(s.deploys, incident.baseline.from), config, now);
      // A second look that explains nothing keeps the first conclusion.
      const explainsNothing = analysis !== null && incident.classification !== null && analysis.classification.failureClass === "unknown";
      if (explainsNothing && incident.planIds.length > 0) incident.frozen = true;
      if (analysis && !explainsNothing) {
        analyses.push(analysis.record);
        shifts = analysis.shifts;
        const c = analysis.classification;
        const changes: string[] = [];
        if (incident.failureClass !== c.failureClass) changes.push(`class ${incident.failureClass} → ${c.failureClass}`);
        if (incident.rootCause !== c.service) changes.push(`root cause ${incident.rootCause ?? "none"} → ${c.service}`);
        const same = incident.classification?.failureClass === c.failureClass && incident.classification.service === c.service;
        incident.stableAnalyses = same ? incident.stableAnalyses + 1 : 1;
        // A review that reaches the conclusion already acted on changes nothing.
        if (same && incident.planIds.length > 0) incident.frozen = true;
        incident.classification = c;
        incident.rca = { ranking: analysis.rca.ranking.slice(0, 5).map((r) => ({ service: r.service, score: r.score })), cascade: analysis.rca.cascade };
        incident.failureClass = c.failureClass;
        incident.rootCause = c.service;
        incident.zone = c.zone;
        incident.node = c.node;
        if (!incident.services.includes(c.service)) incident.services.push(c.service);
        if (changes.length > 0) effects.push({ type: "update-incident", incident: summarize(incident), changes });
      }
    }
    const into = olderWithSameCause(s, incident);
    if (into) {
      effects.push(...mergeIncident(s, incident, into, now));
      continue;
    }
    shifts ??= incidentShifts(incident, s.history, inputs.inventory, config, now);

    // Health: resolve after enough healthy cycles with nothing in flight.
    const isolated = new Set(
      incident.planIds.flatMap((id) => {
        const p = s.plans[id];
        return p && p.status === "succeeded" ? p.actions.filter((a) => a.kind === "open-circuit-breaker").map((a) => a.target.service) : [];
      }),
    );
    const lostHere = infra?.services.some((x) => incident.services.includes(x.service)) ?? false;
    const unwell = lostHere || restarting || incident.services.some((name) => !isolated.has(name) && shifts.get(name)?.some((m) => m.shifted && healthMetrics.has(m.metric)));
    const inFlight = incident.planIds.some((id) => activePlan(s.plans[id]!));
    incident.healthyCycles = unwell || inFlight ? 0 : incident.healthyCycles + 1;
    // Its plans healed what they were for, yet the incident stays unwell for a verification
    // window: something else is going on (a new fault in a service that joined), so the next
    // cycle analyses it afresh.
    const lastPlan = s.plans[incident.planIds[incident.planIds.length - 1] ?? ""];
    const healedAt = lastPlan?.status === "succeeded" ? lastPlan.finishedAt : null;
    const since = Math.max(healedAt ?? Infinity, incident.reviewedAt ?? -Infinity);
    if (incident.frozen && unwell && !inFlight && now - since >= config.verification.windowMs) {
      incident.frozen = false;
      incident.reviewedAt = now;
    }
    if (incident.healthyCycles >= config.healthyCyclesToResolve) {
      incident.status = "resolved";
      incident.resolvedAt = now;
      effects.push({ type: "resolve-incident", incident: summarize(incident) });
      continue;
    }
    if (!unwell || incident.classification === null || now - incident.openedAt < config.diagnoseAfterMs || restarting) continue;
    const c = incident.classification;
    // A conclusion that changed since the last cycle may change again: plan on a settled one.
    if (!incident.frozen && incident.stableAnalyses < config.stableAnalyses) continue;
    // More traffic at the entries explains a load surge, an unexplained anomaly, a slow service
    // or a filling pool (Little's law) as well as a fault does: such diagnoses wait until they
    // outlast a burst.
    const loadDriven = (["load-surge", "unknown", "slow-dependency", "pool-exhaustion"] as const).some((x) => x === c.failureClass);
    if (!incident.frozen && loadDriven && (flags.entryUp || entryServices(inputs.inventory).has(c.service)) && now - incident.onset < config.burstGraceMs) {
      held.push({ incidentId: incident.id, service: c.service, kind: "wait", reason: `${c.failureClass} on ${c.service} while traffic is up: planned if it outlasts a burst (${Math.round(config.burstGraceMs / 60_000)} min)` });
      continue;
    }
    const list = buildDiagnoses({
      incident,
      classification: incident.classification,
      rca: incident.rca,
      infra: incident.failureClass === "node-loss" || incident.failureClass === "zone-loss" ? infra : null,
      shifts,
      inventory: inputs.inventory,
      history: s.history,
      anomalyScores,
      now,
    });
    // One plan per service and cycle: a service diagnosed by an older incident is its.
    for (const d of list) if (!diagnoses.some((x) => x.service === d.service)) diagnoses.push({ ...d, incidentId: incident.id });
  }

  // Plan
  const incidentOf = new Map(diagnoses.map((d) => [d.service, s.incidents.find((i) => i.id === d.incidentId)!]));
  const attemptsByService: Record<string, RemediationAttempt[]> = {};
  for (const [service, incident] of incidentOf) attemptsByService[service] = incident.attempts[service] ?? [];
  const activeRemediations: ActiveRemediation[] = Object.values(s.plans)
    .filter(activePlan)
    .map((p) => ({ rootService: p.service, upstream: (s.incidents.find((i) => i.id === p.incidentId)?.services ?? []).filter((x) => x !== p.service) }));
  // A scale-out that moved the bottleneck to a callee is tried again with the callee scaled
  // too, before the root's next strategy: the same diagnosis, one more hop of capacity.
  const pathPlans: { d: (typeof diagnoses)[number]; plan: PlanProposal }[] = [];
  for (const d of diagnoses) {
    const incident = incidentOf.get(d.service)!;
    const b = incident.bottleneck;
    if (!b || d.rootCause.service !== d.service || incident.planIds.some((id) => activePlan(s.plans[id]!))) continue;
    incident.bottleneck = undefined;
    (incident.pathScaled ??= []).push(...b.callees.map((c) => c.service));
    const plan = scalePathPlan(d, b, inputs.inventory, config.scaleOutTargetSaturation, { policy: inputs.policy, stats: inputs.stats, actions: s.actions, now });
    if (plan) pathPlans.push({ d, plan });
  }
  const steps = planCycle({
    diagnoses: diagnoses.filter((d) => !pathPlans.some((p) => p.d === d)),
    attemptsByService,
    actions: s.actions,
    policy: inputs.policy,
    now,
    context: { stats: inputs.stats, activeRemediations },
  });
  const stepRecords: CycleRecord["steps"] = [...held];
  const planRecords: CycleRecord["plans"] = [];
  const rootNeedsHuman = new Set(steps.filter((x) => x.step.kind === "needs-human").map((x) => x.service));
  const propose = (incident: IncidentState, service: string, d: Diagnosis, plan: PlanProposal): void => {
    const planId = `${incident.id}-p${s.nextPlan++}`;
    s.plans[planId] = {
      id: planId,
      incidentId: incident.id,
      service,
      strategy: plan.strategy,
      level: plan.level,
      failureClass: plan.failureClass,
      actions: plan.actions,
      ruleId: plan.policy?.ruleId ?? null,
      proposedAt: now,
      status: "proposed",
      executedAt: null,
      finishedAt: null,
    };
    (incident.attempts[service] ??= []).push({ strategy: plan.strategy, level: plan.level, proposedAt: now, outcome: "pending" });
    incident.planIds.push(planId);
    incident.frozen = true;
    stepRecords.push({ incidentId: incident.id, service, kind: "propose", reason: plan.rationale[0] ?? plan.strategy });
    planRecords.push({ planId, incidentId: incident.id, proposal: plan });
    effects.push({
      type: "propose-plan",
      planId,
      incidentId: incident.id,
      plan,
      approval: { auto: plan.approval.auto, rule: plan.policy?.ruleId ?? null, approvers: plan.approval.approvers },
    });
    if (!plan.approval.auto)
      effects.push({ type: "notify", incidentId: incident.id, planId, severity: d.severity, message: `${plan.strategy} on ${service} waits for ${plan.approval.approvers} approver(s): ${plan.approval.reason}` });
  };
  for (const { d, plan } of pathPlans) propose(incidentOf.get(d.service)!, d.service, d, plan);
  for (const { service, step } of steps) {
    const d = diagnoses.find((x) => x.service === service)!;
    const incident = incidentOf.get(service)!;
    const symptom = d.rootCause.service !== d.service;
    if (step.kind !== "propose") {
      stepRecords.push({ incidentId: incident.id, service, kind: step.kind, reason: step.reason });
      if (step.kind === "needs-human" && !symptom && !incident.notifiedNeedsHuman) {
        incident.notifiedNeedsHuman = true;
        effects.push({ type: "notify", incidentId: incident.id, severity: "critical", message: `${service}: needs a human: ${step.reason}` });
      }
      continue;
    }
    if (symptom && !rootNeedsHuman.has(d.rootCause.service)) {
      stepRecords.push({ incidentId: incident.id, service, kind: "suppressed", reason: `${service} is a symptom of ${d.rootCause.service}; it gets its own plan only if the root cannot be remediated` });
      continue;
    }
    propose(incident, service, d, sizeScaleOut(step.plan, d, config.scaleOutTargetSaturation, { policy: inputs.policy, stats: inputs.stats, actions: s.actions, now }));
  }

  forgetSettled(s, now, config.historyMs);
  s.seq += 1;
  s.lastTickAt = now;
  const cycle: CycleRecord = {
    seq: s.seq,
    at: now,
    observed: { samples: inputs.samples.length, services: inputs.inventory.services.length, scores: flags.tickScores.slice(0, 12), burst: flags.burst },
    anomalies: flags.records,
    forecasts: forecasts
      .filter((f) => f.forecast.warning)
      .slice(0, 8)
      .map((f) => ({ service: f.service, metric: f.metric, level: f.forecast.level, eta: f.forecast.eta, etaEarliest: f.forecast.etaEarliest })),
    canaries: judgeCanaries(s.populations, now),
    incidents: s.incidents.filter((i) => i.status === "open" || i.resolvedAt === now).map(summarize),
    analyses,
    // A frozen incident's diagnoses repeat every cycle: kept when analysed or planned only.
    diagnoses: diagnoses.filter((d) => analyses.some((a) => a.incidentId === d.incidentId) || planRecords.some((p) => p.incidentId === d.incidentId)),
    plans: planRecords,
    steps: stepRecords,
    verifications: verified.records,
  };
  return { state: s, cycle, effects };
}

/** Validates a cycle record (for hosts that want to check before storing). */
export const parseCycleRecord = (raw: unknown): CycleRecord => cycleRecordSchema.parse(raw);
