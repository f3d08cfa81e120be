import type { Fault } from "@/lib/sim/fleet-types";
import type { Effect } from "./effects";
import type { FleetRun } from "./run-loop-on-fleet";

/** How one virtual-time run went against the fault's ground truth. Times in ms from the onset. */
export type RunScore = {
  detected: boolean;
  ttd: number | null;
  /** The loop's concluded root (service; the node or zone for node and zone losses) at its first plan. */
  rootCorrect: boolean;
  /** Top-1 of the root-cause ranking at the first plan is the fault's service. */
  rankingTop1: boolean;
  classCorrect: boolean;
  /** The first executed plan has an action the ground truth says heals the fault, on its target. */
  planHeals: boolean;
  /** Onset → the verification that preceded the incident's resolution; null when not recovered. */
  ttr: number | null;
  /** The fleet's ground truth marks the fault mitigated (or it ended by itself). */
  mitigated: boolean;
  plans: number;
  /** The first effects after the onset, for reading a run. */
  story: string[];
};

function describeEffect(e: Effect): string {
  switch (e.type) {
    case "propose-plan":
      return `propose ${e.plan.strategy} ${e.plan.actions.map((a) => `${a.kind}(${a.target.service}${a.target.node ? `@${a.target.node}` : ""}${a.target.zone ? `@${a.target.zone}` : ""})`).join(",")} for ${e.plan.failureClass}`;
    case "verify":
      return `verify ${e.planId}: ${e.verdict}`;
    case "notify":
      return `notify ${e.message}`;
    default:
      return `${e.type} ${e.incident.id} root ${e.incident.rootCause} ${e.incident.failureClass}`;
  }
}

function hitsTarget(fault: Fault, action: { kind: string; target: { service: string; node?: string; zone?: string } }): boolean {
  if (!fault.heals.includes(action.kind as Fault["heals"][number])) return false;
  if (fault.kind === "node-loss") return action.target.node === fault.node;
  if (fault.kind === "zone-loss") return action.target.zone === fault.zone;
  return action.target.service === fault.service;
}

export function scoreFleetRun(run: FleetRun): RunScore {
  const fault = run.fault;
  const after = run.cycles.filter((c) => c.at >= run.onset);
  const flagged = after.find((c) => c.anomalies.length > 0);
  // The fault's incident: the one of the first plan proposed after the onset.
  const firstPlan = run.effects.find((e) => e.effect.type === "propose-plan" && e.at >= run.onset);
  const incidentId = firstPlan?.effect.type === "propose-plan" ? firstPlan.effect.incidentId : null;
  const atPlan = firstPlan ? after.find((c) => c.at === firstPlan.at) : undefined;
  const incident = atPlan?.incidents.find((i) => i.id === incidentId);
  const analysis = [...after.filter((c) => firstPlan && c.at <= firstPlan.at)].reverse().flatMap((c) => c.analyses.filter((a) => a.incidentId === incidentId))[0];
  const rootCorrect =
    fault === null || incident === undefined ? false
    : fault.kind === "node-loss" ? incident.node === fault.node
    : fault.kind === "zone-loss" ? incident.zone === fault.zone
    : incident.rootCause === fault.service;
  const firstRun = run.executed.find((x) => firstPlan?.effect.type === "propose-plan" && x.planId === firstPlan.effect.planId);
  const resolved = run.effects.find((e) => e.effect.type === "resolve-incident" && e.effect.incident.id === incidentId);
  const healedBefore = run.effects.filter((e) => e.effect.type === "verify" && e.effect.verdict === "healed" && e.effect.incidentId === incidentId && (!resolved || e.at <= resolved.at));
  return {
    detected: flagged !== undefined,
    ttd: flagged ? flagged.at - run.onset : null,
    rootCorrect,
    rankingTop1: fault !== null && analysis?.ranking[0]?.service === fault.service,
    classCorrect: fault !== null && incident?.failureClass === fault.kind,
    planHeals: fault !== null && firstRun !== undefined && firstRun.actions.some((a) => hitsTarget(fault, a)),
    ttr: resolved && healedBefore.length > 0 ? healedBefore[healedBefore.length - 1]!.at - run.onset : null,
    mitigated: fault !== null && (fault.mitigatedAtMs !== null || fault.endedAtMs !== null),
    plans: run.executed.filter((x) => x.at >= run.onset).length,
    story: run.effects
      .filter((e) => e.at >= run.onset && e.effect.type !== "update-incident")
      .slice(0, 8)
      .map((e) => `${Math.round((e.at - run.onset) / 1000)}s ${describeEffect(e.effect)}`),
  };
}
