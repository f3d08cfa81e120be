import { hostname } from "node:os";
import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { PopulationPoint } from "@/lib/analyze/canary";
import { inventoryFromFleet } from "@/lib/loop/inventory-from-fleet";
import type { Inventory } from "@/lib/loop/inventory";
import { createLoopState, type LoopState, type PlanDecision, type PlanExecution } from "@/lib/loop/loop-state";
import { tick } from "@/lib/loop/tick";
import { toKnowledgeStats, type OutcomeStats } from "@/lib/knowledge/outcome-stats";
import type { Sample } from "@/lib/monitor/types";
import type { ActionRecord } from "@/lib/plan/types";
import { prisma as openPrisma } from "@/lib/server/db/client";
import { log } from "@/lib/server/log";
import type { MonitorHost } from "@/lib/server/monitor/monitor-host";
import { livePolicy } from "@/lib/server/policies/policy-versions";
import { env } from "@/lib/server/env";
import { publish } from "@/lib/server/events/event-bus";
import { applyVerdicts } from "./apply-verdicts";
import { chooseExecutor } from "./choose-executor";
import { compactOldCycles } from "./compact-old-cycles";
import { LeaderLease } from "./leader-lease";
import { expirePlans } from "@/lib/server/plans/expire-plans";
import { closeOrphanedIncidents } from "./close-orphaned-incidents";
import { loadCheckpoint, saveCheckpoint } from "./loop-checkpoint";
import { plansToAdopt } from "./plans-to-adopt";
import { recordCycle, type IdMaps } from "./record-effects";
import { reconcileExpiredClaims, runApprovedPlans } from "./run-approved-plans";

const maxBufferedSamples = 500_000;
const compactEveryMs = 3_600_000;
/** A checkpoint older than this is not resumed from: the fleet has moved on, and a baseline
 * relearned from fresh data is safer than one with a long hole in it. */
const checkpointMaxAgeMs = 10 * 60_000;

/**
 * Runs the MAPE-K loop inside the server: every `tickMs` it hands the samples gathered since
 * the last tick to the pure `tick`, stores the cycle and what it asked for, feeds the gate's
 * decisions and the executions back, and runs approved plans through the executor. The next
 * tick starts only after the last one settled.
 */
export class LoopHost {
  private state: LoopState = createLoopState();
  private samples: Sample[] = [];
  private readonly ids: IdMaps = { incidents: new Map(), plans: new Map() };
  /** Database plan id → the decision already fed back to the loop. */
  private readonly fedBack = new Map<string, string>();
  private executions: PlanExecution[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastCompaction = 0;
  private lastCheckpoint = -Infinity;
  private leading = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly monitor: MonitorHost,
    private readonly options: {
      tickMs: number;
      clock: () => number;
      lease?: LeaderLease;
      /** The state is saved after every tick that changed an incident or a plan, and at least
       * this often otherwise (detectors and history move every tick). */
      checkpointEveryMs?: number;
    } = { tickMs: 10_000, clock: Date.now },
  ) {
    this.unsubscribe = monitor.subscribe((batch) => {
      for (const s of batch) this.samples.push(s);
      if (this.samples.length > maxBufferedSamples) this.samples.splice(0, this.samples.length - maxBufferedSamples);
    });
  }

