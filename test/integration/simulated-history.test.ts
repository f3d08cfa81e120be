import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { simulateHistory, type HistorySummary } from "../../scripts/lib/simulate-history";
import { createAppDatabase, type AppDatabase } from "../helpers/app-database";

// The history bench:pages measures with is written by the real loop and gate: a few hours of
// it here, at one-minute cycles, with a fault every half hour or so.

describe("simulated history", () => {
  let app: AppDatabase;
  let summary: HistorySummary;
  const endMs = Date.UTC(2026, 10, 20, 12);
  beforeAll(async () => {
    app = await createAppDatabase("pglite");
    summary = await simulateHistory(app.db, { days: 0.125, endMs, tickMs: 60_000, faultEveryMs: 30 * 60_000, seed: 3 });
  }, 300_000);
  afterAll(() => app.dispose());

  it("writes a cycle per tick over the period, ending now", async () => {
    expect(summary.cycles).toBe(180);
    const last = await app.db.prisma.cycle.findFirstOrThrow({ orderBy: { tickAt: "desc" } });
    expect(last.tickAt.getTime()).toBe(endMs);
  });

  it("opens incidents on injected faults, proposes plans for them and decides them through the gate", async () => {
    expect(summary.faults).toBeGreaterThan(0);
    expect(summary.incidents).toBeGreaterThan(0);
    const plans = await app.db.prisma.plan.findMany({ include: { decisions: true } });
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.every((p) => p.incidentId !== null && p.cycleId !== null)).toBe(true);
    expect(plans.some((p) => p.decisions.length > 0)).toBe(true);
    expect(await app.db.prisma.cycle.count({ where: { incidentId: { not: null } } })).toBeGreaterThan(0);
  });

  it("leaves an audit log that verifies", async () => {
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);
  });
});
