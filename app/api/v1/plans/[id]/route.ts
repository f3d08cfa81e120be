import { z } from "zod";
import { withPermission } from "@/lib/server/http/with-permission";
import { getPlan } from "@/lib/server/plans/list-plans";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid("must be a plan id") });

export const GET = withPermission("plans.read", { route: "/api/v1/plans/[id]", params }, ({ prisma, params }) => getPlan(prisma, params.id));
