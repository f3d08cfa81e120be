// Next.js calls register() once when the server starts: the Monitor begins ticking then,
// rather than on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { monitorHost } = await import("@/lib/server/monitor/monitor-host");
  monitorHost();
}
