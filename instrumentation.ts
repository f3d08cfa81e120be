// Next.js calls register() once when the server starts. Under `npm start` the custom server
// has already started the Monitor; under `next dev` this starts it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { loadMonitorConfig } = await import("@/lib/server/monitor/sources/load-monitor-config");
  const { initMonitorHost } = await import("@/lib/server/monitor/monitor-host");
  const { env } = await import("@/lib/server/env");
  const monitor = initMonitorHost(await loadMonitorConfig(env().HOMEOSTAT_CONFIG));
  if (env().HOMEOSTAT_LOOP === "off") return;
  const { initLoopHost } = await import("@/lib/server/loop/loop-host");
  initLoopHost(monitor, env().DATABASE_URL);
}
