import { z } from "zod";
import { actorOf } from "@/lib/server/auth/caller";
import { withPermission } from "@/lib/server/http/with-permission";
import { updateUser } from "@/lib/server/users/update-user";
import { updateUserSchema, userNameSchema } from "@/lib/validations/user";

const params = z.object({ name: userNameSchema });

/** Re-role or disable a user; effective on that user's next request. */
export const PATCH = withPermission("users.manage", { route: "/api/v1/users/[name]", params, body: updateUserSchema }, ({ prisma, params, body, caller }) =>
  updateUser(prisma, params.name, body, actorOf(caller)),
);
