import { withPermission } from "@/lib/server/http/with-permission";
import { unprocessable, zodIssues } from "@/lib/server/http/problem";
import { auditQuerySchema, type AuditEventDto } from "@/lib/validations/audit";

export const dynamic = "force-dynamic";

/** The audit log, newest first, a page at a time (`?before=<seq>&limit=&action=`). */
export const GET = withPermission("audit.read", { route: "/api/v1/audit" }, async ({ prisma, req }) => {
  const query = auditQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return unprocessable(zodIssues(query.error, "query"));
  const { before, limit, action } = query.data;
  const rows = await prisma.auditEvent.findMany({
    where: { seq: before ? { lt: before } : undefined, action: action ? { startsWith: action } : undefined },
    orderBy: { seq: "desc" },
    take: limit,
  });
  return rows.map((r): AuditEventDto => ({ seq: r.seq.toString(), at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, data: r.data, hash: r.hash }));
});