  /** One cycle at `now`. Cycles are keyed by their tick slot (a unique column), so a slot that
   * another instance already processed (during a leadership handover) is skipped. */
  async tickOnce(now: Date): Promise<void> {
    const prisma = await openPrisma();
    const slot = new Date(Math.floor(now.getTime() / this.options.tickMs) * this.options.tickMs);
    if (await prisma.cycle.findUnique({ where: { tickAt: slot }, select: { id: true } })) return;
    const { policy } = await livePolicy(prisma);
    // Before the decisions are read, so a plan nobody answered reaches the loop as expired.
    await expirePlans(prisma, now);
    const decisions = await this.decisionsSinceLastTick();
    const fleet = this.monitor.fleet;
    const inventory: Inventory = fleet ? inventoryFromFleet(fleet.current, fleet.current.nowMs) : { services: [] };
    const populationSamples: PopulationPoint[] = fleet ? fleet.populationSamples(now.getTime()) : [];
    const samples = this.samples;
    this.samples = [];
    const executions = this.executions;
    this.executions = [];
    const stats = toKnowledgeStats(await outcomeStats(prisma));
    const adopted = await plansToAdopt(prisma, new Set(this.ids.plans.values()));
    const result = tick(this.state, { samples, populationSamples, inventory, decisions, executions, adopted: adopted.map((a) => a.plan), policy, stats }, now.getTime());
    let changed = result.effects.length + decisions.length + executions.length + adopted.length > 0;
    this.state = result.state;
    for (const { dbId, plan } of adopted) if (plan.planId in this.state.plans) this.ids.plans.set(plan.planId, dbId);
    await recordCycle(prisma, result.cycle, result.effects, this.ids, now, slot);
    const verdicts = await applyVerdicts(prisma, result.effects, this.ids, fleet, now);
    this.executions.push(...verdicts.executions);
    this.forgetSettledIds();
    if (result.effects.length > 0) {
      const pausedAutomation = result.effects.some((e) => e.type === "verify" && e.rollback);
      publish({ type: "changed", topics: pausedAutomation ? ["plans", "incidents", "automation"] : ["plans", "incidents"] });
    }
    const clock = this.options.clock;
    const executor = chooseExecutor(fleet, clock);
    if (executor) {
      const ran = [
        ...(await reconcileExpiredClaims(prisma, executor, new Date(clock()), hostname())),
        ...(await runApprovedPlans(prisma, executor, policy, this.actionHistory(), new Date(clock()), hostname())),
      ];
      const loopIds = new Map([...this.ids.plans].map(([loopId, dbId]) => [dbId, loopId]));
      for (const r of ran) {
        const loopId = loopIds.get(r.planId);
        if (loopId) this.executions.push({ planId: loopId, outcome: r.outcome, at: r.at });
      }
      if (ran.length > 0) publish({ type: "changed", topics: ["plans", "faults"] });
      changed ||= ran.length > 0;
    }
    if (changed || now.getTime() - this.lastCheckpoint >= (this.options.checkpointEveryMs ?? 60_000)) {
      await saveCheckpoint(prisma, { state: this.state, ids: this.ids, fedBack: this.fedBack, executions: this.executions }, now, hostname());
      this.lastCheckpoint = now.getTime();
    }
  }

  /** Carries on from the last checkpoint, when there is a recent one: called when this
   * instance starts to lead (at start, or on taking over from a leader that died). */
  private async resume(now: Date): Promise<void> {
    const prisma = await openPrisma();
    const saved = await loadCheckpoint(prisma, now, checkpointMaxAgeMs);
    if (saved) {
      // Streaks count consecutive anomalous ticks; the ticks missed since the checkpoint break them.
      this.state = { ...saved.state, streaks: {} };
      this.executions = saved.executions;
      for (const [target, source] of [[this.ids.incidents, saved.ids.incidents], [this.ids.plans, saved.ids.plans], [this.fedBack, saved.fedBack]] as const) {
        target.clear();
        for (const [k, v] of source) target.set(k, v);
      }
      this.lastCheckpoint = saved.tickAt.getTime();
      log.info("loop resumed from its checkpoint", { tickAt: saved.tickAt.toISOString(), savedBy: saved.savedBy, incidents: this.state.incidents.length });
    }
    // Whatever it carries on with, open incidents beyond that have no loop left to close them.
    const closed = await closeOrphanedIncidents(prisma, new Set(this.ids.incidents.values()), now);
    if (closed > 0) log.info("closed open incidents no loop tracks", { closed });
  }

  /** The loop's recent actions for the executor's budget check, each tied to its plan's
   * database id (the executor knows plans by those). */
  private actionHistory(): ActionRecord[] {
    return this.state.actions.map((a) => (a.planId === undefined ? a : { ...a, planId: this.ids.plans.get(a.planId) ?? a.planId }));
  }

