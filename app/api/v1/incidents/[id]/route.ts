import { z } from "zod";
import { withPermission } from "@/lib/server/http/with-permission";
import { getIncident } from "@/lib/server/incidents/list-incidents";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid("must be an incident id") });

export const GET = withPermission("incidents.read", { route: "/api/v1/incidents/[id]", params }, ({ prisma, params }) => getIncident(prisma, params.id));
