import { z } from "zod";
import { withPermission } from "@/lib/server/http/with-permission";
import { monitorHost } from "@/lib/server/monitor/monitor-host";
import { serviceDetail } from "@/lib/server/monitor/service-detail";

export const dynamic = "force-dynamic";

const params = z.object({ name: z.string().min(1).max(200) });

export const GET = withPermission("fleet.read", { route: "/api/v1/services/[name]", params }, ({ prisma, params, now }) =>
  serviceDetail(prisma, monitorHost(), params.name, now.getTime()),
);