  /** Forgets the database ids of incidents and plans the loop state itself let go of (see
   * `forgetSettled`), so the maps stay as small as the state over months of uptime. */
  private forgetSettledIds(): void {
    const incidents = new Set(this.state.incidents.map((i) => i.id));
    for (const id of this.ids.incidents.keys()) if (!incidents.has(id)) this.ids.incidents.delete(id);
    for (const [loopId, dbId] of this.ids.plans) {
      if (loopId in this.state.plans) continue;
      this.ids.plans.delete(loopId);
      this.fedBack.delete(dbId);
    }
  }

  /** The gate's decisions on the loop's plans that the loop has not heard of yet. */
  private async decisionsSinceLastTick(): Promise<PlanDecision[]> {
    if (this.ids.plans.size === 0) return [];
    const prisma = await openPrisma();
    const rows = await prisma.plan.findMany({
      // "failed" too: a plan approved and refused or failed within one tick is past "approved"
      // before the loop hears of the approval, and the loop folds its failure only into an
      // approved plan.
      where: { id: { in: [...this.ids.plans.values()] }, status: { in: ["approved", "vetoed", "expired", "executing", "verifying", "failed"] } },
      include: { decisions: true },
    });
    const loopIds = new Map([...this.ids.plans].map(([loopId, dbId]) => [dbId, loopId]));
    const out: PlanDecision[] = [];
    for (const row of rows) {
      const kind = row.status === "vetoed" ? "vetoed" : row.status === "expired" ? "expired" : row.decisions.some((d) => d.kind === "auto_approve") ? "auto-approved" : "approved";
      if (this.fedBack.get(row.id) === kind) continue;
      this.fedBack.set(row.id, kind);
      const at = Math.max(...row.decisions.map((d) => d.at.getTime()), row.createdAt.getTime());
      out.push({ planId: loopIds.get(row.id)!, kind, at });
    }
    return out;
  }

  /** Ticks while this instance leads (always, without a lease: one process, embedded database).
   * An instance that does not lead drops the samples it gathered, so taking over later starts
   * from fresh data rather than from a backlog. */
  async tickIfLeader(now: Date): Promise<void> {
    if (this.options.lease && !(await this.options.lease.holds())) {
      this.samples = [];
      this.leading = false;
      return;
    }
    if (!this.leading) {
      await this.resume(now);
      this.leading = true;
    }
    await this.tickOnce(now);
    if (now.getTime() - this.lastCompaction >= compactEveryMs) {
      this.lastCompaction = now.getTime();
      const cut = new Date(now.getTime() - env().HOMEOSTAT_RETENTION_DAYS * 86_400_000);
      const result = await compactOldCycles(await openPrisma(), cut);
      if (result.compacted + result.dropped > 0) log.info("old cycles compacted", result);
    }
  }

  start(): void {
    if (this.timer) return;
    const loop = () => {
      this.tickIfLeader(new Date(this.options.clock()))
        .catch((error: unknown) => log.error("loop tick failed", { error }))
        .finally(() => {
          this.timer = setTimeout(loop, this.options.tickMs);
          this.timer.unref();
        });
    };
    this.timer = setTimeout(loop, this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe();
    void this.options.lease?.release();
  }
}

/** Knowledge's outcome counts as the Planner reads them. */
async function outcomeStats(prisma: PrismaClient): Promise<OutcomeStats> {
  const stats: Record<string, Record<string, { succeeded: number; failed: number; rolledBack: number; vetoed: number }>> = {};
  for (const row of await prisma.knowledgeStat.findMany()) {
    stats[row.strategy] = { ...stats[row.strategy], [row.failureClass]: { succeeded: row.succeeded, failed: row.failed, rolledBack: row.rolledBack, vetoed: row.vetoed } };
  }
  return stats;
}

const key = Symbol.for("homeostat.loop");

/** Starts the process-wide loop once, over the process-wide monitor. On a PostgreSQL server
 * several instances may start it; a lease makes exactly one of them run it at a time. */
export function initLoopHost(monitor: MonitorHost, databaseUrl?: string): LoopHost {
  const holder = globalThis as { [key]?: LoopHost };
  if (!holder[key]) {
    const lease = databaseUrl ? new LeaderLease(databaseUrl) : undefined;
    holder[key] = new LoopHost(monitor, { tickMs: 10_000, clock: Date.now, lease });
    holder[key].start();
  }
  return holder[key];
}
