import { fleetKpis } from "@/lib/server/incidents/fleet-kpis";
import { unprocessable, zodIssues } from "@/lib/server/http/problem";
import { withPermission } from "@/lib/server/http/with-permission";
import { kpiQuerySchema } from "@/lib/validations/kpis";

export const dynamic = "force-dynamic";

/** MTTD, MTTR, open incidents, plans waiting, auto vs human decisions, vetoes and actions over
 * the last `?range=` (now-15m … now-7d) or `?hours=` (default 24). */
export const GET = withPermission("incidents.read", { route: "/api/v1/kpis" }, ({ prisma, req, now }) => {
  const query = kpiQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return Promise.resolve(unprocessable(zodIssues(query.error, "query")));
  return fleetKpis(prisma, query.data.hours, now);
});
