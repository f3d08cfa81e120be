import { withPermission } from "@/lib/server/http/with-permission";
import { fleetView } from "@/lib/server/monitor/fleet-view";
import { monitorHost } from "@/lib/server/monitor/monitor-host";

export const dynamic = "force-dynamic";

export const GET = withPermission("fleet.read", { route: "/api/v1/fleet" }, ({ now }) => Promise.resolve(fleetView(monitorHost(), now.getTime())));
