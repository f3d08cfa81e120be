import { z } from "zod";
import { ForbiddenError } from "@/lib/server/errors";
import { withPermission } from "@/lib/server/http/with-permission";
import { decidePlan } from "@/lib/server/plans/decide-plan";
import { approveBodySchema } from "@/lib/validations/plan";

const params = z.object({ id: z.uuid("must be a plan id") });

/** Approves the plan with the hash and version the approver saw: a plan that changed since
 * (another hash or version), expired or was already decided gets 409; one's own plan 403. */
export const POST = withPermission("plans.decide", { route: "/api/v1/plans/[id]/approve", params, body: approveBodySchema }, ({ prisma, params, body, caller, now }) => {
  if (caller.kind !== "user") throw new ForbiddenError("plans are decided by people");
  return decidePlan(prisma, params.id, { type: "approve", ...body }, caller, now);
});
