import { withPermission } from "@/lib/server/http/with-permission";
import { cascadeView } from "@/lib/server/loop/cascade-view";
import { monitorHost } from "@/lib/server/monitor/monitor-host";

export const dynamic = "force-dynamic";

export const GET = withPermission("incidents.read", { route: "/api/v1/cascade" }, ({ prisma, now }) => cascadeView(prisma, monitorHost(), now));
