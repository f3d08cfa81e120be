import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMonitorConfig } from "@/lib/monitor/config/monitor-config";
import { LeaderLease } from "@/lib/server/loop/leader-lease";
import { LoopHost } from "@/lib/server/loop/loop-host";
import { MonitorHost } from "@/lib/server/monitor/monitor-host";
import { createAppDatabase, type AppDatabase } from "../helpers/app-database";
import { testDatabaseKinds } from "../helpers/test-database";

describe("the loop's tick slots", () => {
  let app: AppDatabase;
  beforeAll(async () => {
    app = await createAppDatabase("pglite");
  });
  afterAll(() => app.dispose());

  it("processes a tick slot once, whoever asks again", async () => {
    const start = Date.UTC(2026, 0, 14, 14);
    const monitor = new MonitorHost(defaultMonitorConfig, start);
    const a = new LoopHost(monitor, { tickMs: 10_000, clock: () => start });
    const b = new LoopHost(monitor, { tickMs: 10_000, clock: () => start });
    monitor.tick(start + 10_000);
    await a.tickOnce(new Date(start + 10_000));
    await b.tickOnce(new Date(start + 14_999)); // the same ten-second slot
    expect(await app.db.prisma.cycle.count()).toBe(1);
    await b.tickOnce(new Date(start + 20_000));
    expect(await app.db.prisma.cycle.count()).toBe(2);
    a.stop();
    b.stop();
  });
});

describe.runIf(testDatabaseKinds().includes("postgres"))("leadership on a PostgreSQL server", () => {
  let app: AppDatabase;
  beforeAll(async () => {
    app = await createAppDatabase("postgres");
  });
  afterAll(() => app.dispose());

  it("lets one instance lead, and another take over when the leader's connection dies", async () => {
    const first = new LeaderLease(app.url!, 4242);
    const second = new LeaderLease(app.url!, 4242);
    expect(await first.holds()).toBe(true);
    expect(await second.holds()).toBe(false);
    expect(await first.holds()).toBe(true);

    // The leader "dies": the server ends its session, as it would for a killed process.
    const admin = new pg.Client({ connectionString: app.url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'homeostat-loop-lease' AND pid <> pg_backend_pid() AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = pg_stat_activity.pid AND l.locktype = 'advisory')");
    await admin.end();

    await expect.poll(() => second.holds(), { timeout: 10_000, interval: 200 }).toBe(true);
    expect(await first.holds()).toBe(false);
    await first.release();
    await second.release();
  });
});
