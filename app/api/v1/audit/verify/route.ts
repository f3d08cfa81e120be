import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { withPermission } from "@/lib/server/http/with-permission";

export const dynamic = "force-dynamic";

/** Walks the hash chain and names the first broken row, if any. */
export const GET = withPermission("audit.read", { route: "/api/v1/audit/verify" }, async ({ prisma }) => {
  const verdict = await verifyAudit(prisma);
  return verdict.ok ? verdict : { ...verdict, brokenAt: verdict.brokenAt.toString() };
});
