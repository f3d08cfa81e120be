import { withPermission } from "@/lib/server/http/with-permission";
import { createToken, listTokens } from "@/lib/server/tokens/manage-tokens";
import { createTokenSchema } from "@/lib/validations/token";
import { problem } from "@/lib/server/http/problem";

export const GET = withPermission("tokens.manage", { route: "/api/v1/tokens" }, ({ prisma }) => listTokens(prisma));

/** Creates a token; the response is the only time its secret is shown. */
export const POST = withPermission("tokens.manage", { route: "/api/v1/tokens", body: createTokenSchema }, async ({ prisma, body, caller }) => {
  if (caller.kind !== "user") return problem(403, "forbidden", "tokens are created by people, not by other tokens");
  return Response.json(await createToken(prisma, body, caller.name), { status: 201, headers: { "Cache-Control": "no-store" } });
});
