import { actorOf } from "@/lib/server/auth/caller";
import { withPermission } from "@/lib/server/http/with-permission";
import { createUser } from "@/lib/server/users/create-user";
import { listUsers } from "@/lib/server/users/list-users";
import { createUserSchema } from "@/lib/validations/user";

export const GET = withPermission("users.manage", { route: "/api/v1/users" }, ({ prisma }) => listUsers(prisma));

export const POST = withPermission("users.manage", { route: "/api/v1/users", body: createUserSchema }, async ({ prisma, body, caller }) =>
  Response.json(await createUser(prisma, body, actorOf(caller)), { status: 201 }),
);
