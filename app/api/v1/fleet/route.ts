import { unprocessable, zodIssues } from "@/lib/server/http/problem";
import { withPermission } from "@/lib/server/http/with-permission";
import { fleetView } from "@/lib/server/monitor/fleet-view";
import { monitorHost } from "@/lib/server/monitor/monitor-host";
import { rangeQuerySchema, sparklineSpanMs } from "@/lib/validations/time-range";

export const dynamic = "force-dynamic";

/** Every service's latest metrics with its headline metrics over `?range=` (now-15m … now-7d,
 * charts reaching at most the Monitor's 24 h), or the live view's 10 minutes without it. */
export const GET = withPermission("fleet.read", { route: "/api/v1/fleet" }, ({ req, now }) => {
  const query = rangeQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return Promise.resolve(unprocessable(zodIssues(query.error, "query")));
  const { range } = query.data;
  return Promise.resolve(fleetView(monitorHost(), now.getTime(), range ? sparklineSpanMs(range) : undefined));
});
