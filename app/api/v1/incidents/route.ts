import { unprocessable, zodIssues } from "@/lib/server/http/problem";
import { withPermission } from "@/lib/server/http/with-permission";
import { listIncidents } from "@/lib/server/incidents/list-incidents";
import { incidentQuerySchema } from "@/lib/validations/incident";

export const dynamic = "force-dynamic";

/** Incidents, newest first; filter by `status`, `service`, `q` (words in the title), period
 * (`range` back from now, or `from`/`to`), `outcome` and `decider`; page with `before`. */
export const GET = withPermission("incidents.read", { route: "/api/v1/incidents" }, async ({ prisma, req, now }) => {
  const query = incidentQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return unprocessable(zodIssues(query.error, "query"));
  return listIncidents(prisma, query.data, now);
});
