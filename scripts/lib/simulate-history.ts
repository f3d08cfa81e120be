import { defaultMonitorConfig } from "@/lib/monitor/config/monitor-config";
import { faultScenario } from "@/lib/loop/fault-scenarios";
import type { Database } from "@/lib/server/db/client";
import { resumeAutomation } from "@/lib/server/automation/automation-pauses";
import { decidePlan } from "@/lib/server/plans/decide-plan";
import { LoopHost } from "@/lib/server/loop/loop-host";
import { MonitorHost } from "@/lib/server/monitor/monitor-host";
import { createUser } from "@/lib/server/users/create-user";
import { createRng } from "@/lib/sim/random";
import { faultKinds } from "@/lib/sim/fleet-types";

// Fills a database with simulated history the way the server would have written it: the real
// Monitor and loop (LoopHost, the same code and persistence the server runs) over the
// simulated fleet in virtual time, 10-second cycles by default; a fault from the catalog
// every couple of hours; and two on-call approvers who answer the plans that wait for a
// person: most are approved after a few minutes, some vetoed with a reason (none is left to
// expire, though the gate would expire it and the loop move on). What the loop cannot fix (a
// vetoed plan, a fault no plan heals) is fixed by hand after 90 minutes, as someone on call
// would.

export type HistoryOptions = {
  days: number;
  /** The history ends here (default: now), so "last 24 h" views have data. */
  endMs?: number;
  seed?: number;
  /** The loop's cadence: the server's 10 s by default; 60 s writes a sixth of the cycles (the
   * cadence of the recorded week used by backtests) and runs about six times faster. */
  tickMs?: number;
  /** Mean time between injected faults. */
  faultEveryMs?: number;
  progress?: (line: string) => void;
};

export type HistorySummary = { cycles: number; incidents: number; plans: number; decisions: number; executions: number; auditEvents: number; faults: number; wallMs: number };

const fleetStepMs = 5_000;
const minute = 60_000;
const nodeReplacedAfterMs = 60 * minute;
const zoneBackAfterMs = 2 * 60 * minute;
const vetoReasons = ["change freeze for the release", "wrong service: the alert comes from upstream", "handled manually in the incident bridge"];

type Approver = { kind: "user"; id: string; name: string; role: "approver" };

async function approvers(db: Database): Promise<Approver[]> {
  const out: Approver[] = [];
  for (const name of ["oncall-ana", "oncall-ben"]) {
    const row = (await db.prisma.user.findUnique({ where: { name } })) ?? (await createUser(db.prisma, { name, password: `simulated-${name}-password`, role: "approver" }, "sim"));
    out.push({ kind: "user", id: row.id, name: row.name, role: "approver" });
  }
  return out;
}

