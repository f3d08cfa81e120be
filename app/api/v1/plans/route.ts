import { unprocessable, zodIssues } from "@/lib/server/http/problem";
import { withPermission } from "@/lib/server/http/with-permission";
import { getPlan, listPlans } from "@/lib/server/plans/list-plans";
import { proposePlan } from "@/lib/server/plans/propose-plan";
import { ForbiddenError } from "@/lib/server/errors";
import { planListQuerySchema, proposePlanSchema } from "@/lib/validations/plan";

export const dynamic = "force-dynamic";

/** Plans, newest first; `?status=proposed` is the approval queue. */
export const GET = withPermission("plans.read", { route: "/api/v1/plans" }, ({ prisma, req }) => {
  const query = planListQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return Promise.resolve(unprocessable(zodIssues(query.error, "query")));
  return listPlans(prisma, query.data);
});

/** An operator proposes a plan by hand; it waits for someone else's approval (never
 * auto-approved: auto-approval belongs to the loop's policy rules). */
export const POST = withPermission("plans.propose", { route: "/api/v1/plans", body: proposePlanSchema }, async ({ prisma, body, caller, now }) => {
  if (caller.kind !== "user") throw new ForbiddenError("plans are proposed by people or by the loop");
  const proposal = { ...body.proposal, approval: { ...body.proposal.approval, auto: false } };
  const content = { version: 1, requestedBy: caller.id, basis: { cycleId: null, diagnosisId: null, observedAt: now.getTime(), observed: body.observed }, proposal };
  const plan = await proposePlan(prisma, content, { requesterName: caller.name, now });
  return Response.json(await getPlan(prisma, plan.id), { status: 201 });
});
