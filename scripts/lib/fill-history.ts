import { clearDatabase, openDatabase, setDatabase } from "@/lib/server/db/client";
import { applyMigrations } from "@/lib/server/db/migrations";
import { acquirePgliteLock, readPgliteLock } from "@/lib/server/db/pglite-lock";
import { dbTargetFromEnv, describeTarget, type DbTarget } from "@/lib/server/db/target";
import { env } from "@/lib/server/env";
import { ensureAdmin } from "@/lib/server/users/ensure-admin";
import { simulateHistory, type HistorySummary } from "./simulate-history";

/** Migrates `target` (unless a running server owns it, and so has) and fills it with
 * simulated history, printing progress and a summary on stderr. */
export async function fillHistory(options: { days: number; seed?: number; tickMs?: number; endMs?: number; target?: DbTarget }): Promise<HistorySummary> {
  if (!Number.isFinite(options.days) || options.days <= 0) throw new Error("--days must be a positive number");
  if (options.endMs !== undefined && !Number.isFinite(options.endMs)) throw new Error("--end must be an ISO time, e.g. 2026-11-27T08:00:00Z");
  const target = options.target ?? dbTargetFromEnv();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const served = target.kind === "pglite" && readPgliteLock(target.dataDir)?.socketDir !== undefined;
  if (!served) {
    const release = target.kind === "pglite" ? acquirePgliteLock(target.dataDir) : () => {};
    try {
      await applyMigrations(target);
    } finally {
      release();
    }
  }
  const db = await openDatabase(target);
  setDatabase(db); // the loop's persistence reads the process-wide database
  say(`simulating ${options.days} days of history into ${describeTarget(target)}${db.via === "server-socket" ? " through the running server" : ""}`);
  try {
    // As `npm start` would: the simulated approvers must not stand in for the first admin.
    const admin = await ensureAdmin(db.prisma, env().HOMEOSTAT_ADMIN_PASSWORD);
    if (admin.created && admin.generated) say(`first admin created. User: admin  Password: ${admin.password} (shown once)`);
    const summary = await simulateHistory(db, { days: options.days, seed: options.seed, tickMs: options.tickMs, endMs: options.endMs, progress: say });
    say(
      `wrote ${summary.cycles} cycles, ${summary.incidents} incidents, ${summary.plans} plans, ${summary.decisions} decisions, ${summary.executions} executions, ${summary.auditEvents} audit events (${summary.faults} faults injected) in ${(summary.wallMs / 1000).toFixed(0)} s`,
    );
    return summary;
  } finally {
    clearDatabase();
    await db.close();
  }
}
