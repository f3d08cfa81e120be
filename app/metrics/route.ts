import { withPermission } from "@/lib/server/http/with-permission";
import { appMetrics } from "@/lib/server/metrics";

export const dynamic = "force-dynamic";

/** The app's own metrics in the Prometheus text format. Scrape with a bearer token of scope
 * "read" (Prometheus: `authorization: { credentials: hst_… }`). */
export const GET = withPermission("fleet.read", { route: "/metrics" }, async () => {
  const { registry } = appMetrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
});
