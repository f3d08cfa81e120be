// Next.js calls register() once when the server starts. Under `npm start` the custom server
// has already started the Monitor (and the link to other replicas); under `next dev` this
// starts them.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { loadMonitorConfig } = await import("@/lib/server/monitor/sources/load-monitor-config");
  const { initMonitorHost } = await import("@/lib/server/monitor/monitor-host");
  const { env } = await import("@/lib/server/env");
  const monitor = initMonitorHost(await loadMonitorConfig(env().HOMEOSTAT_CONFIG));
  const databaseUrl = env().DATABASE_URL;
  if (databaseUrl) {
    const { linkReplicas } = await import("@/lib/server/events/pg-event-relay");
    await linkReplicas(databaseUrl); // once per process: a no-op when the custom server did it
  }
  if (env().HOMEOSTAT_LOOP === "off") return;
  const { initLoopHost } = await import("@/lib/server/loop/loop-host");
  initLoopHost(monitor, env().DATABASE_URL);
}
