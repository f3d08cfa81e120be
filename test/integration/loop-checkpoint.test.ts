import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMonitorConfig } from "@/lib/monitor/config/monitor-config";
import { autopilotPolicyYaml } from "@/lib/policy/autopilot-policy";
import { LoopHost } from "@/lib/server/loop/loop-host";
import { MonitorHost } from "@/lib/server/monitor/monitor-host";
import { livePolicyVersion, savePolicy } from "@/lib/server/policies/policy-versions";
import { createAppDatabase, type AppDatabase } from "../helpers/app-database";
import { testDatabaseKinds } from "../helpers/test-database";

// A loop that takes over (after a failover, or the same process after a restart) resumes
// from the last leader's checkpoint. Without it the new leader would open no incident for
// the 16.5 minutes its detectors need to learn a baseline.

describe.each(testDatabaseKinds())("the loop's checkpoint on %s", (kind) => {
  let app: AppDatabase;
  let clock = Date.UTC(2026, 0, 14, 14, 0, 0);
  const monitor = new MonitorHost({ ...defaultMonitorConfig, sources: { ...defaultMonitorConfig.sources, simulated: { enabled: true, seed: 11, speed: 1 } } }, clock);

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    const live = await livePolicyVersion(app.db.prisma);
    await savePolicy(app.db.prisma, { yaml: autopilotPolicyYaml, baseVersion: live.version }, "test");
  }, 120_000);
  afterAll(() => app.dispose());

  async function lead(loop: LoopHost, minutes: number, until?: () => Promise<boolean>): Promise<void> {
    const end = clock + minutes * 60_000;
    while (clock < end) {
      for (let i = 0; i < 2; i++) monitor.tick((clock += 5_000));
      await loop.tickIfLeader(new Date(clock));
      if (until && (await until())) return;
    }
  }

  it("lets a new leader carry on where the last one stopped: it opens the incident within minutes", async () => {
    const first = new LoopHost(monitor, { tickMs: 10_000, clock: () => clock });
    await lead(first, 20);
    first.stop();
    const saved = await app.db.prisma.loopCheckpoint.findUniqueOrThrow({ where: { id: "loop" } });
    expect(clock - saved.tickAt.getTime()).toBeLessThanOrEqual(60_000);

    // An incident some earlier loop opened and nobody tracks any more (its state was lost).
    const orphan = await app.db.prisma.incident.create({ data: { title: "slow dependency on search", services: ["search"], openedAt: new Date(clock - 3_600_000), updatedAt: new Date(clock - 3_600_000) } });

    const second = new LoopHost(monitor, { tickMs: 10_000, clock: () => clock });
    const takeover = clock;
    monitor.fleet!.inject({ kind: "bad-deploy", service: "checkout", errorRate: 0.3 }, clock);
    const diagnosed = () => app.db.prisma.incident.findFirst({ where: { failureClass: "bad-deploy" } });
    await lead(second, 1 / 6);
    const closed = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(closed.status).toBe("resolved");
    expect(closed.summary).toMatchObject({ closedUnverified: expect.stringContaining("no recent checkpoint") as string });
    expect(await app.db.prisma.auditEvent.count({ where: { action: "incident.close-orphaned", target: `incident:${orphan.number}` } })).toBe(1);
    await lead(second, 6, async () => (await diagnosed()) !== null);
    second.stop();

    const incident = await diagnosed();
    expect(incident?.rootService).toBe("checkout");
    expect(incident!.openedAt.getTime() - takeover).toBeLessThan(6 * 60_000);
    // Its first cycle continued the first leader's numbering instead of starting over.
    const cycles = await app.db.prisma.cycle.findMany({ where: { tickAt: { gt: new Date(takeover) } }, orderBy: { tickAt: "asc" }, take: 1 });
    expect((cycles[0]?.record as { seq: number } | undefined)?.seq).toBeGreaterThan(100);
  }, 300_000);
});
