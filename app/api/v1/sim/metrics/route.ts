import { withPermission } from "@/lib/server/http/with-permission";
import { requireFleet } from "@/lib/server/monitor/require-fleet";
import { renderPrometheusText } from "@/lib/sim/render-prometheus-text";

export const dynamic = "force-dynamic";

/** The simulated fleet in the Prometheus text format, for a Prometheus server to scrape
 * (with a bearer token of scope "read"). */
export const GET = withPermission("fleet.read", { route: "/api/v1/sim/metrics" }, ({ now }) => {
  const fleet = requireFleet();
  fleet.advanceTo(now.getTime());
  return Promise.resolve(new Response(renderPrometheusText(fleet.current, now.getTime()), { headers: { "Content-Type": "text/plain; version=0.0.4" } }));
});
