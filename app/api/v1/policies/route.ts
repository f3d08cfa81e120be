import { actorOf } from "@/lib/server/auth/caller";
import { withPermission } from "@/lib/server/http/with-permission";
import { livePolicyVersion, savePolicy, toPolicyVersionDto } from "@/lib/server/policies/policy-versions";
import { savePolicySchema } from "@/lib/validations/policy";

export const dynamic = "force-dynamic";

/** Every saved version, newest first (the first is live). */
export const GET = withPermission("policies.read", { route: "/api/v1/policies" }, async ({ prisma }) => {
  await livePolicyVersion(prisma);
  const rows = await prisma.policyVersion.findMany({ orderBy: { version: "desc" } });
  return rows.map(toPolicyVersionDto);
});

/** Publishes a new version; refused whole with each error's line when invalid, 409 when the
 * author edited an older version than the live one. */
export const POST = withPermission("policies.publish", { route: "/api/v1/policies", body: savePolicySchema, maxBodyBytes: 512 << 10 }, async ({ prisma, body, caller }) =>
  Response.json(toPolicyVersionDto(await savePolicy(prisma, body, actorOf(caller))), { status: 201 }),
);
