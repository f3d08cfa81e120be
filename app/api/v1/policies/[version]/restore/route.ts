import { z } from "zod";
import { actorOf } from "@/lib/server/auth/caller";
import { withPermission } from "@/lib/server/http/with-permission";
import { restorePolicy, toPolicyVersionDto } from "@/lib/server/policies/policy-versions";
import { restorePolicySchema } from "@/lib/validations/policy";

const params = z.object({ version: z.coerce.number().int().min(1) });

/** Restoring version N saves N's text as the next version. */
export const POST = withPermission("policies.publish", { route: "/api/v1/policies/[version]/restore", params, body: restorePolicySchema }, async ({ prisma, params, body, caller }) =>
  Response.json(toPolicyVersionDto(await restorePolicy(prisma, params.version, body.baseVersion, actorOf(caller), body.comment)), { status: 201 }),
);
