import { unprocessable, zodIssues } from "@/lib/server/http/problem";
import { withPermission } from "@/lib/server/http/with-permission";
import { listPlans } from "@/lib/server/plans/list-plans";
import { planListQuerySchema } from "@/lib/validations/plan";

export const dynamic = "force-dynamic";

/** Plans, newest first; `?status=proposed` is the approval queue. */
export const GET = withPermission("plans.read", { route: "/api/v1/plans" }, ({ prisma, req }) => {
  const query = planListQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return Promise.resolve(unprocessable(zodIssues(query.error, "query")));
  return listPlans(prisma, query.data);
});