export async function simulateHistory(db: Database, options: HistoryOptions): Promise<HistorySummary> {
  const wallStart = performance.now();
  const tickMs = options.tickMs ?? 10_000;
  const endMs = Math.floor((options.endMs ?? Date.now()) / tickMs) * tickMs;
  const startMs = endMs - options.days * 86_400_000;
  const faultEveryMs = options.faultEveryMs ?? 2 * 3_600_000;
  const rng = createRng(options.seed ?? 1);
  const people = await approvers(db);
  const prisma = db.prisma;

  let clock = startMs;
  const monitor = new MonitorHost({ ...defaultMonitorConfig, sources: { ...defaultMonitorConfig.sources, simulated: { enabled: true, seed: options.seed ?? 1, speed: 1 } } }, startMs);
  const fleet = monitor.fleet!;
  const loop = new LoopHost(monitor, { tickMs, clock: () => clock });
  // Each waiting plan gets its answer (who, what, when) the first time it is seen.
  const answers = new Map<string, { atMs: number; verdict: "approve" | "veto" }>();
  let nextFaultAt = startMs + 30 * minute; // after the detectors' warm-up
  const quietTailMs = Math.min(2 * 3_600_000, (endMs - startMs) / 5);
  let faults = 0;
  const handled = new Set<string>();
  let lastReport = startMs;

  try {
    while (clock < endMs) {
      for (let t = 0; t < tickMs; t += fleetStepMs) {
        clock += fleetStepMs;
        monitor.tick(clock);
      }
      const active = fleet.current.faults.filter((f) => f.mitigatedAtMs === null && f.endedAtMs === null && !handled.has(f.id));
      for (const f of active) {
        if (clock - f.onsetMs < 90 * minute) continue;
        // Fixed by hand: the remediations that heal it, aimed at its target (every service's
        // replicas for a lost node or zone), until one does. Either way it no longer holds
        // the next fault back.
        const target = f.zone !== undefined || f.node !== undefined ? { service: "*", zone: f.zone, node: f.node } : { service: f.service ?? "*" };
        for (const kind of f.heals) {
          if (fleet.remediate({ kind, target, params: {}, idempotencyKey: `manual:${f.id}:${kind}` }, clock).healedFaultIds.includes(f.id)) break;
        }
        handled.add(f.id);
      }
      // No new fault near the end, so the history ends quiet and resolved.
      if (clock >= nextFaultAt && active.every((f) => handled.has(f.id)) && clock < endMs - quietTailMs) {
        const spec = faultScenario(faultKinds[faults % faultKinds.length]!, Math.floor(faults / faultKinds.length)) // every kind, in turn;
        // Remediations move replicas between nodes over a week (a drained node may host none):
        // a node loss takes the node the service's first replica runs on now. Lost nodes are
        // replaced and lost zones come back, else a week of them leaves no place to run.
        fleet.inject(
          spec.kind === "node-loss" ? { ...spec, node: undefined, durationMs: nodeReplacedAfterMs } : spec.kind === "zone-loss" ? { ...spec, durationMs: zoneBackAfterMs } : spec,
          clock,
        );
        faults += 1;
        nextFaultAt = clock + faultEveryMs * (0.5 + rng.next());
      }
      await loop.tickOnce(new Date(clock));
      await answerWaitingPlans(db, people, answers, clock, rng);
      // After a rollback the loop pauses the service's automation; on call resumes it once
      // they have looked (a quarter of an hour later).
      for (const pause of await prisma.automationPause.findMany({ where: { at: { lte: new Date(clock - 15 * minute) }, pausedBy: "loop" } })) {
        await resumeAutomation(prisma, { service: pause.service, reason: "reviewed the rollback" }, `user:${people[0]!.name}`, new Date(clock));
      }
      if (options.progress && clock - lastReport >= 6 * 3_600_000) {
        lastReport = clock;
        const [incidents, plans] = await Promise.all([prisma.incident.count(), prisma.plan.count()]);
        options.progress(`simulated ${((clock - startMs) / 86_400_000).toFixed(0)} of ${options.days} days: ${faults} faults, ${incidents} incidents, ${plans} plans (${((performance.now() - wallStart) / 1000).toFixed(0)} s)`);
      }
    }
  } finally {
    loop.stop();
  }

  const [cycles, incidents, plans, decisions, executions, auditEvents] = await Promise.all([
    prisma.cycle.count(),
    prisma.incident.count(),
    prisma.plan.count(),
    prisma.decision.count(),
    prisma.execution.count(),
    prisma.auditEvent.count(),
  ]);
  return { cycles, incidents, plans, decisions, executions, auditEvents, faults, wallMs: performance.now() - wallStart };
}

async function answerWaitingPlans(
  db: Database,
  people: Approver[],
  answers: Map<string, { atMs: number; verdict: "approve" | "veto" }>,
  clock: number,
  rng: { next(): number },
): Promise<void> {
  const waiting = await db.prisma.plan.findMany({ where: { status: "proposed" }, include: { decisions: true } });
  for (const plan of waiting) {
    let answer = answers.get(plan.id);
    if (!answer) {
      const roll = rng.next();
      answer = { atMs: clock + (1 + rng.next() * 7) * minute, verdict: roll < 0.8 ? "approve" : "veto" };
      answers.set(plan.id, answer);
    }
    if (clock < answer.atMs) continue;
    const now = new Date(clock);
    try {
      if (answer.verdict === "veto") {
        await decidePlan(db.prisma, plan.id, { type: "veto", reason: vetoReasons[plan.number % vetoReasons.length]! }, people[0]!, now);
        continue;
      }
      // Two-person plans get both approvers; each approves what they were shown.
      for (const person of people.slice(0, plan.approversRequired)) {
        if (plan.decisions.some((d) => d.decider === `user:${person.name}`)) continue;
        await decidePlan(db.prisma, plan.id, { type: "approve", planHash: plan.contentHash, planVersion: plan.version, comment: "looks right" }, person, now);
      }
    } catch {
      // The plan expired or changed meanwhile: the gate refused, as it would a person.
    }
    answers.delete(plan.id);
  }
}
