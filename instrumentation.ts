// Next.js calls register() once when the server starts. Under `npm start` the custom server
// has already started the Monitor; under `next dev` this starts it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { loadMonitorConfig } = await import("@/lib/server/monitor/sources/load-monitor-config");
  const { initMonitorHost } = await import("@/lib/server/monitor/monitor-host");
  const { initLoopHost } = await import("@/lib/server/loop/loop-host");
  initLoopHost(initMonitorHost(await loadMonitorConfig(process.env.HOMEOSTAT_CONFIG)));
}
