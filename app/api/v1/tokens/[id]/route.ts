import { z } from "zod";
import { actorOf } from "@/lib/server/auth/caller";
import { withPermission } from "@/lib/server/http/with-permission";
import { revokeToken } from "@/lib/server/tokens/manage-tokens";

const params = z.object({ id: z.uuid("must be a token id") });

/** Revokes the token; requests that present it afterwards get 401. */
export const DELETE = withPermission("tokens.manage", { route: "/api/v1/tokens/[id]", params }, ({ prisma, params, caller }) =>
  revokeToken(prisma, params.id, actorOf(caller)),
);
