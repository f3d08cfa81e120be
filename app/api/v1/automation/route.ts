import { automationState } from "@/lib/server/automation/automation-pauses";
import { withPermission } from "@/lib/server/http/with-permission";

export const dynamic = "force-dynamic";

/** Whether automation is paused, globally or per service, by whom and why. */
export const GET = withPermission("plans.read", { route: "/api/v1/automation" }, ({ prisma }) => automationState(prisma));
