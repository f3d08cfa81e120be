import { actorOf } from "@/lib/server/auth/caller";
import { resumeAutomation } from "@/lib/server/automation/automation-pauses";
import { withPermission } from "@/lib/server/http/with-permission";
import { resumeSchema } from "@/lib/validations/automation";

/** Lifts a pause; 404 when there is none. Audited with who resumed and why. */
export const POST = withPermission("loop.pause", { route: "/api/v1/automation/resume", body: resumeSchema }, ({ prisma, body, caller, now }) =>
  resumeAutomation(prisma, body, actorOf(caller), now),
);
