import { z } from "zod";
import { ForbiddenError } from "@/lib/server/errors";
import { withPermission } from "@/lib/server/http/with-permission";
import { decidePlan } from "@/lib/server/plans/decide-plan";
import { vetoBodySchema } from "@/lib/validations/plan";

const params = z.object({ id: z.uuid("must be a plan id") });

/** Vetoes the plan; a reason is required and the veto is final. */
export const POST = withPermission("plans.decide", { route: "/api/v1/plans/[id]/veto", params, body: vetoBodySchema }, ({ prisma, params, body, caller, now }) => {
  if (caller.kind !== "user") throw new ForbiddenError("plans are decided by people");
  return decidePlan(prisma, params.id, { type: "veto", ...body }, caller, now);
});
