import { hostname } from "node:os";
import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { PopulationPoint } from "@/lib/analyze/canary";
import { inventoryFromFleet } from "@/lib/loop/inventory-from-fleet";
import type { Inventory } from "@/lib/loop/inventory";
import { createLoopState, type LoopState, type PlanDecision, type PlanExecution } from "@/lib/loop/loop-state";
import { tick } from "@/lib/loop/tick";
import { toKnowledgeStats, type OutcomeStats } from "@/lib/knowledge/outcome-stats";
import type { Sample } from "@/lib/monitor/types";
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
import { recordCycle, type IdMaps } from "./record-effects";
import { reconcileExpiredClaims, runApprovedPlans } from "./run-approved-plans";

const maxBufferedSamples = 500_000;
const compactEveryMs = 3_600_000;

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
  private readonly unsubscribe: () => void;

  constructor(
    private readonly monitor: MonitorHost,
    private readonly options: { tickMs: number; clock: () => number; lease?: LeaderLease } = { tickMs: 10_000, clock: Date.now },
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
    const decisions = await this.decisionsSinceLastTick();
    const fleet = this.monitor.fleet;
    const inventory: Inventory = fleet ? inventoryFromFleet(fleet.current, fleet.current.nowMs) : { services: [] };
    const populationSamples: PopulationPoint[] = fleet ? fleet.populationSamples(now.getTime()) : [];
    const samples = this.samples;
    this.samples = [];
    const executions = this.executions;
    this.executions = [];
    const stats = toKnowledgeStats(await outcomeStats(prisma));
    const result = tick(this.state, { samples, populationSamples, inventory, decisions, executions, policy, stats }, now.getTime());
    this.state = result.state;
    await recordCycle(prisma, result.cycle, result.effects, this.ids, now, slot);
    const verdicts = await applyVerdicts(prisma, result.effects, this.ids, fleet, now);
    this.executions.push(...verdicts.executions);
    if (result.effects.length > 0) {
      const pausedAutomation = result.effects.some((e) => e.type === "verify" && e.rollback);
      publish({ type: "changed", topics: pausedAutomation ? ["plans", "incidents", "automation"] : ["plans", "incidents"] });
    }
    const clock = this.options.clock;
    const executor = chooseExecutor(fleet, clock);
    if (executor) {
      const ran = [
        ...(await reconcileExpiredClaims(prisma, executor, new Date(clock()), hostname())),
        ...(await runApprovedPlans(prisma, executor, policy, this.state.actions, new Date(clock()), hostname())),
      ];
      const loopIds = new Map([...this.ids.plans].map(([loopId, dbId]) => [dbId, loopId]));
      for (const r of ran) {
        const loopId = loopIds.get(r.planId);
        if (loopId) this.executions.push({ planId: loopId, outcome: r.outcome, at: r.at });
      }
      if (ran.length > 0) publish({ type: "changed", topics: ["plans", "faults"] });
    }
  }

  /** The gate's decisions on the loop's plans that the loop has not heard of yet. */
  private async decisionsSinceLastTick(): Promise<PlanDecision[]> {
    if (this.ids.plans.size === 0) return [];
    const prisma = await openPrisma();
    const rows = await prisma.plan.findMany({
      where: { id: { in: [...this.ids.plans.values()] }, status: { in: ["approved", "vetoed", "expired", "executing", "verifying"] } },
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
  private async tickIfLeader(now: Date): Promise<void> {
    if (this.options.lease && !(await this.options.lease.holds())) {
      this.samples = [];
      return;
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
