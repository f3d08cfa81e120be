import { unprocessable, zodIssues } from "@/lib/server/http/problem";
import { withPermission } from "@/lib/server/http/with-permission";
import { listIncidents } from "@/lib/server/incidents/list-incidents";
import { incidentQuerySchema } from "@/lib/validations/incident";

export const dynamic = "force-dynamic";

/** Incidents, newest first; filter by `status`, `service`, and `q` (words in the title). */
export const GET = withPermission("incidents.read", { route: "/api/v1/incidents" }, ({ prisma, req }) => {
  const query = incidentQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return Promise.resolve(unprocessable(zodIssues(query.error, "query")));
  return listIncidents(prisma, query.data);
});
