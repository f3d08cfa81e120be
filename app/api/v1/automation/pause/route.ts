import { actorOf } from "@/lib/server/auth/caller";
import { pauseAutomation } from "@/lib/server/automation/automation-pauses";
import { withPermission } from "@/lib/server/http/with-permission";
import { pauseSchema } from "@/lib/validations/automation";

/** The kill switch (`service` omitted or "*") or one service's automation; a reason is required. */
export const POST = withPermission("loop.pause", { route: "/api/v1/automation/pause", body: pauseSchema }, ({ prisma, body, caller, now }) =>
  pauseAutomation(prisma, body, actorOf(caller), now),
);
