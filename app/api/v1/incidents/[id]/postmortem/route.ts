import { z } from "zod";
import { withPermission } from "@/lib/server/http/with-permission";
import { incidentPostmortem } from "@/lib/server/incidents/postmortem";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid("must be an incident id") });

/** The incident as a Markdown post-mortem, for a wiki or a ticket. */
export const GET = withPermission("incidents.read", { route: "/api/v1/incidents/[id]/postmortem", params }, async ({ prisma, params }) => {
  const markdown = await incidentPostmortem(prisma, params.id);
  return new Response(markdown, { headers: { "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": `attachment; filename="incident-${params.id}.md"` } });
});
