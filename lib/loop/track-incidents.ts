import type { Effect } from "./effects";
import type { IncidentSummary } from "./cycle-record";
import type { FlagResult } from "./flag-anomalies";
import type { InfraLoss } from "./find-infra-loss";
import type { Inventory } from "./inventory";
import type { LoopConfig } from "./loop-config";
import type { IncidentState, LoopState } from "./loop-state";

export function summarize(i: IncidentState): IncidentSummary {
  return {
    id: i.id,
    status: i.status,
    openedAt: i.openedAt,
    onset: i.onset,
    resolvedAt: i.resolvedAt,
    services: [...i.services],
    rootCause: i.rootCause,
    failureClass: i.failureClass,
    ...(i.zone !== undefined ? { zone: i.zone } : {}),
    ...(i.node !== undefined ? { node: i.node } : {}),
    planIds: [...i.planIds],
    ...(i.mergedInto !== undefined ? { mergedInto: i.mergedInto } : {}),
  };
}

function neighbours(inventory: Inventory, service: string): Set<string> {
  const out = new Set<string>();
  for (const s of inventory.services) {
    if (s.name === service) for (const c of s.calls) out.add(c.service);
    if (s.calls.some((c) => c.service === service)) out.add(s.name);
  }
  return out;
}

/**
 * Groups this tick's flags into incidents (mutates `state`). A flagged service already in an
 * open incident stays there; one that calls or is called by a service of an open incident (or
 * lost replicas while a node or zone incident is open) joins it; the rest open one new incident
 * together, unless the flags are a fleet-wide traffic burst still within its grace time. The
 * onset is the earliest moment one of the new services' metrics left its band.
 */
export function trackIncidents(state: LoopState, flags: FlagResult, infra: InfraLoss | null, inventory: Inventory, config: LoopConfig, now: number, heldBack: boolean): Effect[] {
  const effects: Effect[] = [];
  const open = state.incidents.filter((i) => i.status === "open");
  const lost = new Set(infra?.services.map((s) => s.service) ?? []);
  const fresh: string[] = [];
  for (const service of [...new Set([...flags.flagged, ...flags.opening])].sort()) {
    if (open.some((i) => i.services.includes(service))) continue;
    const host =
      open.find((i) => (i.failureClass === "node-loss" || i.failureClass === "zone-loss") && lost.has(service)) ??
      open.find((i) => i.services.some((s) => neighbours(inventory, s).has(service)));
    if (host) {
      host.services.push(service);
      host.updatedAt = now;
      effects.push({ type: "update-incident", incident: summarize(host), changes: [`${service} joined`] });
    } else if (flags.opening.has(service)) fresh.push(service);
  }
  if (fresh.length === 0 || heldBack) return effects;
  const onsets = fresh.flatMap((s) => flags.shifts.get(s)?.flatMap((m) => (m.onset === null ? [] : [m.onset])) ?? []);
  const onset = Math.min(now, ...onsets);
  const incident: IncidentState = {
    id: `inc-${now.toString(36)}-${state.nextIncident++}`,
    status: "open",
    openedAt: now,
    onset,
    updatedAt: now,
    resolvedAt: null,
    services: fresh,
    rootCause: null,
    failureClass: "unknown",
    frozen: false,
    reviewedAt: null,
    classification: null,
    stableAnalyses: 0,
    rca: null,
    baseline: { from: onset - config.baselineGapMs - config.baselineMs, to: onset - config.baselineGapMs },
    healthyCycles: 0,
    attempts: {},
    planIds: [],
    notifiedNeedsHuman: false,
  };
  state.incidents.push(incident);
  effects.push({ type: "open-incident", incident: summarize(incident) });
  return effects;
}

/** The open incident, older than `incident`, whose analysis names the same root cause. */
export function olderWithSameCause(state: LoopState, incident: IncidentState): IncidentState | undefined {
  if (incident.status !== "open" || incident.rootCause === null) return undefined;
  const at = state.incidents.indexOf(incident);
  return state.incidents.find((o, i) => i < at && o.status === "open" && o.rootCause === incident.rootCause);
}

/**
 * Folds `younger` into `older` (mutates both): one root cause, one incident. Two incidents
 * open when a cascade reaches a service before the path joining it to the first incident has
 * been flagged (a caller two hops up, its middle hop still below the fence); once both
 * analyses name the same cause, apart they would each plan a remediation of it. The older one
 * takes the services, plans and attempts; the younger is resolved, pointing at it.
 */
export function mergeIncident(state: LoopState, younger: IncidentState, older: IncidentState, now: number): Effect[] {
  for (const s of younger.services) if (!older.services.includes(s)) older.services.push(s);
  for (const id of younger.planIds) {
    const plan = state.plans[id];
    if (plan) plan.incidentId = older.id;
    if (!older.planIds.includes(id)) older.planIds.push(id);
  }
  for (const [service, attempts] of Object.entries(younger.attempts)) {
    older.attempts[service] = [...(older.attempts[service] ?? []), ...attempts].sort((a, b) => a.proposedAt - b.proposedAt);
  }
  older.onset = Math.min(older.onset, younger.onset);
  older.frozen ||= younger.frozen;
  older.healthyCycles = 0;
  older.updatedAt = now;
  younger.planIds = [];
  younger.attempts = {};
  younger.status = "resolved";
  younger.resolvedAt = now;
  younger.updatedAt = now;
  younger.mergedInto = older.id;
  return [
    { type: "update-incident", incident: summarize(older), changes: [`${younger.id} merged in: same root cause ${older.rootCause}`] },
    { type: "resolve-incident", incident: summarize(younger) },
  ];
}
